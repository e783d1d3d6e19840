import { describe, it, expect, beforeAll } from 'vitest';
import { openArchive, type DB } from '../../src/archive/db.js';
import { searchReports, cutSnippet, ftsPhrase, markSnippet } from '../../src/archive/search.js';
import { buildFixture, TEXTS, type Fixture } from './fixture.js';
import { runCli } from './cli.js';

let fx: Fixture;
let db: DB;
beforeAll(() => { fx = buildFixture(); db = openArchive(fx.file, { readonly: true }); });

const collapse = (s: string) => s.replace(/\s+/g, ' ');
const ownText = (id: number) => collapse((db.prepare('SELECT main_text FROM documents WHERE id = ?').get(id) as { main_text: string }).main_text);

describe('ogi search', () => {
  it('finds a report by a six-character phrase through the trigram index, with issuer, year, URL and snippet', () => {
    const r = searchReports(db, ['中国药材之乡']);
    expect(r.mode).toBe('fts');
    expect(r.total).toBe(1);
    const h = r.hits[0];
    expect([h.issuer, h.year, h.url]).toEqual(['磐安县人民政府', 2022, 'https://www.panan.gov.cn/art/2023/1/10/art_1229_1.html']);
    expect(markSnippet(h, '[', ']')).toContain('围绕“[中国药材之乡]”建设');
  });

  it('finds reports by a two-character word with a substring scan, and never a list page', () => {
    const r = searchReports(db, ['诉讼']);
    expect(r.mode).toBe('substring');
    // 5 texts contain 诉讼: four report versions and the list page (not a report)
    expect(r.total).toBe(4);
    expect(r.hits.map((h) => `${h.issuer} ${h.year} v${h.version}/${h.versions}`).sort()).toEqual([
      '安庆市人民政府 2022 v1/1', '安庆市人民政府 2023 v1/2', '安庆市人民政府 2023 v2/2', '鞍山市人民政府 2019 v1/1']);
    for (const h of r.hits) expect(h.snippet.slice(h.highlights[0][0], h.highlights[0][1])).toBe('诉讼');
    expect(searchReports(db, ['药材']).hits.map((h) => h.issuer)).toEqual(['磐安县人民政府']);
    expect(searchReports(db, ['县']).hits.map((h) => h.issuer)).toEqual(['磐安县人民政府']);
  });

  it('gives each hit a snippet of its own text', () => {
    for (const terms of [['行政诉讼情况'], ['诉讼'], ['政府信息公开申请']]) {
      const r = searchReports(db, terms, { context: 12 });
      expect(r.hits.length).toBeGreaterThan(1);
      for (const h of r.hits) expect(ownText(h.document_id)).toContain(h.snippet.replace(/^…|…$/g, ''));
    }
    const v1 = searchReports(db, ['行政复议3件']).hits;
    expect(v1.map((h) => h.document_id).sort()).toEqual([2, 6]);
  });

  it('requires every term, mixing index and substring terms', () => {
    const r = searchReports(db, ['年度报告', '修订']);
    expect(r.mode).toBe('fts+substring');
    expect(r.hits.map((h) => [h.issuer, h.year, h.version, h.is_current])).toEqual([['安庆市人民政府', 2023, 2, true]]);
    expect(searchReports(db, ['安庆', '磐安']).total).toBe(0);
  });

  it('quotes the phrase: FTS5 syntax in a query is text, not an operator', () => {
    expect(ftsPhrase('a"b')).toBe('"a""b"');
    expect(searchReports(db, ['"全部"按时']).hits.map((h) => h.issuer)).toEqual(['磐安县人民政府']);
    for (const q of ['NOT 诉讼', 'main_text:诉讼', '诉讼*', 'NEAR(诉讼 复议)', '(诉讼) OR', '"']) expect(() => searchReports(db, [q])).not.toThrow();
    expect(searchReports(db, ['行政复议 OR 鞍山']).total).toBe(0);
  });

  it('searches the normalised form too (traditional characters, full-width digits)', () => {
    expect(searchReports(db, ['訴訟']).total).toBe(4);
    expect(searchReports(db, ['行政復議２件']).hits.map((h) => h.issuer)).toEqual(['鞍山市人民政府']);
  });

  it('limits, and counts all matches', () => {
    const r = searchReports(db, ['年度报告'], { limit: 2 });
    expect(r.total).toBe(5);
    expect(r.hits).toHaveLength(2);
  });

  it('cuts a snippet around the first hit with collapsed whitespace', () => {
    const text = `${'甲'.repeat(50)}\n\n  诉讼 乙${'丙'.repeat(50)}`;
    const s = cutSnippet(text, [[54, 56]], 5);
    expect(s.snippet).toBe('…甲 诉讼 乙丙丙丙…');
    expect(s.snippet.slice(s.highlights[0][0], s.highlights[0][1])).toBe('诉讼');
    expect(TEXTS.panan2022).toContain('药材之乡');
  });

  it('prints hits on the command line, or JSON', async () => {
    const t = await runCli(['search', '诉讼', '--limit', '2', '--storage', fx.dir]);
    expect(t.error).toBeUndefined();
    expect(t.out).toMatch(/安庆市人民政府 2023 +\(version \d of 2/);
    expect(t.out).toContain('[诉讼]');
    expect(t.out).toContain('4 report texts match; showing 2 (--limit)');
    const j = await runCli(['search', '政府信息公开申请', '--json', '--storage', fx.dir]);
    const r = JSON.parse(j.out) as { mode: string; total: number; hits: Array<{ issuer: string; year: number; url: string; snippet: string }> };
    expect(r.mode).toBe('fts');
    expect(r.hits.map((h) => `${h.issuer} ${h.year}`).sort()).toEqual(['安庆市人民政府 2022', '安庆市人民政府 2023', '安庆市人民政府 2023', '磐安县人民政府 2022', '鞍山市人民政府 2019']);
  });
});
