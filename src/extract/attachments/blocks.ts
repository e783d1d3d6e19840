// Owns the block model every reader produces (paragraphs and table grids with spans) and its
// rendering as the HTML the extractor reads: <p> per paragraph, <table> with rowspan/colspan.

export interface Cell { text: string; rowspan: number; colspan: number; /** where the cell sits on its page (ruled tables), for OCR of single cells */ box?: { x0: number; top: number; x1: number; bottom: number } }
export type Block = { t: 'p'; text: string } | { t: 'table'; rows: Cell[][] };

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ESC[c]);

export function blocksToHtml(blocks: Block[], title?: string | null): string {
  const out: string[] = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"/>'];
  if (title) out.push(`<title>${esc(title)}</title>`);
  out.push('</head><body>');
  for (const b of blocks) {
    if (b.t === 'p') { if (b.text.trim()) out.push(`<p>${esc(b.text)}</p>`); continue; }
    out.push('<table border="1">');
    for (const row of b.rows) {
      const cells = row.map((c) => {
        const span = (c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : '') + (c.colspan > 1 ? ` colspan="${c.colspan}"` : '');
        return `<td${span}>${esc(c.text)}</td>`;
      });
      out.push(`<tr>${cells.join('')}</tr>`);
    }
    out.push('</table>');
  }
  out.push('</body></html>');
  return out.join('\n');
}

/** A full grid (one entry per position, null where a span covers it) → rows of origin cells. */
export function gridToRows(grid: Array<Array<Cell | null>>): Cell[][] {
  return grid.map((row) => row.filter((c): c is Cell => c !== null));
}
