// Owns recovering figures of neighbouring cells that were run together with no separator
// ("640020470" → 64,0,0,2,0,4,70). A split is accepted only when exactly one split satisfies
// the table's own totals; otherwise the caller flags the row as uncertain.

export interface SumGroup { total: number; parts: number[] }

/**
 * Splits digit strings (existing separators are kept) into exactly `n` numbers so that every
 * group's total equals the sum of its parts. Returns up to `cap` solutions.
 */
export function splitRunTogether(chunks: string[], n: number, groups: SumGroup[], cap = 4): number[][] {
  if (!chunks.length || chunks.some((c) => !/^\d+$/.test(c))) return [];
  const totalDigits = chunks.reduce((s, c) => s + c.length, 0);
  if (totalDigits < n || chunks.length > n) return [];
  const solutions: number[][] = [];
  const vals: number[] = [];
  const checkable = groups.map((g) => Math.max(g.total, ...g.parts));
  const ok = (): boolean => {
    const i = vals.length - 1;
    for (let k = 0; k < groups.length; k++) {
      if (checkable[k] !== i) continue;
      const g = groups[k];
      let sum = 0;
      for (const p of g.parts) sum += vals[p];
      if (sum !== vals[g.total]) return false;
    }
    return true;
  };
  let steps = 0;
  const rec = (ci: number, pos: number): void => {
    if (solutions.length >= cap || ++steps > 2_000_000) return;
    if (ci === chunks.length) { if (vals.length === n) solutions.push(vals.slice()); return; }
    const chunk = chunks[ci];
    if (pos === chunk.length) { rec(ci + 1, 0); return; }
    // parts still needed must fit in the digits left
    let digitsLeft = chunk.length - pos;
    for (let k = ci + 1; k < chunks.length; k++) digitsLeft += chunks[k].length;
    const maxLen = chunk[pos] === '0' ? 1 : chunk.length - pos;
    for (let len = 1; len <= maxLen; len++) {
      const remainingParts = n - vals.length - 1;
      const remainingDigits = digitsLeft - len;
      if (remainingParts < 0 || remainingDigits < remainingParts) break;
      // every later chunk needs at least one part
      if (pos + len === chunk.length && remainingParts < chunks.length - ci - 1) break;
      vals.push(Number(chunk.slice(pos, pos + len)));
      if (ok()) rec(ci, pos + len);
      vals.pop();
    }
  };
  rec(0, 0);
  return solutions;
}

/** How uneven a split is: the spread of its parts' digit counts (0 when all are equally long). */
export function evenSplit(parts: number[]): number {
  let lo = Infinity, hi = 0;
  for (const p of parts) { const d = String(Math.abs(p)).length; lo = Math.min(lo, d); hi = Math.max(hi, d); }
  return hi - lo;
}
