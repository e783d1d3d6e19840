// Owns OCR of PDF pages without a text layer: renders each page with pdftoppm (poppler-utils),
// finds and erases the table rules, reads the words with tesseract (chi_sim, --psm 6, TSV
// with positions) and lays them out like a text layer. Needs Debian's poppler-utils,
// tesseract-ocr and tesseract-ocr-chi-sim; `ocrAvailable()` says what is missing.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAndEraseRules, parsePgm, writePgm, type Gray } from './raster.js';
import { layoutPage, type PageLayout } from './layout.js';
import type { TextBox } from './geometry.js';
import type { Cell } from './blocks.js';
import { run, which } from './tools.js';

let avail: Promise<{ ok: boolean; reason: string }> | null = null;

/** Whether OCR can run here: tesseract with the chi_sim language and pdftoppm. */
export function ocrAvailable(): Promise<{ ok: boolean; reason: string }> {
  avail ??= (async () => {
    const [tess, ppm] = await Promise.all([which('tesseract'), which('pdftoppm')]);
    if (!tess) return { ok: false, reason: 'tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)' };
    if (!ppm) return { ok: false, reason: 'pdftoppm is not installed (apt-get install poppler-utils)' };
    try {
      const { stdout, stderr } = await run(tess, ['--list-langs'], { timeoutMs: 20_000 });
      const langs = (stdout.toString() + stderr).split(/\s+/);
      if (!langs.includes('chi_sim')) return { ok: false, reason: 'tesseract has no chi_sim language (apt-get install tesseract-ocr-chi-sim)' };
    } catch (e) {
      return { ok: false, reason: `tesseract does not run: ${(e as Error).message}` };
    }
    return { ok: true, reason: 'tesseract chi_sim + pdftoppm' };
  })();
  return avail;
}

export interface OcrPage { no: number; layout: PageLayout; words: number; meanConf: number }

/** OCRs the given pages (1-based) of a PDF. */
export async function ocrPdfPages(pdf: Buffer, pageNos: number[], dpi = 300): Promise<{ pages: OcrPage[]; warnings: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'ogi-ocr-'));
  const pages: OcrPage[] = [];
  const warnings: string[] = [];
  try {
    const src = join(dir, 'in.pdf');
    await writeFile(src, pdf);
    for (const no of pageNos) {
      try {
        pages.push(await ocrPage(src, dir, no, dpi));
      } catch (e) {
        warnings.push(`OCR of page ${no} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { pages, warnings };
}

async function ocrPage(src: string, dir: string, no: number, dpi: number): Promise<OcrPage> {
  const base = join(dir, `p${no}`);
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(no), '-l', String(no), '-singlefile', src, base]);
  const img = parsePgm(await readFile(`${base}.pgm`));
  const pt = 72 / dpi;
  const px = (v: number): number => v * pt;
  const rulesPx = findAndEraseRules(img, Math.round(20 / pt), Math.round(13 / pt));
  const clean = `${base}-clean.pgm`;
  await writeFile(clean, writePgm(img));
  const { stdout } = await run('tesseract', [clean, '-', '-l', 'chi_sim', '--psm', '6', '--dpi', String(dpi), 'tsv'], { timeoutMs: 300_000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
  const { boxes, conf } = parseTsv(stdout.toString('utf8'), pt);
  const layout = layoutPage({
    width: px(img.width), height: px(img.height), boxes,
    rules: rulesPx.map((r) => ({ x0: px(r.x0), x1: px(r.x1), y0: px(r.y0), y1: px(r.y1) })),
  });
  await rereadCells(layout, img, pt, dir, no);
  return { no, layout, words: boxes.length, meanConf: conf };
}

const NUMISH = /^[\s\dOoDQlI|｜丨!.,，%\-—–“”"'′`]*$/;

/** Cleans an OCR'd figure: stray rule fragments, O for 0, I/l for 1. */
export function cleanFigure(s: string): string {
  const t = s.replace(/[|｜丨!“”"'′`\s]/g, '');
  if (!/^[\dOoDQlI.,，%\-—–]*$/.test(t)) return s.trim();
  return t.replace(/[OoDQ]/g, '0').replace(/[lI]/g, '1').replace(/，/g, ',');
}

/**
 * Reads every cell of the page's ruled tables again on its own: figures (cells that look
 * numeric or empty) with the digits-only English model as one line, labels with chi_sim as a
 * block. One tesseract run per kind reads all crops of the page (an image list).
 */
async function rereadCells(layout: PageLayout, img: Gray, pt: number, dir: string, no: number): Promise<void> {
  const figures: Array<{ cell: Cell; file: string }> = [];
  const labels: Array<{ cell: Cell; file: string }> = [];
  let k = 0;
  for (const it of layout.items) {
    if (it.t !== 'table') continue;
    for (const row of it.table.rows) for (const cell of row) {
      if (!cell.box) continue;
      const crop = cropCell(img, cell.box, pt);
      if (!crop) continue;
      const file = join(dir, `p${no}-c${k++}.pgm`);
      await writeFile(file, writePgm(crop));
      const numish = NUMISH.test(cell.text) && (cell.box.x1 - cell.box.x0) < 120;
      (numish ? figures : labels).push({ cell, file });
    }
  }
  const batch = async (list: Array<{ cell: Cell; file: string }>, args: string[], set: (cell: Cell, text: string) => void): Promise<void> => {
    if (!list.length) return;
    const listFile = join(dir, `p${no}-list-${args[1]}.txt`);
    await writeFile(listFile, list.map((x) => x.file).join('\n') + '\n');
    const { stdout } = await run('tesseract', [listFile, '-', ...args, 'tsv'], { timeoutMs: 300_000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    const words = new Map<number, Array<{ line: string; left: number; text: string }>>();
    for (const line of stdout.toString('utf8').split('\n')) {
      const c = line.split('\t');
      if (c[0] !== '5' || c.length < 12) continue;
      const text = c.slice(11).join('\t').trim();
      if (!text) continue;
      const page = Number(c[1]);
      if (!words.has(page)) words.set(page, []);
      words.get(page)!.push({ line: `${c[2]}.${c[3]}.${c[4]}`, left: Number(c[6]), text });
    }
    list.forEach((x, i) => {
      const ws = words.get(i + 1) ?? [];
      set(x.cell, ws.map((w) => w.text).join(''));
    });
  };
  await batch(figures, ['-l', 'eng', '--psm', '7', '--dpi', String(Math.round(72 / pt)), '-c', 'tessedit_char_whitelist=0123456789.,-%'], (cell, text) => {
    const t = cleanFigure(text);
    cell.text = t || (cleanFigure(cell.text).match(/^[\d.,%-]+$/) ? cleanFigure(cell.text) : '');
  });
  await batch(labels, ['-l', 'chi_sim', '--psm', '6', '--dpi', String(Math.round(72 / pt))], (cell, text) => {
    if (text.trim()) cell.text = text.replace(/\s+/g, '');
  });
}

/** The inside of a cell (its borders left out), in pixels; null when too small. */
function cropCell(img: Gray, box: { x0: number; top: number; x1: number; bottom: number }, pt: number): Gray | null {
  const inset = 2;
  const x0 = Math.max(0, Math.round(box.x0 / pt) + inset), x1 = Math.min(img.width, Math.round(box.x1 / pt) - inset);
  const y0 = Math.max(0, Math.round(box.top / pt) + inset), y1 = Math.min(img.height, Math.round(box.bottom / pt) - inset);
  const w = x1 - x0, h = y1 - y0;
  if (w < 6 || h < 6) return null;
  // a white margin around the crop helps tesseract find the text line
  const m = 10;
  const out = new Uint8Array((w + 2 * m) * (h + 2 * m)).fill(255);
  for (let y = 0; y < h; y++) out.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x1), (y + m) * (w + 2 * m) + m);
  return { width: w + 2 * m, height: h + 2 * m, data: out };
}

/**
 * Tesseract TSV → word boxes in points. Words take their line's top and bottom (CJK glyph
 * boxes vary in height), and the line height as font size.
 */
export function parseTsv(tsv: string, scale: number): { boxes: TextBox[]; conf: number } {
  const boxes: TextBox[] = [];
  const lines = new Map<string, { top: number; h: number }>();
  let confSum = 0;
  const rows = tsv.split('\n').slice(1).map((l) => l.split('\t')).filter((c) => c.length >= 12);
  for (const c of rows) if (c[0] === '4') lines.set(`${c[2]}.${c[3]}.${c[4]}`, { top: Number(c[7]), h: Number(c[9]) });
  for (const c of rows) {
    if (c[0] !== '5') continue;
    const text = c.slice(11).join('\t').trim();
    if (!text) continue;
    const left = Number(c[6]), top = Number(c[7]), w = Number(c[8]), h = Number(c[9]);
    const line = lines.get(`${c[2]}.${c[3]}.${c[4]}`) ?? { top, h };
    // a line much taller than the word spans several cell rows: keep the word's own box
    const tall = line.h > h * 2.2;
    const t = tall ? top : line.top, b = tall ? top + h : line.top + line.h;
    boxes.push({ str: text, x0: left * scale, x1: (left + w) * scale, top: t * scale, bottom: b * scale, size: (b - t) * scale * 0.85 });
    confSum += Number(c[10]);
  }
  return { boxes, conf: boxes.length ? confSum / boxes.length : 0 };
}
