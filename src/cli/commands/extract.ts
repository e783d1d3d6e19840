// `ogi extract FILE`: runs the extractor on one stored page or file (.html/.htm in any
// encoding, .txt, or an attachment: .pdf .docx .doc .wps .xlsx .xls) and prints the record as
// JSON (--json) or as a readable summary. `ogi ocr FILE` does the same with OCR of scanned pages.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { EXTRACTOR_VERSION, type ExtractResult } from '../../extract/index.js';
import { plain } from '../plain.js';
import { ExtractionSandbox, sandboxedExtractAny, type SourcedResult } from '../../extract/any.js';
import { AttachmentError, ocrAvailable } from '../../extract/attachments/index.js';
import { EXIT } from '../exit.js';

export function recordJson(r: ExtractResult | SourcedResult): Record<string, unknown> {
  const rec = r.record;
  return {
    source: 'source' in r ? r.source : 'page',
    title: rec?.title ?? r.title ?? null,
    issuer: rec?.issuer ?? null,
    region: rec?.region ?? null,
    year: rec?.year ?? null,
    format: rec?.format ?? null,
    published_date: rec?.published_date ?? null,
    kind: r.kind,
    reason: r.reason,
    charset: r.charset,
    extractor_version: EXTRACTOR_VERSION,
    flags: rec?.flags ?? ('sourceFlags' in r ? r.sourceFlags : []),
    metrics: (rec?.metrics ?? []).map((m) => ({ key: m.key, value: m.value, unit: m.unit, source: m.source, flags: m.flags, raw: m.raw })),
    checks: rec?.checks ?? [],
  };
}

function summary(file: string, r: ExtractResult): string {
  const out: string[] = [];
  const rec = r.record;
  out.push(`${file}: ${r.kind} (${r.reason}), charset ${r.charset}`);
  if (!rec && r.title) out.push(`  title:     ${r.title}`);
  if (!rec) return out.join('\n');
  out.push(`  title:     ${rec.title ?? '-'}`);
  out.push(`  issuer:    ${rec.issuer ?? '-'}   region: ${rec.region ?? '-'}`);
  out.push(`  year:      ${rec.year ?? '-'}   format: ${rec.format ?? '-'}   published: ${rec.published_date ?? '-'}`);
  out.push(`  metrics:   ${rec.metrics.length} (${rec.metrics.filter((m) => m.flags.length).length} flagged)`);
  for (const m of rec.metrics) {
    const where = m.source.type === 'table' ? `table ${m.source.table} [${m.source.row} / ${m.source.column}]` : `prose @${m.source.start}`;
    out.push(`    ${m.key.padEnd(52)} ${String(m.value).padStart(12)}${m.flags.length ? `  [${m.flags.join(',')}]` : ''}  ${where}`);
  }
  const failed = rec.checks.filter((c) => !c.held);
  out.push(`  checks:    ${rec.checks.length} (${failed.length} failed)`);
  for (const c of failed) out.push(`    FAILED ${c.name}: expected ${c.expected}, got ${c.actual}`);
  return out.join('\n');
}

async function run(file: string, o: { json?: boolean; contentType?: string; charset?: string; url?: string }, ocr: boolean): Promise<void> {
  if (ocr) {
    // OCR asked for and impossible here: say what to install rather than a record without it
    const can = await ocrAvailable();
    if (!can.ok) {
      console.error(`ogi: OCR cannot run here: ${can.reason}`);
      process.exit(EXIT.CANNOT_RUN);
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    console.error(`ogi extract: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    process.exit(2);
  }
  const ext = extname(file).toLowerCase();
  const contentType = o.contentType ?? (ext === '.txt' ? 'text/plain' : null);
  let r: ExtractResult | SourcedResult;
  try {
    // the file name stands in for the URL, so that attachments are known by their extension too;
    // an attachment is read in a worker with memory and time limits (a zip bomb is an error, not a crash)
    const sandbox = new ExtractionSandbox();
    r = await sandboxedExtractAny(sandbox, { ocr })({ bytes, contentType, url: o.url ?? `file:///${encodeURIComponent(file)}`, charsetOverride: o.charset ?? null }).finally(() => sandbox.close());
  } catch (e) {
    if (!(e instanceof AttachmentError)) throw e;
    console.error(`ogi extract: ${file}: ${e.message}`);
    process.exit(1);
  }
  if (o.json) process.stdout.write(JSON.stringify(recordJson(r), null, 1) + '\n');
  else console.log(plain(summary(file, r))); // archived text: no terminal control characters (issue 7)
}

export function registerExtract(program: Command): void {
  program.command('extract <file>')
    .description('extract the structured record from one report page or attachment (.html .htm .txt .pdf .docx .doc .wps .xlsx .xls)')
    .option('--json', 'print the record as JSON')
    .option('--content-type <type>', 'content type the page was served with (charset hint)')
    .option('--charset <name>', 'force the charset used to decode the page')
    .option('--url <url>', 'the URL the page was fetched from')
    .option('--ocr', 'read scanned PDF pages by OCR (needs tesseract with chi_sim and pdftoppm)')
    .action((file: string, o: { json?: boolean; contentType?: string; charset?: string; url?: string; ocr?: boolean }) => run(file, o, !!o.ocr));
  program.command('ocr <file>')
    .description('extract a scanned PDF by OCR (tesseract + chi_sim, pdftoppm); every value carries the flag ocr')
    .option('--json', 'print the record as JSON')
    .action((file: string, o: { json?: boolean }) => run(file, o, true));
}
