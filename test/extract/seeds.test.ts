// Seeds: the five real report pages of ../shared/corpus/seeds, every truth value exact, and no
// value invented: a 2019/2021 seed's truth lists every cell of its official tables, and no seed
// carries a value under a key its era does not print.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from '../../src/extract/index.js';
import { MODERN_TABLE_KEY, foreignToEra, scoreMetrics, sharedDir, unexpectedValues } from './truth.js';

const { dir: seeds, missing } = sharedDir('corpus', 'seeds');
const stems = missing ? [] : readdirSync(seeds).filter((f) => f.endsWith('.truth.json')).map((f) => f.slice(0, -11)).sort();

describe.skipIf(!stems.length)(`real seed reports${missing ? ` (${missing})` : ''}`, () => {
  for (const stem of stems) {
    it(stem, () => {
      const truth = JSON.parse(readFileSync(join(seeds, `${stem}.truth.json`), 'utf8'));
      const r = extract({ bytes: readFileSync(join(seeds, `${stem}.txt`)), contentType: 'text/plain' });
      expect(r.kind).toBe('report');
      const rec = r.record!;
      for (const f of ['region', 'year', 'format', 'published_date', 'title'] as const) expect(rec[f], f).toBe(truth[f]);
      expect(rec.issuer!.replace(/人民/g, '')).toBe(truth.issuer.replace(/人民/g, ''));
      const score = scoreMetrics(rec.metrics, truth.metrics);
      expect([...score.wrong, ...score.missing.map((k) => `${k}: missing`)]).toEqual([]);
      const foreign = foreignToEra(truth.format);
      const judged = truth.format === 'pre2019' ? foreign : (k: string) => MODERN_TABLE_KEY.test(k) || foreign(k);
      expect(unexpectedValues(rec.metrics, truth.metrics, judged)).toEqual([]);
    });
  }
});
