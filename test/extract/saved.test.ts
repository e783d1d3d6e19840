// Generated pre-2019 reports as crawlers save them (generator/saved.ts): one line per page under a
// metadata header, a breadcrumb run into the text, no title, the appendix 统计表 flattened with or
// without spaces, distractor sentences. Every value the text states is read exactly, none invented.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { extract } from '../../src/extract/index.js';

const genPath = resolve(import.meta.dirname, '..', '..', 'src', 'replay', 'generator', 'saved.ts');

describe.skipIf(!existsSync(genPath))('crawler-saved pre-2019 texts', () => {
  it('reads 200 generated saved texts with every stated value exact and no wrong value', async () => {
    const { generateSavedCorpus } = await import('../../src/replay/generator/saved.js');
    const corpus = generateSavedCorpus(200, 20240601);
    expect(corpus.length).toBe(200);
    const forms = new Set(corpus.map((g) => `${g.options.header}|${g.options.chromePrefix}|${g.options.titleless}|${g.options.table}|${g.options.distractors}`));
    expect(forms.size).toBeGreaterThanOrEqual(8);
    let values = 0, tableValues = 0;
    const problems: string[] = [];
    corpus.forEach((g, i) => {
      const r = extract({ bytes: g.bytes, contentType: g.contentType });
      if (!r.record) { problems.push(`#${i} no record (${r.kind}: ${r.reason})`); return; }
      for (const f of ['issuer', 'region', 'year', 'format', 'title', 'published_date'] as const) {
        if (String(r.record[f]) !== String(g.truth[f])) problems.push(`#${i} ${f}: want ${g.truth[f]} got ${r.record[f]}`);
      }
      expect(r.mainText, `#${i}`).not.toMatch(/原文链接|links\.tsv/);
      const got = new Map(r.record.metrics.map((m) => [m.key, m]));
      for (const [k, v] of Object.entries(g.truth.metrics)) {
        const m = got.get(k);
        values++;
        if (m?.source.type === 'table') tableValues++;
        if (m && m.value !== null && m.value !== v) problems.push(`#${i} WRONG ${k}: want ${v} got ${m.value} [${m.flags.join(',')}]`);
        else if (!m || m.value === null) problems.push(`#${i} missing ${k} (want ${v})`);
      }
    });
    expect(values).toBeGreaterThan(2500);
    expect(tableValues).toBeGreaterThan(1000);
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
