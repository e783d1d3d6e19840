// Benchmark of the extractor: reports per second over a generated corpus, and the ratio to a
// bare cheerio.load of the same pages (the floor any HTML extractor pays).
import * as cheerio from 'cheerio';
import { decodeBody } from '../src/fetch/decode.js';
import { extract } from '../src/extract/index.js';

export async function benchExtract(n = 300, seed = 42): Promise<Record<string, unknown>> {
  const { generateCorpus } = await import('../src/replay/generator/index.js');
  const pages = generateCorpus(n, seed);
  // warm up (opencc tables, regex compilation, JIT)
  for (const p of pages.slice(0, 20)) extract({ bytes: p.bytes, contentType: p.contentType });
  const t0 = performance.now();
  let metrics = 0;
  for (const p of pages) metrics += extract({ bytes: p.bytes, contentType: p.contentType }).record?.metrics.length ?? 0;
  const tExtract = performance.now() - t0;
  const t1 = performance.now();
  for (const p of pages) cheerio.load(decodeBody(p.bytes, p.contentType).text);
  const tParse = performance.now() - t1;
  const result = {
    reports: n,
    metrics,
    extract_ms: Math.round(tExtract),
    reports_per_s: Math.round((n / tExtract) * 1000),
    bare_parse_ms: Math.round(tParse),
    ratio_to_bare_parse: Number((tExtract / tParse).toFixed(2)),
    target: '>= 100 reports/s, <= 5x bare parse',
    met: '',
  };
  result.met = result.reports_per_s >= 100 && result.ratio_to_bare_parse <= 5 ? 'met' : 'missed';
  console.log(`extract: ${result.reports_per_s} reports/s (${n} reports, ${metrics} values); ${result.ratio_to_bare_parse}x a bare cheerio.load (${result.bare_parse_ms} ms)`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchExtract();
