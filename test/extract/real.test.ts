// Real reports of ../shared/corpus/real (kept as found: crawler-flattened texts, a Word-HTML
// page, an OCR'd PDF conversion), scored per era (from the manifest) and form as the seeds are:
// values exact, no wrong value without a flag of doubt, no value under a key the era does not
// print, and the era read from the structure of the text.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from '../../src/extract/index.js';
import { foreignToEra, scoreMetrics, sharedDir, unexpectedValues } from './truth.js';

const { dir: real, missing } = sharedDir('corpus', 'real');
const manifest = missing || !existsSync(join(real, 'MANIFEST.tsv')) ? [] : readFileSync(join(real, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => {
  const [id, file, format, year, region, form] = l.split('\t');
  return { id, file, format, year, region, form };
});

/** A report's form: its file type, and how its tables reached the text. */
function formOf(file: string, form: string): string {
  const kind = /markdown|ocr/i.test(form) ? 'ocr-markdown' : /flatten/i.test(form) ? 'flattened' : /<table>|real table/i.test(form) ? 'table' : 'plain';
  return `${file.slice(file.lastIndexOf('.') + 1)}/${kind}`;
}

// Acceptance of issue 16: share of values exact per era.
const MIN_EXACT: Record<string, number> = { 2019: 0.995, 2021: 0.995, pre2019: 0.95 };
// Expected to improve: the pre-2019 tables and prose (and the pages dropped as "not a report")
// are being reworked on a parallel branch; until that is merged the pre-2019 share stays under
// its threshold and that one assertion is marked as failing. Set to false once it passes.
const PRE2019_PENDING = true;

interface Group { values: number; exact: number; unflagged: string[]; unexpected: string[]; eraWrong: string[]; files: string[] }
const groups = new Map<string, Group>();
const byEra = new Map<string, Group>();
const group = (m: Map<string, Group>, k: string): Group => {
  if (!m.has(k)) m.set(k, { values: 0, exact: 0, unflagged: [], unexpected: [], eraWrong: [], files: [] });
  return m.get(k)!;
};

for (const e of manifest) {
  const truthPath = join(real, `${e.id}.truth.json`);
  if (!existsSync(truthPath) || !existsSync(join(real, e.file))) continue;
  const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
  const r = extract({ bytes: readFileSync(join(real, e.file)), contentType: e.file.endsWith('.html') ? 'text/html' : 'text/plain' });
  const metrics = r.record?.metrics ?? [];
  const s = scoreMetrics(metrics, truth.metrics);
  const unexpected = unexpectedValues(metrics, truth.metrics, foreignToEra(truth.format));
  for (const g of [group(groups, `${truth.format} ${formOf(e.file, e.form)}`), group(byEra, truth.format)]) {
    g.values += s.values;
    g.exact += s.exact;
    g.unflagged.push(...s.unflagged.map((x) => `${e.id} ${x}`));
    g.unexpected.push(...unexpected.map((x) => `${e.id} ${x}`));
    if (r.record?.format !== truth.format) g.eraWrong.push(`${e.id}: ${r.record?.format ?? `${r.kind} (${r.reason})`}`);
    g.files.push(`${e.id} ${s.exact}/${s.values}`);
  }
}

// Cut texts: a modern report's first characters (a crawler that kept 1-4k characters), cut
// inside its prose or its tables: still a report of its era, no wrong value without a flag.
const CUTS = [1000, 2000, 4000];
const cut: string[] = [];
for (const e of manifest) {
  if (e.format === 'pre2019' || !e.file.endsWith('.txt') || !existsSync(join(real, `${e.id}.truth.json`))) continue;
  const truth = JSON.parse(readFileSync(join(real, `${e.id}.truth.json`), 'utf8'));
  const text = readFileSync(join(real, e.file), 'utf8');
  for (const n of CUTS) {
    const r = extract({ bytes: Buffer.from(text.slice(0, n)), contentType: 'text/plain' });
    if (r.kind !== 'report') { cut.push(`${e.id}@${n}: ${r.kind} (${r.reason})`); continue; }
    if (r.record!.format !== truth.format) cut.push(`${e.id}@${n}: format ${r.record!.format}`);
    cut.push(...scoreMetrics(r.record!.metrics, truth.metrics).unflagged.map((x) => `${e.id}@${n}: ${x}`));
  }
}

describe.skipIf(!groups.size)(`real reports by era and form${missing ? ` (${missing})` : ''}`, () => {
  it('prints the scores', () => {
    for (const [k, g] of [...groups, ...byEra]) console.log(`${k}: ${g.exact}/${g.values} = ${(100 * g.exact / g.values).toFixed(1)}% (${g.files.join(', ')})`);
    expect(groups.size).toBeGreaterThan(0);
  });
  for (const [k, g] of groups) {
    it(`${k}: no wrong value without a flag of doubt`, () => expect(g.unflagged).toEqual([]));
    it(`${k}: no value under a key its era does not print`, () => expect(g.unexpected).toEqual([]));
  }
  it('cut modern texts: still reports of their era, no wrong value without a flag of doubt', () => expect(cut).toEqual([]));
  for (const [era, g] of byEra) {
    const pending = era === 'pre2019' && PRE2019_PENDING;
    const test = pending ? it.fails : it;
    test(`${era}: at least ${100 * (MIN_EXACT[era] ?? 1)}% of values exact${pending ? ' (expected to improve: pre-2019 work not merged yet)' : ''}`, () => {
      expect(g.exact / g.values).toBeGreaterThanOrEqual(MIN_EXACT[era] ?? 1);
    });
    test(`${era}: era read from the structure of the text${pending ? ' (expected to improve: pre-2019 pages still dropped)' : ''}`, () => expect(g.eraWrong).toEqual([]));
  }
});
