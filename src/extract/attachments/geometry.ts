// Owns the page geometry every positional reader shares (PDF text layer, OCR words): text
// boxes and ruling lines in top-down page units, grouping boxes into lines, joining text
// pieces the way the page shows them, and splitting a box into per-character boxes.

export interface TextBox { str: string; x0: number; x1: number; top: number; bottom: number; size: number }
/** A ruling line; horizontal when y0 === y1, vertical when x0 === x1 (top-down coordinates). */
export interface Rule { x0: number; y0: number; x1: number; y1: number }
export interface PageContent { width: number; height: number; boxes: TextBox[]; rules: Rule[] }

export interface Line { boxes: TextBox[]; text: string; x0: number; x1: number; top: number; bottom: number; size: number }

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** Joins two pieces of text: a space only where a gap shows between two Latin/digit runs (Chinese has none). */
export function joinText(a: string, b: string, gap = false): string {
  if (!a) return b;
  if (!b) return a;
  const l = a[a.length - 1], f = b[0];
  if (/\s/.test(l) || /\s/.test(f)) return a + b;
  if (gap && !CJK.test(l) && !CJK.test(f)) return `${a} ${b}`;
  return a + b;
}

/**
 * Text of boxes on one line, left to right: a space where the gap is wider than a third of
 * an em between Latin or digits, and wherever it is wider than 1.5 em (columns stay apart).
 */
export function lineText(boxes: TextBox[]): string {
  const bs = boxes.slice().sort((p, q) => p.x0 - q.x0);
  let s = '', prev: TextBox | null = null;
  for (const b of bs) {
    const gap = prev ? b.x0 - prev.x1 : 0;
    const em = prev ? Math.max(prev.size, b.size) : 1;
    s = prev && gap > 1.5 * em && s && !/\s$/.test(s) ? `${s} ${b.str}` : joinText(s, b.str, gap > em * 0.33);
    prev = b;
  }
  return s.replace(/\s+/g, ' ').trim();
}

/** Groups boxes into lines by vertical overlap (at least half the smaller height). */
export function groupLines(boxes: TextBox[]): Line[] {
  const sorted = boxes.slice().sort((a, b) => (a.top + a.bottom) / 2 - (b.top + b.bottom) / 2 || a.x0 - b.x0);
  const lines: Array<{ boxes: TextBox[]; top: number; bottom: number }> = [];
  for (const b of sorted) {
    const h = b.bottom - b.top;
    let best: (typeof lines)[number] | null = null, bestOv = 0;
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 4; i--) {
      const l = lines[i];
      const ov = Math.min(l.bottom, b.bottom) - Math.max(l.top, b.top);
      const need = 0.5 * Math.min(h, l.bottom - l.top);
      if (ov >= need && ov > bestOv && !l.boxes.some((o) => overlapsX(o, b))) { best = l; bestOv = ov; }
    }
    if (best) { best.boxes.push(b); best.top = Math.min(best.top, b.top); best.bottom = Math.max(best.bottom, b.bottom); }
    else lines.push({ boxes: [b], top: b.top, bottom: b.bottom });
  }
  return lines.map((l) => {
    const bs = l.boxes.sort((a, b) => a.x0 - b.x0);
    return {
      boxes: bs, text: lineText(bs), x0: bs[0].x0, x1: Math.max(...bs.map((b) => b.x1)), top: l.top, bottom: l.bottom,
      size: median(bs.map((b) => b.size)),
    };
  }).sort((a, b) => a.top - b.top || a.x0 - b.x0);
}

function overlapsX(a: TextBox, b: TextBox): boolean {
  const ov = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  return ov > 0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0) && ov > 1;
}

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Relative advance of a character: full-width and CJK 1, others about half an em. */
const advance = (ch: string): number => (CJK.test(ch) ? 1 : /\s/.test(ch) ? 0.3 : 0.55);

/** Splits a box into one box per character, spread over its width by estimated advances. */
export function splitBox(b: TextBox): TextBox[] {
  const chars = [...b.str];
  if (chars.length <= 1) return [b];
  const w = chars.map(advance);
  const total = w.reduce((a, x) => a + x, 0);
  const scale = (b.x1 - b.x0) / total;
  const out: TextBox[] = [];
  let x = b.x0;
  chars.forEach((ch, i) => {
    const x1 = x + w[i] * scale;
    if (!/\s/.test(ch)) out.push({ ...b, str: ch, x0: x, x1 });
    x = x1;
  });
  return out;
}

/** Text of boxes inside one cell: lines top to bottom, pieces left to right. */
export function cellText(boxes: TextBox[]): string {
  if (!boxes.length) return '';
  const lines = groupLines(boxes);
  let s = '';
  for (const l of lines) s = joinText(s, l.text);
  return s.trim();
}
