// Owns reading a PDF's text layer with positions: per page, the text boxes (from pdf.js
// getTextContent) and the ruling lines (from the operator list, under the current transform),
// laid out into lines and table grids and assembled into blocks. Pages without text are
// reported so the caller can flag `needs_ocr` or OCR them.
import { pdfAssets, pdfjs } from './pdfjs.js';
import { layoutPage, type PageLayout } from './layout.js';
import type { PageContent, Rule, TextBox } from './geometry.js';
import { AttachmentError } from './types.js';

export interface PdfPages {
  /** laid-out pages that could be read (textless ones included, empty) */
  pages: Array<{ no: number; layout: PageLayout }>;
  /** 1-based numbers of pages with no text layer */
  textless: number[];
  numPages: number;
  warnings: string[];
}

type Matrix = [number, number, number, number, number, number];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Opens a PDF; a damaged or encrypted file raises AttachmentError. */
export async function openPdf(bytes: Buffer): Promise<import('pdfjs-dist/types/src/display/api.js').PDFDocumentProxy> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    ...pdfAssets(), cMapPacked: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0, stopAtErrors: false,
  });
  try {
    return await task.promise;
  } catch (e) {
    const name = (e as Error).name, msg = (e as Error).message;
    if (name === 'PasswordException') throw new AttachmentError(`PDF is password-protected and cannot be read (${msg})`, 'pdf', { cause: e });
    throw new AttachmentError(`PDF is corrupted or not a PDF: pdf.js could not open it (${name}: ${msg})`, 'pdf', { cause: e });
  }
}

export async function readPdfPages(bytes: Buffer): Promise<PdfPages> {
  const lib = await pdfjs();
  const doc = await openPdf(bytes);
  const pages: PdfPages['pages'] = [];
  const textless: number[] = [];
  const warnings: string[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      let content: PageContent;
      try {
        const page = await doc.getPage(n);
        content = await pageContent(lib, page);
        page.cleanup();
      } catch (e) {
        warnings.push(`page ${n} could not be read: ${(e as Error).message}`);
        textless.push(n);
        continue;
      }
      if (!content.boxes.some((b) => b.str.trim())) textless.push(n);
      pages.push({ no: n, layout: layoutPage(content) });
    }
  } finally {
    await doc.destroy();
  }
  if (!pages.length && doc.numPages > 0 && warnings.length === doc.numPages) {
    throw new AttachmentError(`PDF is corrupted: none of its ${doc.numPages} page(s) could be read (${warnings[0]})`, 'pdf');
  }
  return { pages, textless, numPages: doc.numPages, warnings };
}

type Lib = Awaited<ReturnType<typeof pdfjs>>;
type Page = import('pdfjs-dist/types/src/display/api.js').PDFPageProxy;

async function pageContent(lib: Lib, page: Page): Promise<PageContent> {
  const [vx0, vy0, vx1, vy1] = page.view;
  const width = vx1 - vx0, height = vy1 - vy0;
  const tc = await page.getTextContent();
  const boxes: TextBox[] = [];
  for (const it of tc.items) {
    if (!('str' in it) || !it.str) continue;
    const [a, b, c, d, e, f] = it.transform as number[];
    const size = Math.hypot(c, d) || Math.hypot(a, b) || it.height || 10;
    const x0 = e - vx0;
    const base = vy1 - f;
    const w = it.width || size * [...it.str].length * 0.6;
    if (Math.abs(b) > 0.01 * Math.abs(a) && Math.abs(a) > 0) continue; // rotated text: watermarks, stamps
    boxes.push({ str: it.str, x0, x1: x0 + w, top: base - size * 0.88, bottom: base + size * 0.12, size });
  }
  const rules = await pageRules(lib, page, vx0, vy1);
  return { width, height, boxes, rules };
}

/** Ruling lines: stroked segments and thin filled rectangles, in top-down page coordinates. */
async function pageRules(lib: Lib, page: Page, vx0: number, vy1: number): Promise<Rule[]> {
  const OPS = lib.OPS;
  const ops = await page.getOperatorList();
  const rules: Rule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const toPage = (x: number, y: number): [number, number] => { const [px, py] = apply(ctm, x, y); return [px - vx0, vy1 - py]; };
  const STROKE = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const FILL = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = mul(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) { stack.push(ctm); if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ctm = mul(ctm, Array.from(args[0] as ArrayLike<number>) as Matrix); }
    else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath) {
      const op = args[0] as number;
      const data = (args[1] as ArrayLike<unknown>[] | undefined)?.[0] as ArrayLike<number> | undefined;
      if (!data || (!STROKE.has(op) && !FILL.has(op))) continue;
      for (const sub of subpaths(data)) {
        const pts = sub.pts.map(([x, y]) => toPage(x, y));
        if (STROKE.has(op)) {
          const n = sub.closed ? pts.length : pts.length - 1;
          for (let k = 0; k < n; k++) {
            if (sub.curve[(k + 1) % pts.length]) continue;
            const [x0, y0] = pts[k], [x1, y1] = pts[(k + 1) % pts.length];
            if (Math.abs(x0 - x1) < 0.5 || Math.abs(y0 - y1) < 0.5) rules.push({ x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1) });
          }
        }
        if (FILL.has(op) && pts.length >= 3) {
          const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
          const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
          if (y1 - y0 <= 2.5 && x1 - x0 > 2) rules.push({ x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
          else if (x1 - x0 <= 2.5 && y1 - y0 > 2) rules.push({ x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 });
        }
      }
    }
  }
  return rules;
}

interface SubPath { pts: Array<[number, number]>; /** curve[k]: the edge into point k is a curve */ curve: boolean[]; closed: boolean }

/** Subpaths of a pdf.js path buffer; curves keep their end points and are marked. */
function subpaths(d: ArrayLike<number>): SubPath[] {
  const out: SubPath[] = [];
  let cur: SubPath | null = null;
  const start = (x: number, y: number): void => { cur = { pts: [[x, y]], curve: [false], closed: false }; out.push(cur); };
  const to = (x: number, y: number, curve: boolean): void => { if (!cur) start(x, y); else { cur.pts.push([x, y]); cur.curve.push(curve); } };
  for (let i = 0; i < d.length;) {
    const op = d[i++];
    if (op === 0) { start(d[i], d[i + 1]); i += 2; }
    else if (op === 1) { to(d[i], d[i + 1], false); i += 2; }
    else if (op === 2) { to(d[i + 4], d[i + 5], true); i += 6; }
    else if (op === 3) { to(d[i + 2], d[i + 3], true); i += 4; }
    else if (op === 4) { const c = cur as SubPath | null; if (c) { c.closed = true; start(c.pts[0][0], c.pts[0][1]); } }
    else break;
  }
  return out.filter((s) => s.pts.length >= 2);
}
