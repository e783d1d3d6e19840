// Owns turning laid-out pages into one document's blocks: drops page numbers and running
// headers/footers, joins a table continued on the next page (same columns; repeated header
// rows dropped), and joins wrapped text lines into paragraphs.
import { joinText, type Line } from './geometry.js';
import type { PageItem, PageLayout } from './layout.js';
import type { PlacedTable } from './ruled.js';
import type { Block, Cell } from './blocks.js';
import { similar } from './lexicon.js';

const PAGE_NO = /^(?:[-—–－_~·•\s]*\d{1,4}[-—–－_~·•\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|page\s*\d+(\s*of\s*\d+)?|[-—–]\s*[ivxlc]+\s*[-—–])$/i;

function isMargin(line: Line, page: PageLayout): 'top' | 'bottom' | null {
  if (line.bottom < page.height * 0.09) return 'top';
  if (line.top > page.height * 0.9) return 'bottom';
  return null;
}

/** A page number as OCR reads it ("— 2 —" → "1一"): a few characters, a digit, no words. */
function isGarbledPageNo(text: string): boolean {
  const c = text.replace(/\s/g, '');
  return c.length <= 6 && /\d/.test(c) && !/[\u4e00-\u9fff]{2}/.test(c.replace(/[一]/g, ''));
}

/** Lines that are page furniture: page numbers, and header/footer text repeated on most pages. */
function furniture(pages: PageLayout[]): Set<Line> {
  const drop = new Set<Line>();
  const seen = new Map<string, number>();
  for (const p of pages) {
    const keys = new Set<string>();
    for (const it of p.items) {
      if (it.t !== 'line') continue;
      const where = isMargin(it.line, p);
      if (!where) continue;
      const text = it.line.text.trim();
      if (PAGE_NO.test(text) || isGarbledPageNo(text)) { drop.add(it.line); continue; }
      keys.add(`${where}:${text.replace(/\d+/g, '#')}`);
    }
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  if (pages.length >= 3) {
    for (const p of pages) for (const it of p.items) {
      if (it.t !== 'line') continue;
      const where = isMargin(it.line, p);
      if (where && (seen.get(`${where}:${it.line.text.trim().replace(/\d+/g, '#')}`) ?? 0) >= Math.ceil(pages.length * 0.6)) drop.add(it.line);
    }
  }
  return drop;
}

/** Two rows are the same header row: same cells and spans, texts alike (OCR reads them differently). */
function sameRow(a: Cell[], b: Cell[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((c, i) => c.colspan === b[i].colspan && c.rowspan === b[i].rowspan && similar(c.text, b[i].text) >= 0.75);
}

/** Grid column of every origin cell (rowspans from rows above taken into account). */
function cellColumns(rows: Cell[][]): number[][] {
  const taken: boolean[][] = rows.map(() => []);
  return rows.map((row, r) => {
    let c = 0;
    return row.map((cell) => {
      while (taken[r][c]) c++;
      const at = c;
      for (let dr = 0; dr < cell.rowspan && r + dr < rows.length; dr++) for (let dc = 0; dc < cell.colspan; dc++) taken[r + dr][at + dc] = true;
      c += cell.colspan;
      return at;
    });
  });
}

/** Index of x in xs within tol, or -1. */
const findX = (xs: number[], x: number, tol: number): number => xs.findIndex((v) => Math.abs(v - x) <= tol);

/** The column boundaries both tables fit on: the same outer edges, one's boundaries among the other's. */
function commonColumns(a: PlacedTable, b: PlacedTable): number[] | null {
  const tol = Math.max(4, (a.x1 - a.x0) * 0.015);
  if (Math.abs(a.x0 - b.x0) > tol || Math.abs(a.x1 - b.x1) > tol) return null;
  const [small, big] = a.xs.length <= b.xs.length ? [a.xs, b.xs] : [b.xs, a.xs];
  if (!small.every((x) => findX(big, x, tol) >= 0)) return null;
  return big;
}

/** The table on other column boundaries (a superset of its own): colspans widened. */
function regrid(t: PlacedTable, xs: number[]): PlacedTable {
  if (t.xs.length === xs.length) return t;
  const tol = Math.max(4, (t.x1 - t.x0) * 0.015);
  const cols = cellColumns(t.rows);
  const rows = t.rows.map((row, r) => row.map((cell, i) => {
    const c0 = findX(xs, t.xs[cols[r][i]], tol), c1 = findX(xs, t.xs[Math.min(cols[r][i] + cell.colspan, t.xs.length - 1)], tol);
    return c0 >= 0 && c1 > c0 ? { ...cell, colspan: c1 - c0 } : cell;
  }));
  return { ...t, rows, xs };
}

/** b opens with (at least two of) a's first rows. */
function repeatsHeader(a: PlacedTable, b: PlacedTable): boolean {
  return repeatedRows(a, b) > 0;
}

const headText = (rows: Cell[][], m: number): string => rows.slice(0, m).flat().map((c) => c.text.replace(/\s+/g, '')).filter(Boolean).join('|');

/**
 * How many of b's first rows repeat a's header: the same cells row by row, or (a header
 * cut differently by a page break) the same texts in the same order; spans must not reach
 * past them. 0 when b does not open with a's header.
 */
function repeatedRows(a: PlacedTable, b: PlacedTable): number {
  const closed = (m: number): boolean => b.rows.slice(0, m).every((r, i) => r.every((c) => i + c.rowspan <= m));
  let k = 0;
  while (k < b.rows.length && k < a.rows.length && sameRow(b.rows[k], a.rows[k])) k++;
  while (k > 0 && !closed(k)) k--;
  if (k >= 2 || (k === 1 && a.rows[0].length >= 3)) return k;
  // a header holds no figures: the rows before b's first row with one
  const firstFigures = b.rows.findIndex((r) => r.some((c) => /^[?？]?[-+]?\d[\d,.]*%?[?？]?$/.test(c.text.trim())));
  for (let m = Math.min(6, b.rows.length - 1, firstFigures < 0 ? 6 : firstFigures); m >= 1; m--) {
    const tb = headText(b.rows, m);
    if (!tb || tb.split('|').length < 3 || !closed(m)) continue;
    for (let n = 1; n <= Math.min(8, a.rows.length); n++) if (similar(tb, headText(a.rows, n)) >= 0.9) return m;
  }
  return 0;
}

const NUMERIC = /^[?？]?[-+−]?[\d,，.．]+%?[?？]?$/;
/** The start of a table item of its own: 1． （二） 三、 */
const ITEM = /^[（(]?[一二三四五六七八九十\d]{1,3}[)）、．.]/;

/**
 * Appends the continuation of a table: the header rows it repeats are dropped, and the empty
 * cells that continue a merged cell across the page break are folded into it; a row the page
 * break cut in two is one row again.
 */
function continueTable(a0: PlacedTable, b0: PlacedTable, xs: number[] | null): PlacedTable {
  const a = xs ? regrid(a0, xs) : a0, b = xs ? regrid(b0, xs) : b0;
  const k = repeatedRows(a, b);
  const rows = a.rows.map((r) => r.map((c) => ({ ...c })));
  const rest = b.rows.slice(k).map((r) => r.map((c) => ({ ...c })));
  if (xs && rest.length && rows.length) {
    const colsA = cellColumns(rows), colsB = cellColumns(rest);
    const last = rows.length - 1;
    // the cell of a's last rows that ends on its last row and starts at column c with this width
    const above = (c: number, colspan: number): Cell | null => {
      for (let r = 0; r <= last; r++) {
        const j = rows[r].findIndex((x, n) => colsA[r][n] === c && x.colspan === colspan && r + x.rowspan - 1 === last);
        if (j >= 0 && rows[r][j].text !== '') return rows[r][j];
      }
      return null;
    };
    const folded: Cell[] = [];
    const kept = rest[0].filter((cell, i) => {
      if (cell.text !== '') return true;
      const x = above(colsB[0][i], cell.colspan);
      if (x) { x.rowspan += cell.rowspan; folded.push(x); return false; }
      return true;
    });
    // a row cut by the page break (Word lets rows break across pages): every figure cell of its
    // second part folded into the first part's, and what is left is the rest of its label(s),
    // not a new item (no 1. / （二） of its own): the text joins the label and the row is one again
    const keptCols = rest[0].map((_, i) => colsB[0][i]).filter((_, i) => kept.includes(rest[0][i]));
    const labelsAbove = kept.map((cell, n) => above(keptCols[n], cell.colspan));
    const tail = folded.length > 0 && kept.length > 0
      && kept.every((cell, n) => cell.rowspan === 1 && labelsAbove[n] && !NUMERIC.test(cell.text.trim()) && !ITEM.test(cell.text.trim()));
    if (tail) {
      kept.forEach((cell, n) => { labelsAbove[n]!.text = joinText(labelsAbove[n]!.text, cell.text); });
      for (const x of folded) x.rowspan -= 1; // the row they crossed is gone
      rest.shift();
    } else rest[0] = kept;
  }
  return { ...a, rows: [...rows, ...rest], bottom: b.bottom };
}

export function assemble(pages: PageLayout[]): Block[] {
  const drop = furniture(pages);
  const items: Array<PageItem & { page: PageLayout }> = [];
  for (const p of pages) {
    let first = true;
    for (const it of p.items) {
      if (it.t === 'line' && drop.has(it.line)) continue;
      const last = items[items.length - 1];
      const cont = first && it.t === 'table' && last?.t === 'table' && last.page !== p;
      const xs = cont ? commonColumns(last.table, it.table) : null;
      // a table starting a page with the header rows of the table that ended the last page
      // continues it even when its columns were rebuilt a little differently (borderless)
      if (cont && it.t === 'table' && last?.t === 'table' && (xs || repeatsHeader(last.table, it.table))) {
        items[items.length - 1] = { t: 'table', table: continueTable(last.table, it.table, xs), page: p };
      } else items.push({ ...it, page: p });
      first = false;
    }
  }
  const blocks: Block[] = [];
  let para: { text: string; last: Line; page: PageLayout } | null = null;
  const flush = (): void => { if (para) blocks.push({ t: 'p', text: para.text }); para = null; };
  for (const it of items) {
    if (it.t === 'table') {
      flush();
      if (it.table.rows.some((r) => r.some((c) => c.text.trim() !== ''))) blocks.push({ t: 'table', rows: it.table.rows });
      continue;
    }
    const l = it.line, p = it.page;
    if (para && continues(para.last, para.page, l, p)) { para.text = joinText(para.text, l.text); para.last = l; para.page = p; }
    else { flush(); para = { text: l.text, last: l, page: p }; }
  }
  flush();
  return blocks;
}

/** A line continues the paragraph when the previous one ran to the right margin and this one is not indented. */
function continues(prev: Line, pp: PageLayout, cur: Line, cp: PageLayout): boolean {
  const em = Math.max(prev.size, cur.size, 1);
  if (Math.abs(prev.size - cur.size) > 0.2 * em) return false;
  // a line also ends early when the next one starts with a word too long to fit (100%。)
  const lead = /^[\w.%‰，,。、：:；;)）"”'’]+/.exec(cur.text)?.[0].length ?? 0;
  const full = prev.x1 >= pp.right - (1.5 + 0.6 * lead) * em;
  const indented = cur.x0 > cp.left + 1.2 * em;
  if (!full || indented) return false;
  if (prev.x0 > pp.left + 4 * em) return false; // centred lines (titles) stand alone
  if (pp === cp && cur.top - prev.bottom > 1.2 * em) return false;
  return true;
}
