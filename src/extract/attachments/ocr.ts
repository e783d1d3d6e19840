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
import { snapLabel } from './lexicon.js';
import { cutGlyphs, voteGlyphs, type Glyph } from './glyphs.js';
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

const NUMISH = /^[\s\dOoDQlI|｜丨!.,，%\-—–“”"'′`]*$/;

/** Cleans an OCR'd figure: stray rule fragments, O for 0, I/l for 1. */
export function cleanFigure(s: string): string {
  const t = s.replace(/[|｜丨!“”"'′`\s]/g, '');
  if (!/^[\dOoDQlI.,，%\-—–]*$/.test(t)) return s.trim();
  return t.replace(/[OoDQ]/g, '0').replace(/[lI]/g, '1').replace(/，/g, ',');
}

/**
 * Reads every cell of the page's ruled tables again on its own: labels with chi_sim as a
 * block; figures (narrow cells that look numeric) by composing each table row's figures into
 * one line image (tesseract reads a line of digits far better than a lone digit) read with a
 * digits whitelist. One tesseract run per kind reads all images of the page (an image list).
 */
async function rereadCells(layout: PageLayout, img: Gray, pt: number, dir: string, no: number): Promise<void> {
  const labels: Array<{ cell: Cell; file: string }> = [];
  type Spans = Array<{ cell: Cell; x0: number; x1: number }>;
  const lines: Array<{ inks: Array<{ cell: Cell; ink: Gray }>; files: string[]; spans: Spans[] }> = [];
  let k = 0;
  for (const it of layout.items) {
    if (it.t !== 'table') continue;
    const cells = it.table.rows.flat().filter((c) => c.box);
    // figure cells: numeric-looking (or short) and no wider than the table's typical figure cell
    const wOf = (c: Cell): number => c.box!.x1 - c.box!.x0;
    const numW = cells.filter((c) => c.colspan === 1 && /\d/.test(c.text) && NUMISH.test(c.text)).map(wOf).sort((a, b) => a - b);
    const typical = numW.length ? numW[numW.length >> 1] : 60;
    const isFigure = (c: Cell): boolean => wOf(c) <= typical * 1.6 + 4 && (NUMISH.test(c.text) || [...c.text.trim()].length === 1);
    for (const row of it.table.rows) {
      const inks: Array<{ cell: Cell; ink: Gray }> = [];
      for (const cell of row) {
        if (!cell.box) continue;
        const crop = cropCell(img, cell.box, pt);
        if (!crop) continue;
        if (isFigure(cell)) {
          // figures sit well inside their cell: a wider inset leaves border remnants out
          const inner = cropCell(img, cell.box, pt, Math.round(2 / pt));
          const ink = inner ? tightInk(inner) : null;
          if (ink) inks.push({ cell, ink }); else cell.text = '';
          continue;
        }
        const file = join(dir, `p${no}-c${k++}.pgm`);
        await writeFile(file, writePgm(crop));
        labels.push({ cell, file });
      }
      if (!inks.length) continue;
      // each row of figures is read at two sizes; the readings are compared cell by cell
      const line: (typeof lines)[number] = { inks, files: [], spans: [] };
      for (const px of FIGURE_PX) {
        const { image, spans } = composeLine(inks, px);
        const file = join(dir, `p${no}-r${k++}.pgm`);
        await writeFile(file, writePgm(image));
        line.files.push(file);
        line.spans.push(spans);
      }
      lines.push(line);
    }
  }
  const dpi = String(Math.round(72 / pt));
  const batch = async (files: string[], name: string, args: string[]): Promise<Map<number, Array<{ left: number; width: number; text: string }>>> => {
    const words = new Map<number, Array<{ left: number; width: number; text: string }>>();
    if (!files.length) return words;
    const listFile = join(dir, `p${no}-${name}.txt`);
    await writeFile(listFile, files.join('\n') + '\n');
    const { stdout } = await run('tesseract', [listFile, '-', '--dpi', dpi, ...args, 'tsv'], { timeoutMs: 300_000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    for (const line of stdout.toString('utf8').split('\n')) {
      const c = line.split('\t');
      if (c[0] !== '5' || c.length < 12) continue;
      const text = c.slice(11).join('\t').trim();
      if (!text) continue;
      const page = Number(c[1]);
      if (!words.has(page)) words.set(page, []);
      words.get(page)!.push({ left: Number(c[6]), width: Number(c[8]), text });
    }
    return words;
  };
  const readings = await Promise.all(FIGURE_PX.map((_, v) => batch(lines.map((l) => l.files[v]), `figures${v}`, ['-l', 'eng', '--psm', '7', '-c', 'tessedit_char_whitelist=0123456789.,-% '])));
  const figures: Array<{ cell: Cell; readings: string[]; glyphs: Glyph[] }> = [];
  lines.forEach((l, i) => {
    l.inks.forEach(({ cell, ink }, j) => {
      const read = readings.map((words, v) => {
        const sp = l.spans[v][j];
        // characters are placed by their share of the word's box: a word read across two
        // figures splits between them
        let text = '';
        for (const w of words.get(i + 1) ?? []) {
          const chars = [...w.text];
          chars.forEach((ch, n) => {
            const x = w.left + (w.width * (n + 0.5)) / chars.length;
            if (x >= sp.x0 && x < sp.x1) text += ch;
          });
        }
        return cleanFigure(text).replace(/[.,]$/, '');
      }).filter((t) => /^[\d.,%-]+$/.test(t));
      figures.push({ cell, readings: read, glyphs: cutGlyphs(ink) });
    });
  });
  // glyphs of one shape read the same: the page's figures vote per glyph
  const voted = voteGlyphs(figures);
  figures.forEach((f, n) => {
    const before = cleanFigure(f.cell.text);
    f.cell.text = voted[n] ?? pickReading(f.readings) ?? (/^[\d.,%-]+$/.test(before) ? before : '');
  });
  const labWords = await batch(labels.map((l) => l.file), 'labels', ['-l', 'chi_sim', '--psm', '6']);
  labels.forEach((l, i) => {
    const text = (labWords.get(i + 1) ?? []).map((w) => w.text).join('');
    if (text.trim()) l.cell.text = snapLabel(text.replace(/\s+/g, ''));
  });
  // what still looks like a figure is cleaned as one (O for 0, stray rule fragments)
  for (const it of layout.items) if (it.t === 'table') for (const row of it.table.rows) for (const cell of row) if (NUMISH.test(cell.text) && /\d|^[OoDQ]$/.test(cell.text)) cell.text = cleanFigure(cell.text);
}

/**
 * The ink of a crop, cut tight, or null when the crop is blank. Specks and slivers left by
 * erased borders (thin components running along most of the crop) are dropped first.
 */
function tightInk(img: Gray): Gray | null {
  const { width: w, height: h } = img;
  const data = img.data.slice();
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (seen[i] || data[i] >= 140) continue;
    // flood-fill one dark component (8-connected)
    const comp: number[] = [];
    let x0 = w, x1 = -1, y0 = h, y1 = -1;
    stack.push(i); seen[i] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      comp.push(p);
      const x = p % w, y = (p - x) / w;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const q = ny * w + nx;
        if (!seen[q] && data[q] < 140) { seen[q] = 1; stack.push(q); }
      }
    }
    const cw = x1 - x0 + 1, ch = y1 - y0 + 1;
    const speck = comp.length < 6;
    const sliver = (cw <= 4 && ch >= 0.6 * h) || (ch <= 4 && cw >= 0.6 * w);
    const edge = (x0 === 0 || x1 === w - 1 || y0 === 0 || y1 === h - 1) && (cw <= 4 || ch <= 4);
    if (speck || sliver || edge) for (const p of comp) data[p] = 255;
  }
  let x0 = w, x1 = -1, y0 = h, y1 = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if (data[y * w + x] < 140) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
  }
  if (x1 < 0 || (x1 - x0 < 2 && y1 - y0 < 2)) return null;
  const tw = x1 - x0 + 1, th = y1 - y0 + 1;
  const out = new Uint8Array(tw * th);
  for (let y = 0; y < th; y++) out.set(data.subarray((y0 + y) * w + x0, (y0 + y) * w + x1 + 1), y * tw);
  return { width: tw, height: th, data: out };
}

/** Resamples a gray image by `f` (box filter when shrinking, nearest when growing). */
export function scaleGray(img: Gray, f: number): Gray {
  const w = Math.max(1, Math.round(img.width * f)), h = Math.max(1, Math.round(img.height * f));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy0 = Math.min(img.height - 1, Math.floor(y / f)), sy1 = Math.min(img.height, Math.max(sy0 + 1, Math.floor((y + 1) / f)));
    for (let x = 0; x < w; x++) {
      const sx0 = Math.min(img.width - 1, Math.floor(x / f)), sx1 = Math.min(img.width, Math.max(sx0 + 1, Math.floor((x + 1) / f)));
      let sum = 0, n = 0;
      for (let yy = sy0; yy < sy1; yy++) for (let xx = sx0; xx < sx1; xx++) { sum += img.data[yy * img.width + xx]; n++; }
      out[y * w + x] = Math.round(sum / n);
    }
  }
  return { width: w, height: h, data: out };
}

/** Figure heights (px) the rows are read at: tesseract reads digits best about 40–60 px tall. */
const FIGURE_PX = [40, 50, 60];

/**
 * One reading from several of the same figure: the one most of them agree on; else the
 * shortest when it is contained in the others (LSTM adds a stray digit more often than it
 * drops one); else the first.
 */
export function pickReading(read: string[]): string | null {
  if (!read.length) return null;
  if (read.every((r) => r === read[0])) return read[0];
  const count = new Map<string, number>();
  for (const r of read) count.set(r, (count.get(r) ?? 0) + 1);
  const [top, n] = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
  if (n * 2 > read.length) return top;
  const shortest = read.slice().sort((a, b) => a.length - b.length)[0];
  if (read.every((r) => r.includes(shortest))) return shortest;
  return read[0];
}

/**
 * Lays figure crops side by side on one line, scaled to `px` tall, bottoms aligned, a wide
 * gap between them; returns where each cell's figure lies on the line.
 */
function composeLine(cropped: Array<{ cell: Cell; ink: Gray }>, px: number): { image: Gray; spans: Array<{ cell: Cell; x0: number; x1: number }> } {
  const h0 = Math.max(...cropped.map((i) => i.ink.height));
  const f = Math.min(3, Math.max(0.5, px / h0));
  const scaled = Math.abs(f - 1) < 0.05 ? cropped : cropped.map(({ cell, ink }) => ({ cell, ink: scaleGray(ink, f) }));
  // copies of the last and first figures open and close the line: a reading dropped or added
  // at a line's ends falls on them
  const inks = [scaled[scaled.length - 1], ...scaled, scaled[0]];
  const m = 20;
  const hMax = Math.max(...inks.map((i) => i.ink.height));
  const gap = Math.max(40, hMax * 2);
  const width = inks.reduce((a, i) => a + i.ink.width, 0) + gap * (inks.length - 1) + 2 * m;
  const height = hMax + 2 * m;
  const data = new Uint8Array(width * height).fill(255);
  const spans: Array<{ cell: Cell; x0: number; x1: number }> = [];
  let x = m;
  for (const [i, { cell, ink }] of inks.entries()) {
    const top = m + hMax - ink.height;
    for (let y = 0; y < ink.height; y++) data.set(ink.data.subarray(y * ink.width, (y + 1) * ink.width), (top + y) * width + x);
    if (i > 0 && i <= scaled.length) spans.push({ cell, x0: x - gap / 2, x1: x + ink.width + gap / 2 });
    x += ink.width + gap;
  }
  return { image: { width, height, data }, spans };
}

/** The inside of a cell (its borders left out), in pixels; null when too small. */
function cropCell(img: Gray, box: { x0: number; top: number; x1: number; bottom: number }, pt: number, inset = 4): Gray | null {
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
