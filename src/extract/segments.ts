import { alignedToRows } from './aligned.js';
import { parseCell } from './normalize.js';
import { joinSrc, refsInOrder, type Src, type SrcRef } from './sourcemap.js';

// Owns the segment model shared by HTML and text input (lines and table grids), and turning
// plain text into segments: `|`-separated lines (with cells continued on indented lines)
// become table grids; everything else stays a line. Markdown (a PDF or Word file converted by
// a third-party tool) is read as the text it marks up: heading marks (`## 一、…`) are dropped
// and a table's alignment row (`|---|:--:|`) is not a row of cells.

export interface SegCell { text: string; col: number; /** 'row'/'col': repeated by a rowspan/colspan */ dup: 'none' | 'row' | 'col'; /** where its text is in the page */ ref?: SrcRef }
export type Segment =
  | { t: 'line'; text: string; link: boolean; pre?: boolean; /** where it is in the page */ src?: Src }
  | { t: 'table'; rows: SegCell[][]; source: 'html' | 'pipe' | 'aligned' };

/**
 * Splits one `|` line into cells. A leading or trailing pipe may be an edge or the border of
 * an empty cell; both are kept as blank cells and the table readers drop surplus edge blanks
 * once they know how many cells a row has.
 */
export function splitPipeRow(line: string): string[] {
  return line.trim().split('|').map((c) => c.trim());
}

const PIPE_RE = /\|/;

/**
 * Regroups line segments of an HTML page: runs of '|' lines (tables flattened into <p>s)
 * become table grids, runs of <pre> lines with aligned figures become grids by column position.
 */
export function groupLines(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.t !== 'line') { out.push(s); continue; }
    if (s.pre) {
      let j = i;
      const lines: string[] = [];
      while (j < segs.length && segs[j].t === 'line' && (segs[j] as { pre?: boolean }).pre) { lines.push((segs[j] as { text: string }).text); j++; }
      const srcs = segs.slice(i, j).map((x) => (x as { src?: Src }).src);
      const rows = alignedToRows(lines);
      if (rows) {
        // one row per line: each cell is found in its line, in order
        if (rows.length === lines.length) rows.forEach((r, k) => attachRefs(r, srcs[k], lines[k]));
        out.push({ t: 'table', rows, source: 'aligned' });
      } else lines.forEach((l, k) => { if (l.trim()) out.push({ t: 'line', text: l.trim(), link: false, src: srcs[k] }); });
      i = j - 1;
      continue;
    }
    if (PIPE_RE.test(s.text) && isTableLine(s.text)) {
      const rows: string[] = [];
      const srcs: Array<Src | undefined> = [];
      let j = i;
      while (j < segs.length && segs[j].t === 'line' && PIPE_RE.test((segs[j] as { text: string }).text) && isTableLine((segs[j] as { text: string }).text)) { rows.push((segs[j] as { text: string }).text); srcs.push((segs[j] as { src?: Src }).src); j++; }
      if (rows.length >= 2) {
        out.push({ t: 'table', source: 'pipe', rows: cellPerLine(rows, srcs) ?? rows.map((r, k) => attachRefs(splitPipeRow(r).map((text, col) => ({ text, col, dup: 'none' as const })), srcs[k], r, '|')) });
        i = j - 1;
        continue;
      }
    }
    out.push(s);
  }
  return out;
}

/** A markdown table's alignment row: only dashes, colons and pipes. */
const MD_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
/** A markdown heading mark at the start of a line. */
const MD_HEADING = /^\s*#{1,6}\s*(?=\S)/;

/** Gives each cell of a row made from one line the place of its text in that line. */
function attachRefs(row: SegCell[], src: Src | undefined, line: string, sep?: string): SegCell[] {
  if (!src) return row;
  refsInOrder(src, line, row.map((c) => c.text), sep).forEach((r, k) => { if (r) row[k].ref = r; });
  return row;
}

/** Plain text → segments; `srcs`: where each line of `text` is in the page. */
export function textToSegments(text: string, srcs?: Src[]): Segment[] {
  const lines = text.split('\n');
  const segs: Segment[] = [];
  let rows: string[] = [];
  let rowSrcs: Array<Src | undefined> = [];
  let markdown = false;
  const flushTable = (): void => {
    if (!rows.length) return;
    // in a markdown table the outer pipes are borders, not empty cells
    const cells = (r: string): string[] => {
      const c = splitPipeRow(r);
      if (markdown && /^\s*\|/.test(r) && c.length > 1 && c[0] === '') c.shift();
      if (markdown && /\|\s*$/.test(r) && c.length > 1 && c[c.length - 1] === '') c.pop();
      return c;
    };
    const single = cellPerLine(rows, rowSrcs);
    const grid = single ?? rows.map((r, k) => attachRefs(cells(r).map((text, col) => ({ text, col, dup: 'none' as const })), rowSrcs[k], r, '|'));
    segs.push({ t: 'table', rows: grid, source: 'pipe' });
    rows = [];
    rowSrcs = [];
    markdown = false;
  };
  for (const [li, raw] of lines.entries()) {
    const src = srcs?.[li];
    if (MD_RULE.test(raw) && /\|/.test(raw) && (rows.length || /^\s*\|/.test(raw))) { markdown = true; continue; }
    const line = MD_HEADING.test(raw) ? raw.replace(MD_HEADING, '') : raw;
    const isPipe = PIPE_RE.test(line) && isTableLine(line);
    if (isPipe) {
      // an indented '|' line continues the row above (cells copied with their line breaks)
      if (rows.length && /^\s+\|/.test(line) && /^\|/.test(rows[rows.length - 1])) {
        rows[rows.length - 1] += ' ' + line.trim();
        rowSrcs[rowSrcs.length - 1] = joinSrc(rowSrcs[rowSrcs.length - 1], src);
      } else { rows.push(line); rowSrcs.push(src); }
      continue;
    }
    if (rows.length && line.trim() === '') continue; // blank lines inside a flattened table
    flushTable();
    const tl = line.trim();
    if (tl) segs.push({ t: 'line', text: tl, link: false, src });
  }
  flushTable();
  return segs;
}

/**
 * A table copied one cell per line, each line keeping the pipe after its cell ("8 |"), a row
 * opened by a bare "|" line and a blank cell left as a bare "|": each cell becomes a row of its
 * own (the readers follow cells in reading order), a blank cell stays a blank cell after the one
before it, and a bare "|" right
 * before a label is the opening of the next row, not a cell. Bare lines before a figure cannot
 * be told apart (blanks of this row, or the next row's opening): such a table is not read
 * (no rows) rather than read shifted. Null when the lines are rows of several cells.
 */
function cellPerLine(lines: string[], srcs: Array<Src | undefined> = []): SegCell[][] | null {
  if (lines.length < 6) return null;
  const filled = lines.map((l) => splitPipeRow(l).filter((c) => c !== ''));
  if (filled.some((f) => f.length > 1)) return null;
  if (!lines.every((l) => /\|\s*$/.test(l)) || filled.filter((f) => f.length).length * 3 < lines.length) return null;
  // bare lines come in runs; a run before a label is blank cells and that label's row opener,
  // a run before a figure could be blanks of this row or the opener of the next: unreadable
  // (one bare line between a header word and a figure opens a row of figures)
  const isText = (f: string[] | undefined): boolean => Boolean(f && f.length && parseCell(f[0]).kind === 'text');
  const opener = new Set<number>();
  for (let i = 0; i < filled.length; i++) {
    if (filled[i].length) continue;
    let j = i;
    while (j < filled.length && !filled[j].length) j++;
    if (j < filled.length) {
      if (isText(filled[j])) opener.add(j - 1);
      else if (j - i === 1 && isText(filled[i - 1])) opener.add(i);
      else return [];
    }
    i = j;
  }
  const out: SegCell[][] = [];
  filled.forEach((f, i) => {
    if (f.length) { out.push(attachRefs([{ text: f[0], col: 0, dup: 'none' }], srcs[i], lines[i])); return; }
    if (opener.has(i) || i === filled.length - 1) return;
    // a blank cell rides on the row before it (a row of blanks only is dropped downstream)
    const prev = out[out.length - 1];
    if (prev) prev.push({ text: '', col: prev.length, dup: 'none' });
  });
  return out;
}

/** A '|' line is a table row unless it is a chrome menu ("设为主页 | 加入收藏") or prose with a stray pipe. */
function isTableLine(line: string): boolean {
  const cells = splitPipeRow(line);
  if (cells.length < 2 && !/^\s*\|/.test(line)) return false;
  // long prose sentences with a pipe are not tables
  const longest = cells.reduce((m, c) => Math.max(m, c.length), 0);
  if (longest > 120) return false;
  return true;
}
