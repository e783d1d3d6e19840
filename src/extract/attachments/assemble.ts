// Owns turning laid-out pages into one document's blocks: drops page numbers and running
// headers/footers, joins a table continued on the next page (same columns; repeated header
// rows dropped), and joins wrapped text lines into paragraphs.
import { joinText, type Line } from './geometry.js';
import type { PageItem, PageLayout } from './layout.js';
import type { PlacedTable } from './ruled.js';
import type { Block, Cell } from './blocks.js';

const PAGE_NO = /^(?:[-—–－_~·•\s]*\d{1,4}[-—–－_~·•\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|page\s*\d+(\s*of\s*\d+)?|[-—–]\s*[ivxlc]+\s*[-—–])$/i;

function isMargin(line: Line, page: PageLayout): 'top' | 'bottom' | null {
  if (line.bottom < page.height * 0.09) return 'top';
  if (line.top > page.height * 0.9) return 'bottom';
  return null;
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
      if (PAGE_NO.test(text)) { drop.add(it.line); continue; }
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

const rowKey = (r: Cell[]): string => r.map((c) => `${c.text}/${c.colspan}`).join('|');

function sameColumns(a: PlacedTable, b: PlacedTable): boolean {
  if (a.xs.length !== b.xs.length) return false;
  const tol = Math.max(4, (a.x1 - a.x0) * 0.015);
  return a.xs.every((x, i) => Math.abs(x - b.xs[i]) <= tol);
}

/** Appends the continuation of a table, minus the header rows it repeats. */
function continueTable(a: PlacedTable, b: PlacedTable): PlacedTable {
  let k = 0;
  while (k < b.rows.length && k < a.rows.length && rowKey(b.rows[k]) === rowKey(a.rows[k])) k++;
  // a header repeated with spans reaching into the body rows is kept whole
  if (k > 0 && b.rows.slice(0, k).some((r, i) => r.some((c) => i + c.rowspan > k))) k = 0;
  return { ...a, rows: [...a.rows, ...b.rows.slice(k)], bottom: b.bottom };
}

export function assemble(pages: PageLayout[]): Block[] {
  const drop = furniture(pages);
  const items: Array<PageItem & { page: PageLayout }> = [];
  for (const p of pages) {
    let first = true;
    for (const it of p.items) {
      if (it.t === 'line' && drop.has(it.line)) continue;
      const last = items[items.length - 1];
      if (first && it.t === 'table' && last?.t === 'table' && last.page !== p && sameColumns(last.table, it.table)) {
        items[items.length - 1] = { t: 'table', table: continueTable(last.table, it.table), page: p };
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
  const full = prev.x1 >= pp.right - 1.5 * em;
  const indented = cur.x0 > cp.left + 1.2 * em;
  if (!full || indented) return false;
  if (prev.x0 > pp.left + 4 * em) return false; // centred lines (titles) stand alone
  if (pp === cp && cur.top - prev.bottom > 1.2 * em) return false;
  return true;
}
