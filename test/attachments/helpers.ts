// Shared helpers of the attachment tests: fixtures with their truth, and comparing a record
// with the truth of the generated report it was made from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenOptions, Truth } from '../../src/replay/generator/index.js';
import type { ReportRecord } from '../../src/extract/types.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'attachments');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export interface FixtureTruth { file: string; note: string; options: GenOptions; truth: Truth }

export function truthOf(name: string): FixtureTruth {
  return JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.[a-z]+$/, '.truth.json')), 'utf8')) as FixtureTruth;
}

/** Every field and metric of the truth that the record gets wrong or misses. */
export function mismatches(record: ReportRecord | null, truth: Truth, keys?: (k: string) => boolean): string[] {
  if (!record) return ['no record'];
  const bad: string[] = [];
  for (const f of ['title', 'issuer', 'region', 'year', 'format', 'published_date'] as const) {
    if (!keys && record[f] !== truth[f]) bad.push(`${f}: ${String(record[f])} ≠ ${String(truth[f])}`);
  }
  const got = new Map(record.metrics.map((m) => [m.key, m.value]));
  for (const [k, v] of Object.entries(truth.metrics)) {
    if (keys && !keys(k)) continue;
    if (got.get(k) !== v) bad.push(`${k}: ${String(got.get(k))} ≠ ${v}`);
  }
  return bad;
}
