// `npm run bench`: every speed and memory target of the project, printed as a table.
// Pass names to run some: npm run bench -- crawl extract
import '../src/util/threadpool.js';
import { benchCrawl } from './crawl.js';
import { benchExtract } from './extract.js';
import { benchReextract, benchArchiveGrowth } from './archive.js';
import { benchQueueOcr } from './queue.js';
import { benchBrowser } from './browser.js';

const all: Record<string, () => Promise<Record<string, unknown>>> = {
  // at the politeness bound: ours against the floor and Crawlee (200 hosts × 20 pages at 200 ms)
  crawl: () => benchCrawl(200, 20, 200),
  // scale on one machine: 1,000 hosts × 10 pages at 1 s, with the default max_parallel_hosts
  crawl_1000_hosts: () => benchCrawl(1000, 10, 1000, { wallToFloor: 1.05, rssMb: 1024, beatPeer: false, defaultParallel: true }, ['floor', 'ogi']),
  extract: () => benchExtract(300),
  reextract: () => benchReextract(Number(process.env.OGI_BENCH_SNAPSHOTS ?? 10_000)),
  archive_growth: () => benchArchiveGrowth(30, '2025-06-02T01:00:00Z'),
  archive_growth_season: () => benchArchiveGrowth(30, '2025-01-06T01:00:00Z'),
  queue_ocr: () => benchQueueOcr(6),
  browser: () => benchBrowser(30, 5, 200),
};
try {
  const pdfModule = './pdf.js'; // written with the attachment readers; optional
  const pdf = (await import(pdfModule)) as { benchPdf?: () => Promise<Record<string, unknown>> };
  if (pdf.benchPdf) all.pdf = pdf.benchPdf;
} catch { /* PDF support not installed */ }

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const rows: Array<[string, Record<string, unknown>]> = [];
for (const [name, run] of Object.entries(all)) {
  if (wanted.length && !wanted.includes(name)) continue;
  try {
    rows.push([name, await run()]);
  } catch (e) {
    rows.push([name, { error: (e as Error).message }]);
  }
}
console.log('\nbenchmark        result (each target: met or missed)');
for (const [name, r] of rows) {
  console.log(`${name.padEnd(16)} ${Object.entries(r).filter(([k]) => k !== 'target' && k !== 'met').map(([k, v]) => `${k}=${v}`).join('  ')}`);
  if (r.target) console.log(`${''.padEnd(16)} target: ${r.target}: ${r.met ?? (r.error ? 'missed (did not run)' : 'not judged')}`);
  else if (r.error || r.skipped) console.log(`${''.padEnd(16)} ${r.error ? `missed: ${r.error}` : `skipped: ${r.skipped}`}`);
}
