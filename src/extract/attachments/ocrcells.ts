// Owns reading the cells of OCR'd ruled tables again, one by one: labels with chi_sim (snapped
// to the official wording when nearly the same), figures composed row by row into line
// images read with tesseract's English model and a digits whitelist at three sizes, the
// readings reconciled per cell and then per glyph shape across the page.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { cropCell, scaleGray, tightInk, writePgm, type Gray } from './raster.js';
import type { PageLayout } from './layout.js';
import type { Cell } from './blocks.js';
import { snapLabel } from './lexicon.js';
import { cutGlyphs, voteGlyphs, type Glyph } from './glyphs.js';
import { run } from './tools.js';

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
export async function rereadCells(layout: PageLayout, img: Gray, pt: number, dir: string, no: number): Promise<void> {
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
