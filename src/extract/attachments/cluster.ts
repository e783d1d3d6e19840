// Owns tables drawn without ruling lines: finds runs of lines split into separate chunks,
// anchors rows on the lines holding figures, takes value columns from clustering the
// figures' x extents and label columns from where labels start, places every chunk by
// position (not by the order it was drawn in), joins wrapped labels and header lines, and
// lets a label centred beside a group of rows join the nearest of them.
import { lineText, splitBox, type Line, type TextBox } from './geometry.js';
import type { PlacedTable } from './ruled.js';
import type { Cell } from './blocks.js';

interface Chunk { boxes: TextBox[]; x0: number; x1: number; text: string }

// a figure (stray ? from a bad encoding around it allowed), or a dash standing for none
const NUM = /^[?？]?[-+−]?[\d,，.．]+%?[?？]?$|^[-—–/／]$/;

/** Splits a line into chunks at gaps wider than half an em (and at runs of spaces inside a box). */
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
    // separately drawn pieces further apart than half an em are separate cells
    if (last && gap <= Math.max(p.size, 1) * 0.5) { last.boxes.push(p); last.x1 = Math.max(last.x1, p.x1); }
    else out.push({ boxes: [p], x0: p.x0, x1: p.x1, text: '' });
  }
  for (const c of out) c.text = lineText(c.boxes);
  return out;
}

interface TLine { line: Line; chunks: Chunk[]; table: boolean; nums: number }

/** Finds borderless tables among a page's lines; returns them and the indices of the lines they took. */
export function findAlignedTables(lines: Line[], textWidth: number, left = 0, height = Infinity): { tables: PlacedTable[]; used: Set<number> } {
  const tl: TLine[] = lines.map((line) => {
    const chunks = chunksOf(line);
    const nums = chunks.filter((c) => NUM.test(c.text)).length;
    return { line, chunks, nums, table: chunks.length >= 2 && (nums >= 1 || chunks.length >= 3) };
  });
  // a line that can sit inside a table: every chunk narrower than a text line, no sentence end
  const narrow = (t: TLine): boolean => t.chunks.every((c) => c.x1 - c.x0 < 0.45 * textWidth) && !/[。；]$/.test(t.line.text);
  const used = new Set<number>();
  const tables: PlacedTable[] = [];
  let i = 0;
  while (i < tl.length) {
    if (!tl[i].table) { i++; continue; }
    let j = i + 1, last = i;
    while (j < tl.length) {
      const prev = tl[j - 1].line, cur = tl[j];
      const gap = cur.line.top - prev.bottom;
      if (gap > 2.0 * Math.max(prev.size, cur.line.size)) break;
      if (cur.table) last = j;
      else if (!narrow(cur)) break;
      // a wrapped label right under the last row stays with the table
      else if (j === last + 1 && gap <= 0.6 * cur.line.size) last = j;
      j++;
    }
    // header lines just above belong to the table too: close, narrow, and either in several
    // cells or centred away from the left margin (a heading starts at the margin)
    let s0 = i;
    const headerAbove = (t: TLine): boolean => narrow(t) && (t.chunks.length >= 2 || t.chunks[0].x0 > left + 0.3 * textWidth);
    while (s0 > 0 && !used.has(s0 - 1) && headerAbove(tl[s0 - 1]) && tl[s0].line.top - tl[s0 - 1].line.bottom <= 1.2 * tl[s0].line.size) s0--;
    // a table running off the page takes the narrow lines after it down to the page's end (the
    // next section's title and header, continued overleaf); one starting a page, those above it
    const body = (k: number): boolean => tl[k].line.top < height * 0.95 && tl[k].line.bottom > height * 0.05;
    const chained = (a: number, b: number): boolean => {
      for (let k = a; k <= b; k++) if (body(k) && (!narrow(tl[k]) || (k > a && tl[k].line.top - tl[k - 1].line.bottom > 2 * tl[k].line.size))) return false;
      return true;
    };
    let endBody = tl.length - 1;
    while (endBody > last && !body(endBody)) endBody--;
    if (endBody > last && chained(last + 1, endBody)) last = endBody;
    let startBody = 0;
    while (startBody < s0 && !body(startBody)) startBody++;
    if (startBody < s0 && tables.length === 0 && used.size === 0 && chained(startBody, s0 - 1)) s0 = startBody;
    const idx = Array.from({ length: last - s0 + 1 }, (_, k) => s0 + k);
    if (idx.filter((k) => tl[k].table).length >= 2) {
      const t = buildTable(idx.map((k) => tl[k]));
      if (t) { tables.push(t); for (const k of idx) used.add(k); }
    }
    i = last + 1;
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

interface Piece { c0: number; c1: number; top: number; bottom: number; x0: number; text: string }

/**
 * Rebuilds one borderless table. Rows are anchored on the lines that hold figures; value
 * columns come from the figures' x extents, label columns from where label text starts.
 * A label (its wrapped lines joined) spans the anchored rows it lies beside; lines above
 * the first figures are header rows; a line of its own between rows is a row of its own.
 */
function buildTable(tls: TLine[]): PlacedTable | null {
  const all = tls.flatMap((t) => t.chunks);
  const em = Math.max(1, tls[0].line.size);
  const multi = tls.filter((t) => t.nums >= 2);
  const numChunks = (multi.length ? multi : tls).flatMap((t) => t.chunks.filter((c, k) => NUM.test(c.text) && (multi.length > 0 || k > 0)));
  if (!numChunks.length) return null;
  const valueStart = Math.min(...numChunks.map((c) => c.x0)) - 0.3 * em;
  const isAnchor = (t: TLine): boolean => t.chunks.some((c) => NUM.test(c.text) && c.x0 >= valueStart);
  // value columns: from the figure lines with the most cells (a figure centred in a merged
  // cell must not make a column of its own); the others widen the columns they overlap
  const vside = (t: TLine): Chunk[] => t.chunks.filter((c) => c.x0 >= valueStart);
  const anchorLines = tls.filter(isAnchor);
  const most = Math.max(...anchorLines.map((t) => vside(t).length));
  let vcols = mergeIntervals(anchorLines.filter((t) => vside(t).length === most).flatMap((t) => vside(t).map((c) => [c.x0, c.x1] as [number, number])));
  for (const c of anchorLines.flatMap(vside)) {
    const hit = vcols.filter(([a, b]) => c.x1 > a && c.x0 < b);
    if (hit.length === 1) { hit[0][0] = Math.min(hit[0][0], c.x0); hit[0][1] = Math.max(hit[0][1], c.x1); }
  }
  vcols = mergeIntervals(vcols);
  // figures of one column aligned differently (left, centred) leave a narrow gap: one column
  for (let k = vcols.length - 1; k > 0; k--) {
    if (vcols[k][0] - vcols[k - 1][1] < 0.8 * em) { vcols[k - 1][1] = Math.max(vcols[k - 1][1], vcols[k][1]); vcols.splice(k, 1); }
  }
  // label columns: where the row labels of figure lines start (left-aligned cells), clustered
  const labelStarts = (ts: TLine[]): number[] => ts.flatMap((t) => t.chunks).filter((c) => c.x0 < valueStart).map((c) => c.x0).sort((a, b) => a - b);
  let starts = labelStarts(tls.filter(isAnchor));
  if (!starts.length) starts = labelStarts(tls.filter((t) => t.chunks.length === 1));
  const lcols: number[] = [];
  for (const x of starts) if (!lcols.length || x - lcols[lcols.length - 1] > 1.5 * em) lcols.push(x);
  const nl = lcols.length, nc = nl + vcols.length;
  if (nc < 2) return null;
  // column boundaries
  const xs: number[] = nl ? [lcols[0] - 1, ...lcols.slice(1).map((x) => x - 0.5), valueStart] : [Math.min(valueStart, ...all.map((c) => c.x0)) - 1];
  for (let k = 1; k < vcols.length; k++) xs.push((vcols[k - 1][1] + vcols[k][0]) / 2);
  xs.push(Math.max(vcols[vcols.length - 1][1], ...all.map((c) => c.x1)) + 1);
  const colOf = (x: number): number => { let k = 0; while (k + 1 < nc && x >= xs[k + 1]) k++; return k; };
  const span = (c: Chunk): [number, number] => {
    if (c.x0 >= valueStart) {
      const hit = vcols.map(([a, b], k) => (c.x1 > a + 0.5 && c.x0 < b - 0.5 ? nl + k : -1)).filter((k) => k >= 0);
      if (hit.length) return [hit[0], hit[hit.length - 1]];
      return [colOf((c.x0 + c.x1) / 2), colOf((c.x0 + c.x1) / 2)];
    }
    return [colOf(c.x0 + 0.5), colOf(c.x1 - 0.5)];
  };
  const first = tls.findIndex(isAnchor);
  type Row = { top: number; bottom: number; anchor: boolean; pieces: Piece[] };
  const rows: Row[] = [];
  // header rows: every line above the first figures, and header-like lines between rows
  // (text on the value side, no figure), placed by column
  const headerLike = (t: TLine): boolean => !isAnchor(t) && t.chunks.some((c) => c.x0 >= valueStart || !lcols.some((x) => Math.abs(x - c.x0) <= 1.5 * em));
  // lines of one header row (cells of two lines and one, centred) touch: one row
  for (const t of tls.filter((t, k) => k < first || headerLike(t))) {
    // cells of one line never share a column: a later one moves right of the one before
    let prevC1 = -1;
    const pieces = t.chunks.map((c) => {
      let { c0, c1 } = pos(span(c));
      if (c0 <= prevC1) { c0 = Math.min(nc - 1, prevC1 + 1); c1 = Math.max(c1, c0); }
      prevC1 = c1;
      return { c0, c1, top: t.line.top, bottom: t.line.bottom, x0: c.x0, text: c.text };
    });
    const prev = rows[rows.length - 1];
    if (prev && !prev.anchor && t.line.top - prev.bottom <= 0.5 * em) { prev.pieces.push(...pieces); prev.bottom = Math.max(prev.bottom, t.line.bottom); }
    else rows.push({ top: t.line.top, bottom: t.line.bottom, anchor: false, pieces });
  }
  const body = tls.slice(first).filter((t) => !headerLike(t));
  for (const t of body) if (isAnchor(t)) rows.push({ top: t.line.top, bottom: t.line.bottom, anchor: true, pieces: [] });
  const anchors = rows.filter((r) => r.anchor);
  // label cells per label column: wrapped lines joined while they touch
  const labels: Piece[] = [];
  for (let k = 0; k < nl; k++) {
    const ps = body.flatMap((t) => t.chunks.filter((c) => c.x0 < valueStart && colOf(c.x0 + 0.5) === k).map((c) => ({ ...pos(span(c)), top: t.line.top, bottom: t.line.bottom, x0: c.x0, text: c.text, anchored: isAnchor(t) })));
    ps.sort((a, b) => a.top - b.top);
    let cur: (Piece & { anchored: boolean }) | null = null;
    for (const p of ps) {
      if (cur && p.top - cur.bottom <= 0.5 * em && !(cur.anchored && p.anchored)) {
        cur.text += p.text; cur.bottom = p.bottom; cur.anchored ||= p.anchored; cur.c1 = Math.max(cur.c1, p.c1);
      } else { if (cur) labels.push(cur); cur = { ...p }; }
    }
    if (cur) labels.push(cur);
  }
  // figures and other value-side text of the body
  const values: Piece[] = [];
  const vmid = (vcols[0][0] + vcols[vcols.length - 1][1]) / 2;
  for (const t of body) {
    const vs = t.chunks.filter((c) => c.x0 >= valueStart);
    for (const c of vs) {
      let p = pos(span(c));
      // the one figure of a row, centred under all value columns: a merged cell across them
      if (vs.length === 1 && vcols.length > 1 && Math.abs((c.x0 + c.x1) / 2 - vmid) <= 1.5 * em) p = { c0: nl, c1: nc - 1 };
      values.push({ ...p, top: t.line.top, bottom: t.line.bottom, x0: c.x0, text: c.text });
    }
  }
  const overlapping = (p: { top: number; bottom: number }): Row[] => anchors.filter((a) => {
    const mid = (a.top + a.bottom) / 2;
    return mid >= p.top - 0.3 * em && mid <= p.bottom + 0.3 * em;
  });
  const spans = new Map<Piece, number>();
  for (const p of [...labels, ...values]) {
    let hit = overlapping(p);
    if (!hit.length && p.c1 < nl && labels.includes(p)) {
      // a label between two close rows (centred beside a group): the nearest of them; a
      // label far from the rows on either side (a section title) is a row of its own
      const mid = (p.top + p.bottom) / 2;
      const cmid = (r: Row): number => (r.top + r.bottom) / 2;
      const above = anchors.filter((a) => cmid(a) < mid).pop(), below = anchors.find((a) => cmid(a) > mid);
      const between = rows.some((r) => !r.anchor && r.top > (above?.top ?? -Infinity) && r.top < (below?.top ?? Infinity));
      // a label in an outer label column (never the innermost, where each row's own label is) groups
      // the rows beside it however tall they are (wrapped labels): it joins them too
      const group = p.c1 < nl - 1;
      if (above && below && !between && (group || (mid - cmid(above) <= 3 * em && cmid(below) - mid <= 3 * em))) hit = [mid - cmid(above) <= cmid(below) - mid ? above : below];
    }
    if (!hit.length) {
      // a line between rows: a row of its own (section titles, sub-headers)
      let own = rows.find((r) => !r.anchor && Math.abs(r.top - p.top) < 0.3 * em);
      if (!own) { own = { top: p.top, bottom: p.bottom, anchor: false, pieces: [] }; rows.push(own); }
      hit = [own];
    }
    hit[0].pieces.push(p);
    spans.set(p, hit.length);
  }
  rows.sort((a, b) => a.top - b.top);
  // grid: each piece at its row and columns; a label beside several rows spans them
  const grid: Array<Array<{ text: string; rowspan: number; colspan: number } | null | undefined>> = rows.map(() => Array(nc).fill(undefined));
  rows.forEach((r, ri) => {
    for (const p of r.pieces.sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
      const here = grid[ri][p.c0];
      if (here) { here.text += (p.c0 >= nl ? ' ' : '') + p.text; continue; }
      if (here === null) continue;
      let rs = Math.max(1, Math.min(spans.get(p) ?? 1, rows.length - ri));
      const cs = p.c1 - p.c0 + 1;
      for (let dr = 1; dr < rs; dr++) if (grid[ri + dr].slice(p.c0, p.c1 + 1).some((g) => g !== undefined)) { rs = dr; break; }
      grid[ri][p.c0] = { text: p.text, rowspan: rs, colspan: cs };
      for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) if (dr || dc) grid[ri + dr][p.c0 + dc] = null;
    }
  });
  const out: Cell[][] = grid.map((row) => row.filter((g) => g !== null).map((g) => g ?? { text: '', rowspan: 1, colspan: 1 }));
  return { rows: out, xs, top: rows[0].top, bottom: rows[rows.length - 1].bottom, x0: xs[0], x1: xs[nc] };
}

function pos([c0, c1]: [number, number]): { c0: number; c1: number } {
  return { c0, c1: Math.max(c0, c1) };
}
