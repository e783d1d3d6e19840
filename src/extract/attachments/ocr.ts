// Owns OCR of PDF pages without a text layer: renders each page with pdftoppm (poppler-utils),
// finds and erases the table rules, reads the words with tesseract (chi_sim, --psm 6, TSV
// with positions), lays them out like a text layer and has every ruled table cell read again
// on its own (ocrcells.ts). Needs Debian's poppler-utils,
// tesseract-ocr and tesseract-ocr-chi-sim; `ocrAvailable()` says what is missing.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAndEraseRules, parsePgm, writePgm } from './raster.js';
import { layoutPage, type PageLayout } from './layout.js';
import type { TextBox } from './geometry.js';
import { rereadCells } from './ocrcells.js';
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
    if (!process.env.OGI_OCR_KEEP) await rm(dir, { recursive: true, force: true });
    else warnings.push(`OCR files kept in ${dir}`);
  }
  return { pages, warnings };
}

async function ocrPage(src: string, dir: string, no: number, dpi: number): Promise<OcrPage> {
  const base = join(dir, `p${no}`);
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(no), '-l', String(no), '-singlefile', src, base]);
  const img = parsePgm(await readFile(`${base}.pgm`));
  const pt = 72 / dpi;
  const px = (v: number): number => v * pt;
  // rules are longer than any character stroke: 36pt across, 24pt down (a 22pt title's strokes are shorter)
  const rulesPx = findAndEraseRules(img, Math.round(36 / pt), Math.round(24 / pt));
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
