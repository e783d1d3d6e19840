// Makes the attachment fixtures under test/fixtures/attachments/ from generated reports:
// PDFs (pdfkit + WenQuanYi Zen Hei: ruled, a requests table broken across two pages with its
// header repeated, a borderless one whose figures are drawn in shuffled order, a scanned one
// that is only page images), DOCX (docx: real Word tables), DOC (LibreOffice from the DOCX)
// and XLSX (SheetJS), each with a .truth.json. Deterministic; run with
//   npx tsx scripts/make-attachment-fixtures.ts [NAME…]   (NAME…: write only those fixtures)
// Needs: fonts-wqy-zenhei, poppler-utils (pdftoppm, for the scan), LibreOffice (soffice, for
// the DOC; without it the committed DOC is kept).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import PDFDocument from 'pdfkit';
import * as docx from 'docx';
import * as XLSX from 'xlsx';
import { generateReport, type GeneratedReport } from '../src/replay/generator/index.js';
import { Rng } from '../src/replay/generator/prng.js';

const OUT = 'test/fixtures/attachments';
const FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
const FONT_NAME = 'WenQuanYiZenHei';

// ---------------------------------------------------------------- the report as blocks
interface Cell { text: string; rowspan: number; colspan: number }
type Block = { t: 'p'; text: string; align: 'left' | 'center' | 'right'; size: 'title' | 'heading' | 'body'; indent: boolean } | { t: 'table'; rows: Cell[][] };

/** The generated page's article (title, date line, body) as paragraphs and tables. */
export function reportBlocks(html: string): Block[] {
  const $ = cheerio.load(html);
  const blocks: Block[] = [];
  const INLINE = new Set(['strong', 'b', 'span', 'a', 'font', 'em', 'i', 'u', 'sup', 'sub']);
  const SKIP = new Set(['script', 'style', 'head', 'title', 'meta', 'link']);
  // inline content is gathered into a line until a <br> or a block element ends it
  const visit = (el: cheerio.Cheerio<any>, ctx: { tag: string; style: string }): void => {
    let text = '', bold = false;
    const flush = (): void => {
      const t = text.replace(/\s+/g, ' ').trim();
      if (t) {
        const align = /text-align:\s*right/.test(ctx.style) ? 'right' : /text-align:\s*center/.test(ctx.style) || ctx.tag === 'h1' ? 'center' : 'left';
        const size = ctx.tag === 'h1' ? 'title' : /^h[2-4]$/.test(ctx.tag) || bold ? 'heading' : 'body';
        blocks.push({ t: 'p', text: t, align, size, indent: /text-indent/.test(ctx.style) });
      }
      text = ''; bold = false;
    };
    el.contents().each((_, node) => {
      const n = node as { type: string; data?: string; tagName?: string };
      if (n.type === 'text') { text += n.data ?? ''; return; }
      if (n.type !== 'tag') return;
      const tag = n.tagName ?? '';
      if (SKIP.has(tag)) return;
      if (tag === 'br') { flush(); return; }
      if (INLINE.has(tag)) { if ((tag === 'strong' || tag === 'b') && !text.trim()) bold = true; text += $(node).text(); return; }
      flush();
      if (tag === 'table') {
        const rows: Cell[][] = [];
        $(node).find('tr').each((__, tr) => {
          const row: Cell[] = [];
          $(tr).children('td,th').each((___, td) => {
            const c = $(td);
            row.push({ text: c.text().replace(/\s+/g, ' ').trim(), rowspan: Number(c.attr('rowspan')) || 1, colspan: Number(c.attr('colspan')) || 1 });
          });
          rows.push(row);
        });
        blocks.push({ t: 'table', rows });
        return;
      }
      visit($(node), { tag, style: $(node).attr('style') ?? '' });
    });
    flush();
  };
  visit($('body'), { tag: 'body', style: '' });
  return blocks;
}

/** The grid of a table: each position's origin cell, and whether it is that cell's top-left. */
function grid(rows: Cell[][]): { nc: number; at: Array<Array<{ cell: Cell; r: number; c: number } | null>> } {
  const at: Array<Array<{ cell: Cell; r: number; c: number } | null>> = rows.map(() => []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (at[r][c]) c++;
      for (let dr = 0; dr < cell.rowspan && r + dr < rows.length; dr++) for (let dc = 0; dc < cell.colspan; dc++) at[r + dr][c + dc] = { cell, r, c };
      c += cell.colspan;
    }
  });
  const nc = Math.max(...at.map((r) => r.length));
  for (const row of at) for (let c = 0; c < nc; c++) row[c] ??= null;
  return { nc, at };
}

const isNum = (s: string): boolean => /^[-+]?[\d.,]+%?$/.test(s);

// ---------------------------------------------------------------- PDF
interface PdfOpts {
  ruled: boolean;
  /** seed: draw every table's cells in a shuffled order (labels after figures) */
  shuffle?: number;
  /** force a page break inside the table whose text matches, before the row whose label matches */
  breakBefore?: { table: RegExp; row: RegExp };
  pageNumbers: boolean;
}

function pdfBytes(build: (doc: PDFKit.PDFDocument) => void, opts: ConstructorParameters<typeof PDFDocument>[0]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ ...opts, info: { Title: 'report', Producer: 'ogi-archive fixtures', CreationDate: new Date(Date.UTC(2024, 0, 1)) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

export function renderPdf(blocks: Block[], o: PdfOpts): Promise<Buffer> {
  const M = 56;
  return pdfBytes((doc) => {
    doc.font(FONT, FONT_NAME);
    const W = doc.page.width - 2 * M;
    const bottom = (): number => doc.page.height - M;
    for (const b of blocks) {
      if (b.t === 'p') {
        const size = b.size === 'title' ? 16 : b.size === 'heading' ? 11 : 10.5;
        doc.fontSize(size);
        if (doc.y + doc.heightOfString(b.text, { width: W }) > bottom() && b.size !== 'body') doc.addPage();
        doc.text(b.text, M, doc.y, { width: W, align: b.align, indent: b.indent ? 2 * size : 0, lineGap: 3 });
        doc.moveDown(b.size === 'title' ? 0.6 : 0.3);
        continue;
      }
      drawTable(doc, b.rows, M, W, bottom, o);
      doc.moveDown(0.6);
    }
    if (o.pageNumbers) {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const m = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc.fontSize(9).text(`— ${i + 1} —`, 0, doc.page.height - 36, { width: doc.page.width, align: 'center', lineBreak: false });
        doc.page.margins.bottom = m;
      }
    }
  }, { size: 'A4', margin: M, bufferPages: true, compress: true });
}

function drawTable(doc: PDFKit.PDFDocument, rows: Cell[][], X: number, W: number, bottom: () => number, o: PdfOpts): void {
  const { nc, at } = grid(rows);
  const fs = nc > 10 ? 7.5 : 9;
  const pad = 2.5;
  doc.fontSize(fs);
  // column widths: what single cells need, then what spanning cells need, scaled to the page
  const need = Array<number>(nc).fill(22);
  const textW = (s: string): number => Math.min(doc.widthOfString(s) + 2 * pad + 1, 190);
  at.forEach((row) => row.forEach((g, c) => { if (g && g.c === c && g.cell.colspan === 1) need[c] = Math.max(need[c], Math.min(textW(g.cell.text), isNum(g.cell.text) ? 60 : 64)); }));
  at.forEach((row) => row.forEach((g, c) => {
    if (!g || g.c !== c || g.cell.colspan === 1) return;
    const have = need.slice(c, c + g.cell.colspan).reduce((a, x) => a + x, 0);
    const want = textW(g.cell.text) * (g.cell.text.length > 24 ? 0.55 : 1);
    if (want > have) for (let k = c; k < c + g.cell.colspan; k++) need[k] += (want - have) / g.cell.colspan;
  }));
  const total = need.reduce((a, x) => a + x, 0);
  const widths = need.map((x) => (x * W) / total);
  const xs = [X];
  for (const w of widths) xs.push(xs[xs.length - 1] + w);
  const cellW = (g: { cell: Cell; c: number }): number => xs[g.c + g.cell.colspan] - xs[g.c];
  const hOf = (g: { cell: Cell; c: number }): number => (g.cell.text ? doc.heightOfString(g.cell.text, { width: cellW(g) - 2 * pad }) : fs) + 2 * pad + 1;
  // row heights: single-row cells, then rowspans stretch their last row
  const rh = at.map((row, r) => Math.max(fs + 2 * pad + 2, ...row.filter((g, c) => g && g.c === c && g.r === r && g.cell.rowspan === 1).map((g) => hOf(g!))));
  at.forEach((row, r) => row.forEach((g, c) => {
    if (!g || g.c !== c || g.r !== r || g.cell.rowspan === 1) return;
    const span = Math.min(g.cell.rowspan, at.length - r);
    const have = rh.slice(r, r + span).reduce((a, x) => a + x, 0);
    const want = hOf(g);
    if (want > have) rh[r + span - 1] += want - have;
  }));
  const header = at.findIndex((row) => row.some((g) => g && isNum(g.cell.text)));
  const headerRows = header > 0 ? header : 0;
  const tableText = rows.map((r) => r.map((c) => c.text).join('')).join('');
  const forced = o.breakBefore && o.breakBefore.table.test(tableText)
    ? at.findIndex((row, r) => row.some((g) => g && g.r === r && o.breakBefore!.row.test(g.cell.text))) : -1;
  interface Op { kind: 'num' | 'label' | 'rect'; run: () => void }
  let ops: Op[] = [];
  const ORDER = { num: 0, label: 1, rect: 2 };
  const flush = (): void => {
    if (o.shuffle !== undefined) {
      // figures first, in shuffled order, then the labels, then the borders
      ops = new Rng(o.shuffle + ops.length).shuffle(ops).sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
    }
    for (const op of ops) op.run();
    ops = [];
  };
  let y = doc.y;
  // rows [from, to) on one page; a span crossing a page break continues as an empty cell
  const drawRows = (from: number, to: number, yTop: number, continued: boolean): void => {
    let yy = yTop;
    for (let r = from; r < to; r++) {
      at[r].forEach((g, c) => {
        if (!g || g.c !== c) return;
        const cont = g.r < r;
        if (cont && !(continued && r === from)) return;
        const span = Math.min(g.r + g.cell.rowspan, to) - r;
        const h = rh.slice(r, r + span).reduce((a, x) => a + x, 0);
        const w = cellW(g);
        const x = xs[c];
        const top = yy;
        const text = cont ? '' : g.cell.text;
        if (o.ruled) ops.push({ kind: 'rect', run: () => doc.lineWidth(0.5).rect(x, top, w, h).stroke() });
        if (text) {
          const th = doc.heightOfString(text, { width: w - 2 * pad });
          const ty = top + Math.max(pad, (h - th) / 2);
          const align = isNum(text) || r < headerRows ? 'center' : 'left';
          ops.push({ kind: isNum(text) ? 'num' : 'label', run: () => { doc.fontSize(fs).text(text, x + pad, ty, { width: w - 2 * pad, align, lineBreak: true, height: h }); } });
        }
      });
      yy += rh[r];
    }
  };
  let from = 0;
  for (let r = 0; r <= at.length; r++) {
    const end = r === at.length;
    const mustBreak = !end && r > from && (r === forced || y + rh[r] > bottom());
    if (!end && !mustBreak) { y += rh[r]; continue; }
    const yTop = y - rh.slice(from, r).reduce((a, x) => a + x, 0);
    drawRows(from, r, yTop, from > 0);
    flush();
    if (end) break;
    doc.addPage();
    y = doc.page.margins.top;
    // the header rows are repeated on the new page (Word's 重复标题行)
    if (headerRows && r > headerRows) { drawRows(0, headerRows, y, false); y += rh.slice(0, headerRows).reduce((a, x) => a + x, 0); }
    from = r;
    y += rh[r];
  }
  flush();
  doc.x = X;
  doc.y = y + 4;
  doc.fontSize(10.5);
}

// ---------------------------------------------------------------- a row split over a page
/**
 * The report's blocks with one table row split in two as a page break splits it when Word
 * lets rows break across pages: the first part keeps the label's first half and the figures,
 * the part on the next page holds the rest of the label over empty figure cells; cells that
 * span the row (a group label) span both parts. Returns the blocks and a pattern for the
 * second part's label, to force the page break before it (`breakBefore`).
 */
export function splitRowBlocks(blocks: Block[], table: RegExp, row: RegExp): { blocks: Block[]; second: RegExp } {
  let second: RegExp | null = null;
  const out = blocks.map((b) => {
    if (b.t !== 'table' || second || !table.test(b.rows.map((r) => r.map((c) => c.text).join('')).join(''))) return b;
    const rows = b.rows.map((r) => r.map((c) => ({ ...c })));
    const { at } = grid(rows);
    const s = at.findIndex((r, ri) => r.some((g) => g && g.r === ri && row.test(g.cell.text)));
    if (s < 0) return b;
    const label = at[s].find((g) => g && g.r === s && row.test(g.cell.text))!.cell;
    const cut = Math.ceil(label.text.length / 2);
    const rest = label.text.slice(cut);
    const added: Cell[] = [];
    const seen = new Set<Cell>();
    at[s].forEach((g) => {
      if (!g || seen.has(g.cell)) return;
      seen.add(g.cell);
      if (g.r < s || g.cell.rowspan > 1) { g.cell.rowspan++; return; } // spans the row: spans both parts
      added.push({ text: g.cell === label ? rest : '', rowspan: 1, colspan: g.cell.colspan });
    });
    label.text = label.text.slice(0, cut);
    rows.splice(s + 1, 0, added);
    second = new RegExp(`^${rest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return { ...b, rows };
  });
  if (!second) throw new Error(`no row ${row} in a table ${table}`);
  return { blocks: out, second };
}

// ---------------------------------------------------------------- scanned PDF
/** Renders a text PDF to 1-bit page images (pdftoppm) and wraps them as an image-only PDF. */
async function scanPdf(textPdf: Buffer, dpi: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-scan-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), textPdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-mono', '-png', join(dir, 'in.pdf'), join(dir, 'p')]);
    const files = execFileSync('ls', [dir]).toString().split('\n').filter((f) => /^p-\d+\.png$/.test(f)).sort();
    return await pdfBytes((doc) => {
      files.forEach((f, i) => {
        if (i > 0) doc.addPage();
        doc.image(readFileSync(join(dir, f)), 0, 0, { width: doc.page.width, height: doc.page.height });
      });
    }, { size: 'A4', margin: 0, compress: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- DOCX
export async function renderDocx(blocks: Block[]): Promise<Buffer> {
  const children: Array<docx.Paragraph | docx.Table> = [];
  const run = (text: string, size: number, bold = false): docx.TextRun => new docx.TextRun({ text, size: size * 2, bold, font: { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman' } });
  for (const b of blocks) {
    if (b.t === 'p') {
      const size = b.size === 'title' ? 16 : b.size === 'heading' ? 11 : 10.5;
      children.push(new docx.Paragraph({
        children: [run(b.text, size, b.size !== 'body')],
        alignment: b.align === 'center' ? docx.AlignmentType.CENTER : b.align === 'right' ? docx.AlignmentType.RIGHT : docx.AlignmentType.LEFT,
        indent: b.indent ? { firstLine: 420 } : undefined,
        heading: b.size === 'title' ? docx.HeadingLevel.TITLE : undefined,
      }));
      continue;
    }
    const { nc } = grid(b.rows);
    const rows = b.rows.map((row) => new docx.TableRow({
      children: row.map((c) => new docx.TableCell({
        children: [new docx.Paragraph({ children: [run(c.text, 9)], alignment: isNum(c.text) ? docx.AlignmentType.CENTER : docx.AlignmentType.LEFT })],
        rowSpan: c.rowspan > 1 ? c.rowspan : undefined,
        columnSpan: c.colspan > 1 ? c.colspan : undefined,
        verticalAlign: docx.VerticalAlign.CENTER,
      })),
    }));
    children.push(new docx.Table({ rows, width: { size: 100, type: docx.WidthType.PERCENTAGE }, columnWidths: Array<number>(nc).fill(Math.floor(9000 / nc)) }));
    children.push(new docx.Paragraph({ children: [] }));
  }
  const d = new docx.Document({ creator: 'ogi-archive fixtures', sections: [{ children }] });
  return docx.Packer.toBuffer(d);
}

// ---------------------------------------------------------------- DOCX as Word writes it
// WordprocessingML written by hand, in the shapes Word's own files have and the `docx` package
// does not make: merged cells as w:gridSpan and w:vMerge restart/continue (a continuation cell
// is present, empty), header rows marked w:tblHeader (repeated on each page), a figure broken
// into several runs (proofing marks and a bookmark between them, as editing leaves it), a
// long label typed as two paragraphs in its cell, w:lastRenderedPageBreak where the table
// crossed a page, cell text padded with spaces. `asText: 'tabs'` writes every table row as
// one paragraph with a tab between cells instead (a table pasted into Word as text).
export interface WordOpts { asText?: 'tabs'; pageBreakBeforeRow?: RegExp }

const xmlEsc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RPR = (size: number, bold = false): string => `<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:hint="eastAsia"/>${bold ? '<w:b/>' : ''}<w:sz w:val="${size * 2}"/><w:szCs w:val="${size * 2}"/></w:rPr>`;
const wRun = (text: string, size: number, bold = false): string => `<w:r>${RPR(size, bold)}<w:t xml:space="preserve">${xmlEsc(text)}</w:t></w:r>`;
const wPara = (runs: string, jc: string, extra = ''): string => `<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/><w:jc w:val="${jc}"/>${extra}</w:pPr>${runs}</w:p>`;

/** A figure as editing leaves it: split into runs, with proofing marks and a bookmark between them. */
function brokenFigure(text: string, n: number): string {
  if (text.length < 2) return wRun(text, 9);
  const cut = 1 + (n % (text.length - 1));
  return `<w:proofErr w:type="gramStart"/>${wRun(text.slice(0, cut), 9)}<w:bookmarkStart w:id="${n}" w:name="_Hlk${100000 + n}"/>${wRun(text.slice(cut), 9)}<w:bookmarkEnd w:id="${n}"/><w:proofErr w:type="gramEnd"/>`;
}

/** A long label typed as two paragraphs (Enter before its parenthesised note), else one. */
function labelParas(text: string): string {
  const m = /^(.{4,}?)([（(].{6,})$/.exec(text);
  const parts = m ? [m[1], m[2]] : [text];
  return parts.map((t) => wPara(wRun(` ${t} `, 9), 'left')).join('');
}

export function wordDocumentXml(blocks: Block[], o: WordOpts = {}): string {
  const body: string[] = [];
  let figures = 0;
  for (const b of blocks) {
    if (b.t === 'p') {
      const size = b.size === 'title' ? 16 : b.size === 'heading' ? 11 : 10.5;
      body.push(wPara(wRun(b.text, size, b.size !== 'body'), b.align === 'center' ? 'center' : b.align === 'right' ? 'right' : 'both', b.indent ? '<w:ind w:firstLineChars="200" w:firstLine="420"/>' : ''));
      continue;
    }
    const { nc, at } = grid(b.rows);
    if (o.asText === 'tabs') {
      // as "keep text only" pastes a table: a tab after every cell but the last, merged cells once
      at.forEach((row, r) => {
        const cells = row.filter((g, c) => g && g.c === c && g.r === r).map((g) => g!.cell.text);
        body.push(wPara(cells.map((t, i) => `${i ? '<w:r><w:tab/></w:r>' : ''}${wRun(t, 10.5)}`).join(''), 'left'));
      });
      body.push(wPara('', 'left'));
      continue;
    }
    const header = at.findIndex((row) => row.some((g) => g && isNum(g.cell.text)));
    const tw = Math.floor(9000 / nc);
    const rows = at.map((row, r) => {
      const trPr = r < header ? '<w:trPr><w:tblHeader/><w:jc w:val="center"/></w:trPr>' : '<w:trPr><w:jc w:val="center"/></w:trPr>';
      const cells: string[] = [];
      const pageBreak = o.pageBreakBeforeRow && row.some((g, c) => g && g.c === c && g.r === r && o.pageBreakBeforeRow!.test(g.cell.text));
      row.forEach((g, c) => {
        if (!g || g.c !== c) return;
        const span = g.cell.colspan > 1 ? `<w:gridSpan w:val="${g.cell.colspan}"/>` : '';
        const tcW = `<w:tcW w:w="${tw * g.cell.colspan}" w:type="dxa"/>`;
        if (g.r < r) { cells.push(`<w:tc><w:tcPr>${tcW}${span}<w:vMerge/><w:vAlign w:val="center"/></w:tcPr><w:p/></w:tc>`); return; }
        const vm = g.cell.rowspan > 1 ? '<w:vMerge w:val="restart"/>' : '';
        const t = g.cell.text;
        let content = !t ? '<w:p/>' : isNum(t) ? wPara(brokenFigure(t, ++figures), 'center') : labelParas(t);
        if (pageBreak && !cells.length) content = content.replace('<w:r>', '<w:r><w:lastRenderedPageBreak/>');
        cells.push(`<w:tc><w:tcPr>${tcW}${span}${vm}<w:vAlign w:val="center"/></w:tcPr>${content}</w:tc>`);
      });
      return `<w:tr>${trPr}${cells.join('')}</w:tr>`;
    });
    const border = (side: string): string => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>`;
    body.push(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr>`
      + `<w:tblGrid>${Array.from({ length: nc }, () => `<w:gridCol w:w="${tw}"/>`).join('')}</w:tblGrid>${rows.join('')}</w:tbl>`);
    body.push(wPara('', 'left'));
  }
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W_NS}><w:body>${body.join('')}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`;
}

/** A DOCX package around `wordDocumentXml` (fixed timestamps: reproducible bytes). */
export async function renderWordDocx(blocks: Block[], o: WordOpts = {}): Promise<Buffer> {
  return wordPackage(wordDocumentXml(blocks, o));
}

/** The smallest DOCX package Word and mammoth open around one word/document.xml (fixed timestamps). */
export async function wordPackage(documentXml: string): Promise<Buffer> {
  const JSZip = (await import('jszip')).default;
  const zip = new JSZip();
  const date = new Date(Date.UTC(2024, 0, 1));
  const add = (name: string, text: string): void => { zip.file(name, text, { date }); };
  add('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>');
  add('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>');
  add('docProps/core.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>ogi-archive fixtures</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created></cp:coreProperties>');
  add('word/document.xml', documentXml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A DOCX with its document properties' dates pinned (docx writes the time of the run). */
async function pinDocxDates(buf: Buffer): Promise<Buffer> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(buf);
  const core = zip.file('docProps/core.xml');
  if (core) zip.file('docProps/core.xml', (await core.async('string')).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, '$12024-01-01T00:00:00Z'));
  const date = new Date(Date.UTC(2024, 0, 1));
  zip.forEach((_, f) => { f.date = date; });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Zip entries carry timestamps: pin them so the bytes are reproducible. */
function pinZipTimes(buf: Buffer): Buffer {
  const b = Buffer.from(buf);
  for (let i = 0; i + 30 < b.length; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50) { b.writeUInt16LE(0, i + 10); b.writeUInt16LE(0x5821, i + 12); }
    else if (sig === 0x02014b50 && i + 46 < b.length) { b.writeUInt16LE(0, i + 12); b.writeUInt16LE(0x5821, i + 14); }
  }
  return b;
}

// ---------------------------------------------------------------- XLSX
export function renderXlsx(blocks: Block[]): Buffer {
  const wb = XLSX.utils.book_new();
  const text: string[][] = [];
  let n = 0;
  for (const b of blocks) {
    if (b.t === 'p') { text.push([b.text]); continue; }
    const { nc, at } = grid(b.rows);
    const aoa: string[][] = at.map((row, r) => row.map((g, c) => (g && g.r === r && g.c === c ? g.cell.text : '')));
    const ws = XLSX.utils.aoa_to_sheet(aoa.map((row) => row.map((s) => (isNum(s) && /^\d+$/.test(s) ? Number(s) : s))));
    const merges: XLSX.Range[] = [];
    at.forEach((row, r) => row.forEach((g, c) => { if (g && g.r === r && g.c === c && (g.cell.rowspan > 1 || g.cell.colspan > 1)) merges.push({ s: { r, c }, e: { r: Math.min(r + g.cell.rowspan, at.length) - 1, c: c + g.cell.colspan - 1 } }); }));
    ws['!merges'] = merges;
    ws['!cols'] = Array.from({ length: nc }, (_, c) => ({ wch: c === 0 ? 30 : 10 }));
    XLSX.utils.book_append_sheet(wb, ws, `表${++n}`);
    text.push([`（见表${n}）`]);
  }
  const tws = XLSX.utils.aoa_to_sheet(text);
  XLSX.utils.book_append_sheet(wb, tws, '报告正文');
  // the text sheet first
  wb.SheetNames = ['报告正文', ...wb.SheetNames.filter((s) => s !== '报告正文')];
  wb.Props = { Title: 'report', Author: 'ogi-archive fixtures', CreatedDate: new Date(Date.UTC(2024, 0, 1)) };
  return pinZipTimes(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

// ---------------------------------------------------------------- DOC
function docFromDocx(docxBytes: Buffer): Buffer | null {
  const soffice = ['soffice', 'libreoffice'].find((b) => { try { execFileSync('which', [b], { stdio: 'ignore' }); return true; } catch { return false; } });
  if (!soffice) return null;
  const dir = mkdtempSync(join(tmpdir(), 'ogi-doc-'));
  try {
    writeFileSync(join(dir, 'report.docx'), docxBytes);
    execFileSync(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'doc:MS Word 97', '--outdir', dir, join(dir, 'report.docx')], { stdio: 'ignore', timeout: 120_000 });
    return readFileSync(join(dir, 'report.doc'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- fixtures
const base = { chrome: false, spam: false, encoding: 'utf-8' as const, script: 'simplified' as const, layout: 'table' as const, blanks: false, revision: 0 };

interface Fixture { name: string; report: GeneratedReport; note: string }

function truthFile(f: Fixture, file: string): string {
  return JSON.stringify({ file, note: f.note, options: f.report.options, truth: f.report.truth }, null, 2) + '\n';
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  // `… make-attachment-fixtures.ts NAME…` makes only the named fixtures (the others are kept as committed)
  const only = process.argv.slice(2);
  const want = (name: string): boolean => !only.length || only.includes(name);
  if (only.some((n) => !/\.(pdf|docx|doc|xlsx)$/.test(n))) throw new Error(`not a fixture name: ${only.join(' ')}`);
  if ((!only.length || only.some((n) => n.endsWith('.pdf'))) && !existsSync(FONT)) throw new Error(`needs ${FONT} (apt-get install fonts-wqy-zenhei)`);
  const write = async (name: string, make: () => Buffer | null | Promise<Buffer | null>, f: Fixture): Promise<void> => {
    if (!want(name)) return;
    const bytes = await make();
    if (!bytes) { console.warn(`${name}: not made (its converter is missing), kept as committed`); return; }
    writeFileSync(join(OUT, name), bytes);
    writeFileSync(join(OUT, `${name.replace(/\.[a-z]+$/, '')}.truth.json`), truthFile(f, name));
    console.log(`${name}: ${bytes.length} bytes`);
  };
  const r2021 = generateReport({ ...base, seed: 6101, era: '2021', year: 2023, issuer: '安庆市人民政府' });
  const r2019 = generateReport({ ...base, seed: 6102, era: '2019', year: 2020, issuer: '磐安县人民政府' });
  const rPre = generateReport({ ...base, seed: 6103, era: 'pre2019', year: 2016, layout: 'table' });
  const rSplit = generateReport({ ...base, seed: 6104, era: '2021', year: 2022, layout: 'merged' });
  const rShuf = generateReport({ ...base, seed: 6105, era: '2019', year: 2019 });
  const rScan = generateReport({ ...base, seed: 6106, era: '2021', year: 2021 });
  const rDocx = generateReport({ ...base, seed: 6107, era: '2021', year: 2024, layout: 'merged' });
  const rDoc = generateReport({ ...base, seed: 6108, era: '2019', year: 2020 });
  const rXlsx = generateReport({ ...base, seed: 6109, era: '2021', year: 2022 });

  const f = (name: string, report: GeneratedReport, note: string): Fixture => ({ name, report, note });
  await write('pdf-2021.pdf', async () => renderPdf(reportBlocks(r2021.html), { ruled: true, pageNumbers: true }), f('pdf-2021', r2021, 'ruled tables, page numbers'));
  await write('pdf-2019.pdf', async () => renderPdf(reportBlocks(r2019.html), { ruled: true, pageNumbers: false }), f('pdf-2019', r2019, 'ruled tables'));
  await write('pdf-pre2019.pdf', async () => renderPdf(reportBlocks(rPre.html), { ruled: true, pageNumbers: true }), f('pdf-pre2019', rPre, 'pre-2019 report with its tables'));
  await write('two-page-table.pdf', async () => renderPdf(reportBlocks(rSplit.html), { ruled: true, pageNumbers: true, breakBefore: { table: /本年新收/, row: /（四）无法提供/ } }),
    f('two-page-table', rSplit, 'requests table broken across two pages before row （四）, header rows repeated'));
  const rRowSplit = generateReport({ ...base, seed: 6114, era: '2021', year: 2023, layout: 'merged', issuer: '沭阳县人民政府' });
  const split = splitRowBlocks(reportBlocks(rRowSplit.html), /本年新收/, /^2[.．]申请人逾期未按收费通知要求缴纳费用/);
  await write('row-split-2023.pdf', async () => renderPdf(split.blocks, { ruled: true, pageNumbers: true, breakBefore: { table: /本年新收/, row: split.second } }),
    f('row-split-2023', rRowSplit, 'requests table whose row （六）2 is split over a page break (label half on each page, figures on the first, group label （六） spanning both parts), header rows repeated'));
  await write('reordered.pdf', async () => renderPdf(reportBlocks(rShuf.html), { ruled: true, pageNumbers: true, shuffle: 7 }),
    f('reordered', rShuf, 'every table cell drawn in shuffled order, figures first, then labels, then borders'));
  // the scan keeps the title, headings, first paragraph, tables and signature (all the truth) to stay small
  const scanBlocks = reportBlocks(rScan.html).filter((b, i) => b.t === 'table' || b.size !== 'body' || b.align !== 'left' || i < 4);
  const rBorderless = generateReport({ ...base, seed: 6110, era: '2021', year: 2023 });
  await write('borderless.pdf', async () => renderPdf(reportBlocks(rBorderless.html), { ruled: false, pageNumbers: true, shuffle: 11 }),
    f('borderless', rBorderless, 'tables without any ruling line (merged label cells centred, labels wrapped), cells drawn in shuffled order'));
  await write('scanned.pdf', async () => scanPdf(await renderPdf(scanBlocks, { ruled: true, pageNumbers: true }), 200), f('scanned', rScan, 'image-only pages (200 dpi, 1-bit) of a ruled report (prose paragraphs after the first left out)'));
  await write('docx-2024.docx', async () => pinDocxDates(await renderDocx(reportBlocks(rDocx.html))), f('docx-2024', rDocx, 'Word tables with merged cells'));
  await write('doc-2020.doc', async () => docFromDocx(await pinDocxDates(await renderDocx(reportBlocks(rDoc.html)))), f('doc-2020', rDoc, 'Word 97 binary, converted from a DOCX by LibreOffice'));
  const rWord = generateReport({ ...base, seed: 6111, era: '2021', year: 2022, layout: 'merged', issuer: '宿迁市人民政府' });
  await write('word-export-2022.docx', async () => renderWordDocx(reportBlocks(rWord.html), { pageBreakBeforeRow: /（四）无法提供/ }),
    f('word-export-2022', rWord, 'Word\'s own markup: gridSpan/vMerge (continuation cells present), tblHeader rows, figures broken into runs with proofing marks and bookmarks, long labels typed as two paragraphs, a rendered page break inside the requests table'));
  const rWord19 = generateReport({ ...base, seed: 6112, era: '2019', year: 2020, layout: 'merged' });
  await write('word-export-2019.docx', async () => renderWordDocx(reportBlocks(rWord19.html)), f('word-export-2019', rWord19, 'Word\'s own markup, 2019 format (merged cells, broken runs, two-paragraph labels)'));
  const rPasted = generateReport({ ...base, seed: 6113, era: '2021', year: 2023, layout: 'merged', blanks: true });
  await write('pasted-text-2023.docx', async () => renderWordDocx(reportBlocks(rPasted.html), { asText: 'tabs' }),
    f('pasted-text-2023', rPasted, 'tables pasted into Word as text: one paragraph per row, a tab between cells, merged cells written once, blank cells kept as empty fields'));
  await write('xlsx-2022.xlsx', async () => renderXlsx(reportBlocks(rXlsx.html)), f('xlsx-2022', rXlsx, 'text sheet + one sheet per table, merged cells'));
  // a corrupted PDF: the first part of a real one with its middle overwritten
  if (only.length && !only.includes('corrupted.pdf')) return;
  const bad = Buffer.from(readFileSync(join(OUT, 'pdf-2019.pdf')).subarray(0, 3000));
  bad.fill(0x20, 40, 2600);
  writeFileSync(join(OUT, 'corrupted.pdf'), bad);
  console.log(`corrupted.pdf: ${bad.length} bytes`);
}

// run when executed, not when imported (the tests and benchmarks reuse the renderers)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
