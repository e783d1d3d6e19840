// Owns recovering a grid from whitespace-aligned columns (a table pasted into <pre> or plain
// text): figures are placed in columns by where they end on the line (display width, CJK
// counts two), so a blank cell stays a blank instead of shifting its neighbours left.
import { parseCell } from './normalize.js';
import { UNIT_CELL } from './labels.js';
import type { SegCell } from './segments.js';

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u201c\u201d]/;

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

interface Tok { text: string; end: number; value: boolean }
const lineOf = new WeakMap<Tok[], string>();
const line = (t: Tok[]): string => lineOf.get(t) ?? t.map((x) => x.text).join('  ');

function lineTokens(line: string): Tok[] {
  const out: Tok[] = [];
  let col = 0;
  for (const m of line.matchAll(/\S+|\s+/g)) {
    const w = width(m[0]);
    col += w;
    if (/\S/.test(m[0])) out.push({ text: m[0], end: col, value: false });
  }
  // trailing figures are values; the rest is the label
  for (let i = out.length - 1; i >= 0; i--) {
    const p = parseCell(out[i].text);
    if (p.kind !== 'number' && p.kind !== 'na' && p.kind !== 'garbled') break;
    out[i].value = true;
  }
  return out;
}

/** Returns grid rows, or null when the lines do not look like aligned columns. */
export function alignedToRows(lines: string[]): SegCell[][] | null {
  const toks = lines.map((l) => { const t = lineTokens(l); lineOf.set(t, l); return t; });
  const ends: number[] = [];
  const steps = new Map<number, number>();
  for (const t of toks) {
    const v = t.filter((x) => x.value);
    v.forEach((x, i) => { ends.push(x.end); if (i) { const d = x.end - v[i - 1].end; steps.set(d, (steps.get(d) ?? 0) + 1); } });
  }
  if (ends.length < 3) return null;
  let step = 0, best = 0;
  for (const [d, n] of steps) if (n > best || (n === best && d < step)) { best = n; step = d; }
  const first = Math.min(...ends);
  // every figure row spans all columns, so a row missing its last cells keeps them as blanks
  const width = step > 0 ? Math.max(...ends.map((e) => Math.round((e - first) / step))) : 0;
  const rows: SegCell[][] = [];
  for (const t of toks) {
    const labels = t.filter((x) => !x.value);
    const vals = t.filter((x) => x.value);
    const row: SegCell[] = [];
    // a unit standing in its own column (条, 件, 万元) is a cell of its own
    const unit = labels.length > 1 && UNIT_CELL.test(labels[labels.length - 1].text) ? labels.pop()!.text : null;
    if (labels.length && !vals.length) {
      // a header line: cells are separated by two or more spaces
      for (const cell of line(t).split(/\s{2,}/)) if (cell.trim()) row.push({ text: cell.trim(), col: row.length, dup: 'none' });
    } else if (labels.length) row.push({ text: labels.map((x) => x.text).join(' '), col: 0, dup: 'none' });
    if (unit) row.push({ text: unit, col: 0, dup: 'none' });
    if (!vals.length) { if (row.length) rows.push(row); continue; }
    if (step <= 0) { vals.forEach((x, i) => row.push({ text: x.text, col: i + 1, dup: 'none' })); rows.push(row); continue; }
    const byCol = new Map<number, string>();
    for (const x of vals) byCol.set(Math.round((x.end - first) / step), x.text);
    const last = Math.max(width, ...byCol.keys());
    for (let c = 0; c <= last; c++) row.push({ text: byCol.get(c) ?? '', col: c + 1, dup: 'none' });
    rows.push(row);
  }
  return rows;
}
