// Owns tables drawn with ruling lines: merges the page's line segments, groups crossing
// segments into tables, derives the row/column grid and the merged cells (a missing border
// between two grid boxes merges them), and places every text box in its cell by position.
import { cellText, splitBox, type Rule, type TextBox } from './geometry.js';
import type { Cell } from './blocks.js';

export interface PlacedTable {
  rows: Cell[][];
  /** column boundaries (x), left to right */
  xs: number[];
  top: number;
  bottom: number;
  x0: number;
  x1: number;
}

interface Seg { at: number; from: number; to: number }

const TOL = 2;

function mergeSegs(segs: Seg[]): Seg[] {
  const s = segs.slice().sort((a, b) => a.at - b.at || a.from - b.from);
  const out: Seg[] = [];
  for (const g of s) {
    const m = out.find((o) => Math.abs(o.at - g.at) <= 1 && g.from <= o.to + TOL && g.to >= o.from - TOL);
    if (m) { m.from = Math.min(m.from, g.from); m.to = Math.max(m.to, g.to); m.at = (m.at + g.at) / 2; }
    else out.push({ ...g });
  }
  return out;
}

function cluster(vals: number[]): number[] {
  const s = vals.slice().sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of s) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1] <= TOL) last.push(v); else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

class UF {
  p: number[];
  constructor(n: number) { this.p = Array.from({ length: n }, (_, i) => i); }
  find(i: number): number { while (this.p[i] !== i) { this.p[i] = this.p[this.p[i]]; i = this.p[i]; } return i; }
  union(a: number, b: number): void { const x = this.find(a), y = this.find(b); if (x !== y) this.p[Math.max(x, y)] = Math.min(x, y); }
}

/** Finds ruled tables; returns them and the boxes they consumed. */
export function findRuledTables(rules: Rule[], boxes: TextBox[]): { tables: PlacedTable[]; used: Set<TextBox> } {
  const hs = mergeSegs(rules.filter((r) => Math.abs(r.y1 - r.y0) <= 1.5 && Math.abs(r.x1 - r.x0) > TOL)
    .map((r) => ({ at: (r.y0 + r.y1) / 2, from: Math.min(r.x0, r.x1), to: Math.max(r.x0, r.x1) })));
  const vs = mergeSegs(rules.filter((r) => Math.abs(r.x1 - r.x0) <= 1.5 && Math.abs(r.y1 - r.y0) > TOL)
    .map((r) => ({ at: (r.x0 + r.x1) / 2, from: Math.min(r.y0, r.y1), to: Math.max(r.y0, r.y1) })));
  const used = new Set<TextBox>();
  if (hs.length < 2 || vs.length < 2) return { tables: [], used };
  // connected components of crossing segments
  const uf = new UF(hs.length + vs.length);
  hs.forEach((h, i) => vs.forEach((v, j) => {
    if (v.at >= h.from - TOL && v.at <= h.to + TOL && h.at >= v.from - TOL && h.at <= v.to + TOL) uf.union(i, hs.length + j);
  }));
  const comps = new Map<number, { h: Seg[]; v: Seg[] }>();
  hs.forEach((h, i) => { const k = uf.find(i); if (!comps.has(k)) comps.set(k, { h: [], v: [] }); comps.get(k)!.h.push(h); });
  vs.forEach((v, j) => { const k = uf.find(hs.length + j); if (!comps.has(k)) comps.set(k, { h: [], v: [] }); comps.get(k)!.v.push(v); });
  const tables: PlacedTable[] = [];
  for (const { h, v } of comps.values()) {
    if (h.length < 2 || v.length < 2) continue;
    const t = buildTable(h, v, boxes, used);
    if (t) tables.push(t);
  }
  tables.sort((a, b) => a.top - b.top);
  return { tables, used };
}

function buildTable(h: Seg[], v: Seg[], boxes: TextBox[], used: Set<TextBox>): PlacedTable | null {
  const xs = cluster(v.map((s) => s.at));
  const ys = cluster(h.map((s) => s.at));
  const nc = xs.length - 1, nr = ys.length - 1;
  if (nc < 1 || nr < 1 || (nc === 1 && nr === 1)) return null;
  const hasV = (x: number, y: number): boolean => v.some((s) => Math.abs(s.at - x) <= TOL && s.from - TOL <= y && s.to + TOL >= y);
  const hasH = (y: number, x: number): boolean => h.some((s) => Math.abs(s.at - y) <= TOL && s.from - TOL <= x && s.to + TOL >= x);
  const id = (r: number, c: number): number => r * nc + c;
  const uf = new UF(nr * nc);
  for (let r = 0; r < nr; r++) {
    const my = (ys[r] + ys[r + 1]) / 2;
    for (let c = 0; c < nc; c++) {
      const mx = (xs[c] + xs[c + 1]) / 2;
      if (c + 1 < nc && !hasV(xs[c + 1], my)) uf.union(id(r, c), id(r, c + 1));
      if (r + 1 < nr && !hasH(ys[r + 1], mx)) uf.union(id(r, c), id(r + 1, c));
    }
  }
  // group → bounding box of grid positions
  const groups = new Map<number, { r0: number; r1: number; c0: number; c1: number; boxes: TextBox[] }>();
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) {
    const k = uf.find(id(r, c));
    const g = groups.get(k);
    if (!g) groups.set(k, { r0: r, r1: r, c0: c, c1: c, boxes: [] });
    else { g.r0 = Math.min(g.r0, r); g.r1 = Math.max(g.r1, r); g.c0 = Math.min(g.c0, c); g.c1 = Math.max(g.c1, c); }
  }
  const x0 = xs[0], x1 = xs[nc], top = ys[0], bottom = ys[nr];
  const locate = (cx: number, cy: number): number | null => {
    if (cx < x0 - 1 || cx > x1 + 1 || cy < top - 1 || cy > bottom + 1) return null;
    let c = xs.findIndex((x, i) => i < nc && cx >= x && cx < xs[i + 1]);
    let r = ys.findIndex((y, i) => i < nr && cy >= y && cy < ys[i + 1]);
    if (c < 0) c = cx < x0 ? 0 : nc - 1;
    if (r < 0) r = cy < top ? 0 : nr - 1;
    return uf.find(id(r, c));
  };
  for (const b of boxes) {
    const cy = (b.top + b.bottom) / 2;
    const k0 = locate(b.x0 + 0.5, cy), k1 = locate(b.x1 - 0.5, cy);
    if (k0 === null && k1 === null) continue;
    used.add(b);
    if (k0 === k1) { groups.get(k0!)!.boxes.push(b); continue; }
    // a box crossing a column border: place it character by character
    for (const p of splitBox(b)) {
      const k = locate((p.x0 + p.x1) / 2, cy);
      if (k !== null) groups.get(k)!.boxes.push(p);
    }
  }
  // assemble rows of origin cells; non-rectangular merges are clipped to their origin row
  const owner: Array<Array<number | null>> = Array.from({ length: nr }, () => Array<number | null>(nc).fill(null));
  const rows: Cell[][] = Array.from({ length: nr }, () => []);
  const sorted = [...groups.entries()].sort((a, b) => a[1].r0 - b[1].r0 || a[1].c0 - b[1].c0);
  for (const [, g] of sorted) {
    let rs = g.r1 - g.r0 + 1, cs = g.c1 - g.c0 + 1;
    if (owner[g.r0][g.c0] !== null) continue;
    for (let c = g.c0; c <= g.c1; c++) if (owner[g.r0][c] !== null) { cs = c - g.c0; break; }
    for (let r = g.r0; r <= g.r1; r++) for (let c = g.c0; c < g.c0 + cs; c++) if (owner[r][c] !== null) { rs = Math.min(rs, r - g.r0); }
    rs = Math.max(rs, 1); cs = Math.max(cs, 1);
    for (let r = g.r0; r < g.r0 + rs; r++) for (let c = g.c0; c < g.c0 + cs; c++) owner[r][c] = g.r0;
    const box = { x0: xs[g.c0], x1: xs[g.c0 + cs], top: ys[g.r0], bottom: ys[g.r0 + rs] };
    rows[g.r0].push({ text: cellText(g.boxes), rowspan: rs, colspan: cs, col: g.c0, box } as Cell & { col: number });
  }
  // positions left unowned (clipped merges) get empty cells
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) if (owner[r][c] === null) {
    rows[r].push({ text: '', rowspan: 1, colspan: 1, col: c, box: { x0: xs[c], x1: xs[c + 1], top: ys[r], bottom: ys[r + 1] } } as Cell & { col: number });
    owner[r][c] = r;
  }
  const out = rows.map((row) => (row as Array<Cell & { col: number }>).sort((a, b) => a.col - b.col).map(({ text, rowspan, colspan, box }) => ({ text, rowspan, colspan, box })));
  return { rows: out, xs, top, bottom, x0, x1 };
}
