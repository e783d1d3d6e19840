// Benchmark of PDF extraction: the text-layer PDF fixtures read (pdf.js text + rules →
// grids → HTML) and extracted, in pages per second; OCR of the scanned fixture too when
// OGI_BENCH_OCR=1 and tesseract is installed. Run alone with `npx tsx bench/pdf.ts`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractAttachment, ocrAvailable, readAttachment } from '../src/extract/attachments/index.js';

const DIR = join(import.meta.dirname, '..', 'test', 'fixtures', 'attachments');
const TEXT_PDFS = ['pdf-2021.pdf', 'pdf-2019.pdf', 'pdf-pre2019.pdf', 'two-page-table.pdf', 'reordered.pdf'];

export async function benchPdf(): Promise<Record<string, unknown>> {
  const files = TEXT_PDFS.map((f) => readFileSync(join(DIR, f)));
  // warm up: pdf.js loads its worker code and CMaps on first use
  const t0 = performance.now();
  await readAttachment(files[0], {});
  const firstMs = performance.now() - t0;
  const rounds = 3;
  let pages = 0;
  const t1 = performance.now();
  for (let r = 0; r < rounds; r++) for (const f of files) pages += (await readAttachment(f, {})).pages ?? 0;
  const readS = (performance.now() - t1) / 1000;
  let extractPages = 0;
  const t2 = performance.now();
  for (const f of files) extractPages += (await extractAttachment({ bytes: f })).attachment.pages ?? 0;
  const extractS = (performance.now() - t2) / 1000;
  const out: Record<string, unknown> = {
    pdf_files: files.length * rounds,
    pdf_pages: pages,
    pdf_read_pages_per_s: Number((pages / readS).toFixed(1)),
    pdf_extract_pages_per_s: Number((extractPages / extractS).toFixed(1)),
    pdf_first_file_ms: Math.round(firstMs),
  };
  if (process.env.OGI_BENCH_OCR === '1' && (await ocrAvailable()).ok) {
    const scan = readFileSync(join(DIR, 'scanned.pdf'));
    const t3 = performance.now();
    const doc = await readAttachment(scan, {}, { ocr: true });
    out.ocr_pages_per_s = Number(((doc.pages ?? 0) / ((performance.now() - t3) / 1000)).toFixed(3));
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  console.log(JSON.stringify(await benchPdf(), null, 2));
}
