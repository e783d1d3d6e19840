// Owns "fused" table rows: the digits of neighbouring cells run together with no separator
// (64,0,0,2,0,4,70 → "640020470"), as text copied from PDFs shows. A row is fused only when
// its own total makes the split unique, so the truth stays exactly recoverable.

/** Number of ways to split `digits` into `parts` integers (no leading zeros) whose last equals the sum of the others. */
export function countSplits(digits: string, parts: number, limit = 2): number {
  let found = 0;
  const vals: number[] = [];
  const go = (pos: number) => {
    if (found >= limit) return;
    if (vals.length === parts - 1) {
      const rest = digits.slice(pos);
      if (rest === '' || (rest.length > 1 && rest[0] === '0')) return;
      if (Number(rest) === vals.reduce((a, b) => a + b, 0)) found++;
      return;
    }
    for (let len = 1; pos + len <= digits.length - (parts - 1 - vals.length); len++) {
      const t = digits.slice(pos, pos + len);
      if (t.length > 1 && t[0] === '0') break;
      vals.push(Number(t));
      go(pos + len);
      vals.pop();
    }
  };
  go(0);
  return found;
}

/** True when the printed values (last = total) fused together can be split back in exactly one way. */
export function fusable(values: number[]): boolean {
  return countSplits(values.join(''), values.length) === 1;
}
