// `ogi extract FILE`: runs the extractor on one stored page or file (.html/.htm in any
// encoding, .txt) and prints the record as JSON (--json) or as a readable summary.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { extract, EXTRACTOR_VERSION, type ExtractResult } from '../../extract/index.js';
import { plain } from '../plain.js';

export function recordJson(r: ExtractResult): Record<string, unknown> {
  const rec = r.record;
  return {
    title: rec?.title ?? null,
    issuer: rec?.issuer ?? null,
    region: rec?.region ?? null,
    year: rec?.year ?? null,
    format: rec?.format ?? null,
    published_date: rec?.published_date ?? null,
    kind: r.kind,
    reason: r.reason,
    charset: r.charset,
    extractor_version: EXTRACTOR_VERSION,
    flags: rec?.flags ?? [],
    metrics: (rec?.metrics ?? []).map((m) => ({ key: m.key, value: m.value, unit: m.unit, source: m.source, flags: m.flags, raw: m.raw })),
    checks: rec?.checks ?? [],
  };
}

function summary(file: string, r: ExtractResult): string {
  const out: string[] = [];
  const rec = r.record;
  out.push(`${file}: ${r.kind} (${r.reason}), charset ${r.charset}`);
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

export function registerExtract(program: Command): void {
  program.command('extract <file>')
    .description('extract the structured record from one report page (.html/.htm/.txt)')
    .option('--json', 'print the record as JSON')
    .option('--content-type <type>', 'content type the page was served with (charset hint)')
    .option('--charset <name>', 'force the charset used to decode the page')
    .option('--url <url>', 'the URL the page was fetched from')
    .action((file: string, o: { json?: boolean; contentType?: string; charset?: string; url?: string }) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        console.error(`ogi extract: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        process.exit(2);
      }
      const ext = extname(file).toLowerCase();
      const contentType = o.contentType ?? (ext === '.txt' ? 'text/plain' : ext === '.html' || ext === '.htm' ? null : null);
      const r = extract({ bytes, contentType, url: o.url ?? null, charsetOverride: o.charset ?? null });
      if (o.json) process.stdout.write(JSON.stringify(recordJson(r), null, 1) + '\n');
      else console.log(plain(summary(file, r))); // archived text: no terminal control characters (issue 7)
    });
}
