// Owns expanding a table with rowspan/colspan into a rectangular grid. Every grid position
// knows the cell it came from, so spanned labels can be repeated and spanned values not.

export interface SourceCell { text: string; rowspan: number; colspan: number }
export interface GridCell { text: string; r: number; c: number; /** position of the origin cell */ or: number; oc: number }
export type Grid = GridCell[][];

const MAX_SPAN = 200;

export function expandGrid(rows: SourceCell[][]): Grid {
  const grid: Array<Array<GridCell | undefined>> = [];
  for (let r = 0; r < rows.length; r++) {
    grid[r] ??= [];
    let c = 0;
    for (const cell of rows[r]) {
      while (grid[r][c]) c++;
      const rs = Math.min(Math.max(1, cell.rowspan | 0), MAX_SPAN);
      const cs = Math.min(Math.max(1, cell.colspan | 0), MAX_SPAN);
      for (let dr = 0; dr < rs; dr++) {
        // rowspan beyond the table's last row is clipped (browsers do the same)
        if (r + dr >= rows.length) break;
        grid[r + dr] ??= [];
        for (let dc = 0; dc < cs; dc++) {
          grid[r + dr][c + dc] = { text: cell.text, r: r + dr, c: c + dc, or: r, oc: c };
        }
      }
      c += cs;
    }
  }
  const width = grid.reduce((w, row) => Math.max(w, row.length), 0);
  return grid.map((row, r) => {
    const out: GridCell[] = [];
    for (let c = 0; c < width; c++) out.push(row[c] ?? { text: '', r, c, or: r, oc: c });
    return out;
  });
}
