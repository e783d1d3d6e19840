// Owns tables drawn without ruling lines: finds runs of lines split into separate chunks,
// takes column boundaries from clustering the chunks' x extents on the body rows, places
// every chunk by position (not by the order it was drawn in), and folds wrapped label
// lines into the row they belong to.
import { lineText, splitBox, type Line, type TextBox } from './geometry.js';
import type { PlacedTable } from './ruled.js';
import type { Cell } from './blocks.js';

interface Chunk { boxes: TextBox[]; x0: number; x1: number; text: string }

const NUM = /^[-+−]?[\d,，.．]+%?$|^[-—–/／]$/;

/** Splits a line into chunks at gaps wider than one em (and at runs of spaces inside a box). */
export function chunksOf(line: Line): Chunk[] {
  const pieces: TextBox[] = [];
  for (const b of line.boxes) {
    if (/\S\s{2,}\S/.test(b.str.trim())) pieces.push(...splitBox(b).map((p) => p));
    else if (b.str.trim()) pieces.push(b);
  }
  pieces.sort((a, b) => a.x0 - b.x0);
  const out: Chunk[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    const gap = last ? p.x0 - last.x1 : Infinity;
    if (last && gap <= Math.max(p.size, 1) * 1.0) { last.boxes.push(p); last.x1 = Math.max(last.x1, p.x1); }
    else out.push({ boxes: [p], x0: p.x0, x1: p.x1, text: '' });
  }
  for (const c of out) c.text = lineText(c.boxes);
  return out;
}

interface TLine { line: Line; chunks: Chunk[]; table: boolean; nums: number }

/** Finds borderless tables among a page's lines; returns them and the indices of the lines they took. */
export function findAlignedTables(lines: Line[], textWidth: number): { tables: PlacedTable[]; used: Set<number> } {
  const tl: TLine[] = lines.map((line) => {
    const chunks = chunksOf(line);
    const nums = chunks.filter((c) => NUM.test(c.text)).length;
    return { line, chunks, nums, table: chunks.length >= 2 && (nums >= 1 || chunks.length >= 3) };
  });
  const used = new Set<number>();
  const tables: PlacedTable[] = [];
  let i = 0;
  while (i < tl.length) {
    if (!tl[i].table) { i++; continue; }
    let j = i + 1, lastTable = i;
    while (j < tl.length) {
      const prev = tl[j - 1].line, cur = tl[j];
      if (cur.line.top - prev.bottom > 2.0 * Math.max(prev.size, cur.line.size)) break;
      if (cur.table) lastTable = j;
      else if (cur.chunks.length !== 1 || cur.line.x1 - cur.line.x0 > 0.5 * textWidth) break;
      j++;
    }
    const idx = Array.from({ length: lastTable - i + 1 }, (_, k) => i + k);
    const tableLines = idx.filter((k) => tl[k].table);
    if (tableLines.length >= 2) {
      const t = buildTable(idx.map((k) => tl[k]));
      if (t) { tables.push(t); for (const k of idx) used.add(k); }
    }
    i = lastTable + 1;
  }
  return { tables, used };
}

function mergeIntervals(iv: Array<[number, number]>): Array<[number, number]> {
  const s = iv.slice().sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b); else out.push([a, b]);
  }
  return out;
}

function buildTable(tls: TLine[]): PlacedTable | null {
  const tableRows = tls.filter((t) => t.table);
  let body = tableRows.filter((t) => t.nums >= 2);
  if (body.length < 2) body = tableRows;
  let cols = mergeIntervals(body.flatMap((t) => t.chunks.map((c) => [c.x0, c.x1] as [number, number])));
  // columns that hold no figure in the body (all blank) show in the other rows
  const extra = tableRows.flatMap((t) => t.chunks).filter((c) => !cols.some(([a, b]) => c.x1 > a && c.x0 < b));
  if (extra.length) cols = mergeIntervals([...cols, ...extra.map((c) => [c.x0, c.x1] as [number, number])]);
  const nc = cols.length;
  if (nc < 2) return null;
  const span = (c: Chunk): [number, number] => {
    const hit = cols.map(([a, b], k) => (c.x1 > a + 0.5 && c.x0 < b - 0.5 ? k : -1)).filter((k) => k >= 0);
    if (hit.length) return [hit[0], hit[hit.length - 1]];
    const mid = (c.x0 + c.x1) / 2;
    let best = 0, bd = Infinity;
    cols.forEach(([a, b], k) => { const d = Math.abs((a + b) / 2 - mid); if (d < bd) { bd = d; best = k; } });
    return [best, best];
  };
  interface Row { top: number; bottom: number; size: number; parts: Array<{ c0: number; c1: number; top: number; x0: number; text: string }> }
  const rows: Row[] = [];
  const conts: TLine[] = [];
  for (const t of tls) {
    if (!t.table) { conts.push(t); continue; }
    rows.push({ top: t.line.top, bottom: t.line.bottom, size: t.line.size, parts: t.chunks.map((c) => { const [c0, c1] = span(c); return { c0, c1, top: t.line.top, x0: c.x0, text: c.text }; }) });
  }
  // a wrapped line joins the nearest row when it touches it; otherwise it is a row of its own
  for (const t of conts) {
    const c = t.chunks[0];
    const [c0, c1] = span(c);
    let best: Row | null = null, bd = Infinity;
    for (const r of rows) {
      const gap = Math.max(r.top - t.line.bottom, t.line.top - r.bottom, 0);
      const d = Math.abs((r.top + r.bottom) / 2 - (t.line.top + t.line.bottom) / 2);
      if (gap <= 0.6 * t.line.size && d < bd) { bd = d; best = r; }
    }
    const part = { c0, c1, top: t.line.top, x0: c.x0, text: c.text };
    if (best) best.parts.push(part);
    else rows.push({ top: t.line.top, bottom: t.line.bottom, size: t.line.size, parts: [part] });
  }
  rows.sort((a, b) => a.top - b.top);
  const out: Cell[][] = rows.map((r) => {
    const byCol = new Map<number, { c1: number; texts: Array<{ top: number; x0: number; text: string }> }>();
    for (const p of r.parts) {
      const e = byCol.get(p.c0);
      if (e) { e.c1 = Math.max(e.c1, p.c1); e.texts.push(p); } else byCol.set(p.c0, { c1: p.c1, texts: [p] });
    }
    const cells: Cell[] = [];
    for (let c = 0; c < nc;) {
      const e = byCol.get(c);
      if (!e) { cells.push({ text: '', rowspan: 1, colspan: 1 }); c++; continue; }
      const text = e.texts.sort((a, b) => a.top - b.top || a.x0 - b.x0).map((x) => x.text).join('');
      const c1 = Math.min(Math.max(e.c1, c), nc - 1);
      cells.push({ text, rowspan: 1, colspan: c1 - c + 1 });
      // chunks starting inside a span are folded into it
      for (let k = c + 1; k <= c1; k++) { const f = byCol.get(k); if (f) cells[cells.length - 1].text += ` ${f.texts.map((x) => x.text).join('')}`; }
      c = c1 + 1;
    }
    return cells;
  });
  const xs = [cols[0][0] - 1, ...cols.slice(1).map(([a], k) => (cols[k][1] + a) / 2), cols[nc - 1][1] + 1];
  return { rows: out, xs, top: rows[0].top, bottom: rows[rows.length - 1].bottom, x0: xs[0], x1: xs[nc] };
}
