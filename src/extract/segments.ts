// Owns the segment model shared by HTML and text input (lines and table grids), and turning
// plain text into segments: `|`-separated lines (with cells continued on indented lines)
// become table grids; everything else stays a line.

export interface SegCell { text: string; col: number; /** 'row'/'col': repeated by a rowspan/colspan */ dup: 'none' | 'row' | 'col' }
export type Segment =
  | { t: 'line'; text: string; link: boolean }
  | { t: 'table'; rows: SegCell[][]; source: 'html' | 'pipe' };

/** Splits one `|` line into cells; one leading and one trailing pipe are edges, not cells. */
export function splitPipeRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|')) s = s.slice(0, -1);
  return s.split('|').map((c) => c.trim());
}

const PIPE_RE = /\|/;

/** Plain text → segments. */
export function textToSegments(text: string): Segment[] {
  const lines = text.split('\n');
  const segs: Segment[] = [];
  let rows: string[] = [];
  const flushTable = (): void => {
    if (!rows.length) return;
    const grid = rows.map((r) => splitPipeRow(r).map((text, col) => ({ text, col, dup: 'none' as const })));
    segs.push({ t: 'table', rows: grid, source: 'pipe' });
    rows = [];
  };
  for (const line of lines) {
    const isPipe = PIPE_RE.test(line) && isTableLine(line);
    if (isPipe) {
      // an indented '|' line continues a row whose last line did not close with '|'
      if (rows.length && /^\s+\|/.test(line) && !rows[rows.length - 1].trimEnd().endsWith('|')) {
        rows[rows.length - 1] += ' ' + line.trim();
      } else rows.push(line);
      continue;
    }
    if (rows.length && line.trim() === '') continue; // blank lines inside a flattened table
    flushTable();
    const tl = line.trim();
    if (tl) segs.push({ t: 'line', text: tl, link: false });
  }
  flushTable();
  return segs;
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
