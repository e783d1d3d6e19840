// Seeds: the five real report pages of ../shared/corpus/seeds, every truth value exact.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extract } from '../../src/extract/index.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const seeds = resolve(repoRoot, '..', 'shared', 'corpus', 'seeds');
const stems = existsSync(seeds) ? readdirSync(seeds).filter((f) => f.endsWith('.truth.json')).map((f) => f.slice(0, -11)).sort() : [];

describe.skipIf(!stems.length)('real seed reports', () => {
  for (const stem of stems) {
    it(stem, () => {
      const truth = JSON.parse(readFileSync(join(seeds, `${stem}.truth.json`), 'utf8'));
      const r = extract({ bytes: readFileSync(join(seeds, `${stem}.txt`)), contentType: 'text/plain' });
      expect(r.kind).toBe('report');
      const rec = r.record!;
      for (const f of ['region', 'year', 'format', 'published_date', 'title'] as const) expect(rec[f], f).toBe(truth[f]);
      expect(rec.issuer!.replace(/人民/g, '')).toBe(truth.issuer.replace(/人民/g, ''));
      const got = new Map(rec.metrics.map((m) => [m.key, m.value]));
      for (const [k, v] of Object.entries(truth.metrics as Record<string, number>)) expect(got.get(k), k).toBe(v);
    });
  }
});
