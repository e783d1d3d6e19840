// Owns reading spreadsheets (.xlsx, .xls, Kingsoft .et) with SheetJS: every sheet becomes
// its tables (merged cells as rowspan/colspan) and its text rows (a single unmerged cell with
// the row to itself, before or after a table) become paragraphs. An XLSX is checked against
// the zip caps before SheetJS inflates it, and a sheet's used range is capped in cells (a
// range is measured from the cells present, not from the <dimension> the file declares).
import { blocksToHtml, type Block, type Cell } from './blocks.js';
import { checkZip, SHEET_MAX_CELLS, SHEET_MAX_ROWS, XLSX_CAPS } from './limits.js';
import { AttachmentError, type AttachmentDoc, type AttachmentKind } from './types.js';

type XLSXLib = typeof import('xlsx');
type Sheet = import('xlsx').WorkSheet;

async function lib(kind: AttachmentKind): Promise<XLSXLib> {
  try {
    const m = await import('xlsx');
    return ((m as unknown as { default?: XLSXLib }).default ?? m) as XLSXLib;
  } catch (e) {
    throw new AttachmentError('XLS/XLSX support needs the npm package xlsx@0.18.5 (npm install xlsx@0.18.5)', kind, { cause: e });
  }
}

export async function readSheet(bytes: Buffer, kind: AttachmentKind): Promise<AttachmentDoc> {
  if (kind === 'xlsx') await checkZip(bytes, kind, XLSX_CAPS);
  const XLSX = await lib(kind);
  let wb: import('xlsx').WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'buffer', cellText: true, cellDates: false, cellHTML: false, dense: false, sheetRows: SHEET_MAX_ROWS + 1 });
  } catch (e) {
    throw new AttachmentError(`${kind.toUpperCase()} is corrupted or not a spreadsheet: SheetJS could not read it (${(e as Error).message})`, kind, { cause: e });
  }
  const blocks: Block[] = [];
  const warnings: string[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    usedRange(XLSX, ws, name, kind, warnings);
    blocks.push(...sheetBlocks(XLSX, ws));
  }
  return { kind, html: blocksToHtml(blocks), pages: wb.SheetNames.length, flags: [], warnings };
}

/**
 * Sets the sheet's range to the cells it holds (a declared <dimension> may be anything) and
 * throws when that range is over the cell cap: the grid built from it is rows × columns.
 */
function usedRange(XLSX: XLSXLib, ws: Sheet, name: string, kind: AttachmentKind, warnings: string[]): void {
  let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
  for (const key of Object.keys(ws)) {
    if (key[0] === '!') continue;
    const { r, c } = XLSX.utils.decode_cell(key);
    if (r < r0) r0 = r; if (r > r1) r1 = r; if (c < c0) c0 = c; if (c > c1) c1 = c;
  }
  for (const m of ws['!merges'] ?? []) {
    if (m.s.r < r0) r0 = m.s.r; if (m.e.r > r1) r1 = m.e.r; if (m.s.c < c0) c0 = m.s.c; if (m.e.c > c1) c1 = m.e.c;
  }
  if (r1 < 0) { delete ws['!ref']; return; }
  const rows = r1 - r0 + 1, cols = c1 - c0 + 1;
  if (rows * cols > SHEET_MAX_CELLS) {
    throw new AttachmentError(`sheet ${name} spans ${rows} rows × ${cols} columns (${rows * cols} cells), over the cap of ${SHEET_MAX_CELLS} cells`, kind);
  }
  if (rows > SHEET_MAX_ROWS) warnings.push(`sheet ${name}: only its first ${SHEET_MAX_ROWS} rows were read`);
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: r0, c: c0 }, e: { r: Math.min(r1, r0 + SHEET_MAX_ROWS - 1), c: c1 } });
}

function cellText(XLSX: XLSXLib, ws: Sheet, r: number, c: number): string {
  const cell = ws[XLSX.utils.encode_cell({ r, c })] as import('xlsx').CellObject | undefined;
  if (!cell || cell.v === undefined || cell.v === null) return '';
  const s = cell.w ?? String(cell.v);
  return s.replace(/\s+/g, ' ').trim();
}

function sheetBlocks(XLSX: XLSXLib, ws: Sheet): Block[] {
  if (!ws['!ref']) return [];
  const range = XLSX.utils.decode_range(ws['!ref']);
  const merges = ws['!merges'] ?? [];
  const nr = range.e.r - range.s.r + 1, nc = range.e.c - range.s.c + 1;
  // covered[r][c]: position hidden by a merge; span[r][c]: merge origin's size
  const covered = Array.from({ length: nr }, () => Array<boolean>(nc).fill(false));
  const span = new Map<string, { rs: number; cs: number }>();
  for (const m of merges) {
    const r0 = m.s.r - range.s.r, c0 = m.s.c - range.s.c;
    if (r0 < 0 || c0 < 0 || r0 >= nr || c0 >= nc) continue;
    const rs = Math.min(m.e.r - m.s.r + 1, nr - r0), cs = Math.min(m.e.c - m.s.c + 1, nc - c0);
    span.set(`${r0},${c0}`, { rs, cs });
    for (let r = r0; r < r0 + rs; r++) for (let c = c0; c < c0 + cs; c++) if (r !== r0 || c !== c0) covered[r][c] = true;
  }
  const text = Array.from({ length: nr }, (_, r) => Array.from({ length: nc }, (_, c) => cellText(XLSX, ws, range.s.r + r, range.s.c + c)));
  const filled = (r: number): number => text[r].filter((t) => t !== '').length;
  const merged = (r: number): boolean => text[r].some((_, c) => covered[r][c] || span.has(`${r},${c}`));
  const texty = (r: number): boolean => filled(r) === 1 && !merged(r);
  const empty = (r: number): boolean => filled(r) === 0 && !merged(r);
  const blocks: Block[] = [];
  let r = 0;
  while (r < nr) {
    if (empty(r)) { r++; continue; }
    // a run of non-empty rows
    let e = r;
    while (e + 1 < nr && !empty(e + 1)) e++;
    let a = r, b = e;
    while (a <= b && texty(a)) a++;
    // trailing single-cell rows stay in the table when they are short labels (a row of blanks)
    while (b >= a && texty(b) && (/[。；;]/.test(text[b].join('')) || text[b].join('').length > 40)) b--;
    for (let k = r; k < a; k++) blocks.push({ t: 'p', text: text[k].join('') });
    if (a <= b) blocks.push({ t: 'table', rows: rowsOf(text, covered, span, a, b, nc) });
    for (let k = b + 1; k <= e; k++) blocks.push({ t: 'p', text: text[k].join('') });
    r = e + 1;
  }
  return blocks;
}

function rowsOf(text: string[][], covered: boolean[][], span: Map<string, { rs: number; cs: number }>, a: number, b: number, nc: number): Cell[][] {
  // trim columns empty over the whole table
  let c1 = nc - 1;
  while (c1 > 0 && text.slice(a, b + 1).every((row, i) => row[c1] === '' && !covered[a + i][c1] && !span.has(`${a + i},${c1}`))) c1--;
  const rows: Cell[][] = [];
  for (let r = a; r <= b; r++) {
    const row: Cell[] = [];
    for (let c = 0; c <= c1; c++) {
      if (covered[r][c]) continue;
      const s = span.get(`${r},${c}`);
      row.push({ text: text[r][c], rowspan: s ? Math.min(s.rs, b - r + 1) : 1, colspan: s ? Math.min(s.cs, c1 - c + 1) : 1 });
    }
    rows.push(row);
  }
  return rows;
}
