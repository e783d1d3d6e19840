import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { decodeBody } from '../../src/fetch/decode.js';
import { generateCorpus, generateCorruptedCorpus, generateNonReport, generateReport, vocabulary, type GeneratedReport } from '../../src/replay/generator/index.js';
import { SPEC_MISSING, specVocabulary } from './vocab.js';

const CORPUS = generateCorpus(360, 20240611);
const APPL = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org'];
const COLS = [...APPL, 'total'];

describe('generator determinism', () => {
  it('same options give the same bytes', () => {
    for (const seed of [1, 2, 77, 123456]) {
      const a = generateReport({ seed });
      const b = generateReport({ seed });
      expect(a.bytes.equals(b.bytes)).toBe(true);
      expect(a.contentType).toBe(b.contentType);
      expect(a.truth).toEqual(b.truth);
    }
    const c1 = generateCorpus(24, 5), c2 = generateCorpus(24, 5);
    c1.forEach((r, i) => expect(r.bytes.equals(c2[i].bytes)).toBe(true));
  });
  it('the same report keeps its numbers across chrome, layout and encoding', () => {
    const base = { seed: 9, era: '2021' as const, year: 2022, issuer: '安庆市人民政府', blanks: false };
    const a = generateReport({ ...base, layout: 'table', chrome: true, encoding: 'utf-8', chromeVariant: 0 });
    const b = generateReport({ ...base, layout: 'flattened-pipe', chrome: true, encoding: 'gbk', chromeVariant: 2 });
    expect(a.truth.metrics).toEqual(b.truth.metrics);
    expect(a.bytes.equals(b.bytes)).toBe(false);
  });
  it('a revision changes some numbers and keeps the identities', () => {
    const base = { seed: 31, era: '2019' as const, year: 2020, issuer: '磐安县人民政府', layout: 'table' as const };
    const a = generateReport(base), b = generateReport({ ...base, revision: 2 });
    expect(a.truth.metrics).not.toEqual(b.truth.metrics);
    expect(identityFailures(b)).toEqual([]);
  });
});

function identityFailures(r: GeneratedReport): string[] {
  const m = r.truth.metrics;
  const bad: string[] = [];
  const g = (k: string) => m[k];
  if (r.truth.format === 'pre2019') {
    const sum = (keys: string[]) => keys.reduce((a, k) => a + (g(k) ?? 0), 0);
    if (g('staff.total') !== undefined && g('staff.full_time') !== undefined && g('staff.part_time') !== undefined && g('staff.total') !== g('staff.full_time') + g('staff.part_time')) bad.push('staff');
    if (g('requests.closed.total') !== undefined && g('requests.closed.total') !== g('requests.closed.on_time') + g('requests.closed.extended')) bad.push('closed');
    const outs = ['already_public', 'granted', 'partial', 'denied', 'not_this_agency', 'not_exist', 'correction_notice', 'other_channel'].map((k) => `requests.${k}.total`);
    if (g('requests.answered.total') !== undefined && outs.every((k) => g(k) !== undefined) && sum(outs) !== g('requests.answered.total')) bad.push('answered');
    for (const grp of ['reconsideration', 'litigation']) {
      const ks = ['upheld', 'corrected', 'other'].map((c) => `review.${grp}.${c}`);
      if (ks.every((k) => g(k) !== undefined) && sum(ks) !== g(`review.${grp}.total`)) bad.push(grp);
    }
    return bad;
  }
  const rowKeys = [...new Set(Object.keys(m).filter((k) => k.startsWith('requests.')).map((k) => k.slice(9, k.lastIndexOf('.'))))];
  const results = rowKeys.filter((k) => !['new_received', 'carried_over', 'processed', 'carried_forward'].includes(k));
  expect(results.length).toBe(r.truth.format === '2019' ? 19 : 21);
  for (const c of COLS) {
    if (m[`requests.new_received.${c}`] === undefined) continue; // a blank 总计 column states no totals
    const v = (row: string) => m[`requests.${row}.${c}`];
    if (v('new_received') + v('carried_over') !== v('processed') + v('carried_forward')) bad.push(`balance.${c}`);
    if (results.reduce((a, k) => a + v(k), 0) !== v('processed')) bad.push(`processed.${c}`);
  }
  for (const row of rowKeys) if (m[`requests.${row}.total`] !== undefined && APPL.reduce((a, c) => a + m[`requests.${row}.${c}`], 0) !== m[`requests.${row}.total`]) bad.push(`total.${row}`);
  for (const grp of ['reconsideration', 'litigation_direct', 'litigation_after_reconsideration']) {
    const x = (c: string) => m[`review.${grp}.${c}`];
    if (x('upheld') + x('corrected') + x('other') + x('pending') !== x('total')) bad.push(`review.${grp}`);
  }
  return bad;
}

describe('generated truth', () => {
  it('every identity of metrics.md holds', () => {
    for (const r of CORPUS) expect(identityFailures(r), `${r.options.seed} ${r.truth.title}`).toEqual([]);
  });
  it.skipIf(SPEC_MISSING !== null)(`metric keys come from the vocabulary of metrics.md${SPEC_MISSING ? ` (${SPEC_MISSING})` : ''}`, () => {
    const spec = specVocabulary();
    for (const k of vocabulary()) expect(spec.has(k), k).toBe(true);
    for (const r of CORPUS) for (const k of Object.keys(r.truth.metrics)) expect(spec.has(k), k).toBe(true);
  });
  it('values are integers, money in yuan, changes signed', () => {
    for (const r of CORPUS) for (const [k, v] of Object.entries(r.truth.metrics)) {
      expect(Number.isInteger(v), k).toBe(true);
      if (!k.endsWith('.change')) expect(v, k).toBeGreaterThanOrEqual(0);
    }
  });
  it('pre-2019 reports carry statistics, including zeros stated in words', () => {
    const pre = CORPUS.filter((r) => r.truth.format === 'pre2019');
    expect(pre.every((r) => 'requests.new_received.total' in r.truth.metrics)).toBe(true);
    expect(pre.some((r) => r.truth.metrics['review.litigation.total'] === 0 && !/行政诉讼0/.test(r.html))).toBe(true);
    expect(pre.some((r) => r.truth.metrics['fees.amount_yuan'] === 0)).toBe(true);
  });
});

describe('pages', () => {
  it('the corpus spans every era, layout, encoding, declaration, script and option', () => {
    const seen = (f: (r: GeneratedReport) => string) => new Set(CORPUS.map(f));
    expect(seen((r) => r.options.era)).toEqual(new Set(['pre2019', '2019', '2021']));
    for (const era of ['2019', '2021']) expect(seen((r) => `${r.options.era}/${r.options.layout}`)).toEqual(expect.any(Set));
    const combos = seen((r) => `${r.options.era}/${r.options.layout}`);
    for (const l of ['table', 'merged', 'flattened-pipe', 'flattened-lines', 'whitespace']) for (const e of ['pre2019', '2019', '2021']) expect(combos.has(`${e}/${l}`), `${e}/${l}`).toBe(true);
    expect(combos.has('pre2019/prose')).toBe(true);
    expect(seen((r) => `${r.options.era}/${r.options.encoding}`).size).toBe(6);
    expect(seen((r) => r.options.declareCharset)).toEqual(new Set(['correct', 'none', 'wrong']));
    expect(seen((r) => `${r.options.era}/${r.options.script}`).size).toBe(6);
    for (const f of ['chrome', 'spam', 'blanks'] as const) expect(seen((r) => String(r.options[f]))).toEqual(new Set(['true', 'false']));
    expect(CORPUS.some((r) => (r.options.revision ?? 0) > 0)).toBe(true);
  });
  it('every page decodes back to its text, GBK included', () => {
    for (const r of CORPUS) {
      const d = decodeBody(r.bytes, r.contentType);
      expect(d.text, `${r.options.seed} ${r.options.encoding} ${r.options.declareCharset}`).toBe(r.html);
      expect(d.charset).toBe(r.options.encoding === 'gbk' ? 'gb18030' : 'utf-8');
      // a fixture file has no header: the bytes alone (meta or sniffing) must decode too
      expect(decodeBody(r.bytes, null).text).toBe(r.html);
      if (r.options.declareCharset === 'none') expect(r.contentType).toBe('text/html');
    }
    expect(CORPUS.some((r) => r.options.encoding === 'gbk' && r.options.declareCharset === 'wrong' && /charset=utf-8/i.test(r.contentType))).toBe(true);
  });
  it('traditional pages are converted, truth stays simplified', () => {
    const trad = CORPUS.filter((r) => r.options.script === 'traditional');
    expect(trad.length).toBeGreaterThan(10);
    for (const r of trad) {
      expect(r.html).toMatch(/報告|報/);
      expect(r.truth.title).not.toMatch(/報/);
    }
  });
  it('chrome carries the metadata and spam lines when asked', () => {
    for (const r of CORPUS.filter((x) => x.options.chrome && x.options.script === 'simplified')) {
      const [y, mo, d] = r.truth.published_date.split('-');
      expect(r.html.includes(r.truth.published_date) || r.html.includes(`${y}/${mo}/${d}`) || r.html.includes(`${y}年${mo}月${d}日`), r.truth.published_date).toBe(true);
      expect(r.html).toMatch(/网站标识码/);
    }
    for (const r of CORPUS.filter((x) => x.options.spam)) expect(r.html).toMatch(/时时彩|六合彩|麻将|百家乐|赛车|比分|彩票|幸运飞艇|特马|开马|威尼斯人|皇冠/);
  });
  it('table cells in HTML layouts carry exactly the truth values', () => {
    const checked = CORPUS.filter((r) => r.truth.format !== 'pre2019' && (r.options.layout === 'table' || r.options.layout === 'merged') && r.options.script === 'simplified');
    expect(checked.length).toBeGreaterThan(10);
    for (const r of checked) {
      const $ = cheerio.load(r.html);
      const tables = $('table').filter((_, t) => /申请人情况|行政复议|第二十条/.test($(t).text()));
      const req = tables.filter((_, t) => $(t).text().includes('申请人情况')).first();
      let grid = expand($, req);
      // a requests table broken across pages continues in the next <table>
      if (!req.text().includes('结转下年度')) grid = grid.concat(expand($, $(req).nextAll('table').first()));
      const rowsWithNumbers = grid.filter((row) => row.length >= 10 && !/[\u4e00-\u9fff]/.test(row[3]));
      const newRow = grid.find((row) => row[0].includes('本年新收'))!;
      const num = (s: string) => (s.replace(/[?\s\u00a0]/g, '') === '' ? 0 : Number(s.replace(/[?\s\u00a0]/g, '')));
      const want = (k: string) => r.truth.metrics[k] ?? 0; // a blank 总计 column: no truth, printed blank
      COLS.forEach((c, i) => expect(num(newRow[3 + i]), c).toBe(want(`requests.new_received.${c}`)));
      const fwd = grid.find((row) => row[0].includes('结转下年度'))!;
      COLS.forEach((c, i) => expect(num(fwd[3 + i]), c).toBe(want(`requests.carried_forward.${c}`)));
      expect(rowsWithNumbers.length).toBe(r.truth.format === '2019' ? 23 : 25);
      const rev = tables.filter((_, t) => $(t).text().includes('复议后起诉')).first();
      const vals = expand($, rev).at(-1)!.map(num);
      expect(vals[4]).toBe(r.truth.metrics['review.reconsideration.total']);
      expect(vals[14]).toBe(r.truth.metrics['review.litigation_after_reconsideration.total']);
    }
  });
});

/** Expands rowspan/colspan into a full grid of cell texts. */
function expand($: cheerio.CheerioAPI, table: cheerio.Cheerio<any>): string[][] {
  const grid: string[][] = [];
  table.find('tr').each((ri, tr) => {
    grid[ri] ??= [];
    let ci = 0;
    $(tr).children('td,th').each((_, td) => {
      while (grid[ri][ci] !== undefined) ci++;
      const rs = Number($(td).attr('rowspan') ?? 1), cs = Number($(td).attr('colspan') ?? 1);
      const text = $(td).text().trim();
      for (let a = 0; a < rs; a++) for (let b = 0; b < cs; b++) (grid[ri + a] ??= [])[ci + b] = text;
      ci += cs;
    });
  });
  return grid;
}

describe('corrupted pages', () => {
  it('carry the printed numbers and name the keys to flag', () => {
    const cc = generateCorruptedCorpus(16, 3);
    for (const r of cc) {
      expect(r.truth.expect_flags?.length, r.options.corrupt).toBeGreaterThan(0);
      if (r.options.corrupt === 'bad-total') expect(identityFailures(r).length).toBeGreaterThan(0);
      else for (const k of r.truth.expect_flags!) expect(r.truth.metrics[k]).toBeUndefined();
    }
    expect(generateReport({ seed: 4, era: '2019' }).truth.expect_flags).toBeUndefined();
  });
});

describe('non-report pages', () => {
  it('list, notice and error pages are generated and decodable', () => {
    for (const kind of ['list', 'notice', 'error'] as const) {
      for (const seed of [1, 2, 3]) {
        const p = generateNonReport({ seed, kind, encoding: seed === 2 ? 'gbk' : 'utf-8' });
        expect(decodeBody(p.bytes, p.contentType).text).toBe(p.html);
        if (kind === 'list') expect(p.html).toMatch(/年度报告|年报|工作报告/);
        if (kind === 'notice') expect(p.html).toMatch(/年度报告/);
      }
    }
  });
});
