// Owns expanding a table with rowspan/colspan into a rectangular grid. Every grid position
// knows the cell it came from, so spanned labels can be repeated and spanned values not.

import type { Src } from './sourcemap.js';

export interface SourceCell { text: string; rowspan: number; colspan: number; /** where the cell is in the page */ src?: Src }
export interface GridCell { text: string; r: number; c: number; /** position of the origin cell */ or: number; oc: number; /** no source cell here (a row shorter than the table) */ pad?: boolean; src?: Src }
export type Grid = GridCell[][];

const MAX_SPAN = 200;
/**
 * Absurd spans (issue 7, fault suite): per-cell caps are not enough, since overlapping spans push
 * each row's cells further right (2 000 rows of rowspan=colspan=100000 made a 2 000 × 40 000
 * grid and ran out of memory). The grid's area is capped: its width is at most MAX_CELLS / rows
 * (cells beyond are dropped), and span copies stop once MAX_CELLS have been written.
 */
const MAX_CELLS = 250_000;

export function expandGrid(rows: SourceCell[][]): Grid {
  const maxCols = Math.max(1, Math.floor(MAX_CELLS / Math.max(1, rows.length)));
  let written = 0;
  const grid: Array<Array<GridCell | undefined>> = [];
  for (let r = 0; r < rows.length; r++) {
    grid[r] ??= [];
    let c = 0;
    for (const cell of rows[r]) {
      while (grid[r][c]) c++;
      if (c >= maxCols) break; // grid area cap: the rest of this row is dropped
      const spans = written < MAX_CELLS; // past the copy budget, a cell fills only its own position
      const rs = spans ? Math.min(Math.max(1, cell.rowspan | 0), MAX_SPAN) : 1;
      const cs = Math.min(spans ? Math.min(Math.max(1, cell.colspan | 0), MAX_SPAN) : 1, maxCols - c);
      for (let dr = 0; dr < rs; dr++) {
        // rowspan beyond the table's last row is clipped (browsers do the same)
        if (r + dr >= rows.length) break;
        grid[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) {
          grid[r + dr][c + dc] = cell.src ? { text: cell.text, r: r + dr, c: c + dc, or: r, oc: c, src: cell.src } : { text: cell.text, r: r + dr, c: c + dc, or: r, oc: c };
          written++;
        }
      }
      c += cs;
    }
  }
  const width = grid.reduce((w, row) => Math.max(w, row.length), 0);
  return grid.map((row, r) => {
    const out: GridCell[] = [];
    for (let c = 0; c < width; c++) out.push(row[c] ?? { text: '', r, c, or: r, oc: c, pad: true });
    return out;
  });
}
