// Deliberately corrupted 2019/2021 reports (a 总计 that does not add up, a row shifted by one
// column), from the generator: every value the truth says must be flagged comes out flagged
// with a failing check, and no value that differs from the truth comes out clean.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { extract } from '../../src/extract/index.js';

const genPath = resolve(import.meta.dirname, '..', '..', 'src', 'replay', 'generator', 'index.ts');
const BAD = ['check_failed', 'uncertain_split'];

describe.skipIf(!existsSync(genPath))('corrupted reports', () => {
  it.each([[240, 7], [120, 20240601]])('%i corrupted pages (seed %i): flagged, failing checks, never a clean wrong value', async (n, seed) => {
    const { generateCorruptedCorpus } = await import('../../src/replay/generator/index.js');
    const corpus = generateCorruptedCorpus(n, seed);
    const problems: string[] = [];
    let expected = 0, flagged = 0;
    corpus.forEach((g, i) => {
      const r = extract({ bytes: g.bytes, contentType: g.contentType });
      const rec = r.record;
      if (!rec) { problems.push(`#${i} no record (${r.kind}: ${r.reason})`); return; }
      const got = new Map(rec.metrics.map((m) => [m.key, m]));
      const failing = rec.checks.filter((c) => !c.held);
      for (const k of g.truth.expect_flags ?? []) {
        expected++;
        const m = got.get(k);
        const isFlagged = Boolean(m && m.flags.some((f) => BAD.includes(f)));
        const explained = failing.some((c) => c.keys.includes(k)) || Boolean(m?.flags.includes('uncertain_split'));
        if (isFlagged && explained) flagged++;
        else problems.push(`#${i} ${g.options.layout}/${g.options.corrupt}: ${k} not flagged (value ${m?.value}, flags ${m?.flags})`);
      }
      if (!(g.truth.expect_flags ?? []).length) problems.push(`#${i} generator gave no expect_flags`);
      if (!rec.flags.some((f) => BAD.includes(f))) problems.push(`#${i} record not flagged`);
      for (const m of rec.metrics) {
        if (m.key.startsWith('prose.') || m.value === null || m.flags.some((f) => BAD.includes(f))) continue;
        const want = g.truth.metrics[m.key];
        if (want !== undefined && want !== m.value) problems.push(`#${i} CLEAN WRONG ${m.key}: want ${want} got ${m.value}`);
      }
    });
    expect(expected).toBeGreaterThan(n);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(flagged).toBe(expected);
  });
});
