// Unit tests of the extractor's parts: numbers, grids, flattened tables, run-together digits,
// era detection, page classification, and corrupted tables that must fail their checks.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeText, parseCell, parseFigure } from '../../src/extract/normalize.js';
import { expandGrid } from '../../src/extract/grid.js';
import { splitRunTogether } from '../../src/extract/split.js';
import { detectFormat } from '../../src/extract/format.js';
import { alignedToRows } from '../../src/extract/aligned.js';
import { extract, type ExtractResult } from '../../src/extract/index.js';

const txt = (s: string): ExtractResult => extract({ bytes: Buffer.from(s, 'utf8'), contentType: 'text/plain' });
const html = (s: string): ExtractResult => extract({ bytes: Buffer.from(s, 'utf8'), contentType: 'text/html; charset=utf-8' });
const val = (r: ExtractResult, k: string) => r.record?.metrics.find((m) => m.key === k);

describe('numbers', () => {
  it('normalises full-width digits, stray ? and nbsp', () => {
    expect(normalizeText('１２３件，?30 | 1?\u00a0|')).toBe('123件, 30 | 1  |');
    expect(parseCell(' ?148 ')).toEqual({ kind: 'number', value: 148, unit: null, flags: [] });
    expect(parseCell('\u00a0')).toEqual({ kind: 'blank' });
    expect(parseCell('/')).toEqual({ kind: 'na' });
    expect(parseCell('—')).toEqual({ kind: 'na' });
  });
  it('reads 增/减, 万 and 万元', () => {
    expect(parseCell('增63')).toMatchObject({ value: 63 });
    expect(parseCell('减3')).toMatchObject({ value: -3 });
    expect(parseCell('14185.58万元')).toMatchObject({ value: 141855800, unit: 'yuan', flags: ['converted_wan'] });
    expect(parseCell('98.48', { wanColumn: true })).toMatchObject({ value: 984800 });
    expect(parseFigure('18.77万')).toEqual({ value: 187700, wan: true });
    expect(parseFigure('1,234')).toEqual({ value: 1234, wan: false });
  });
  it('converts traditional characters', () => {
    expect(normalizeText('廊坊市2017年政府信息公開工作年度報告，這個們來時會國說開關')).toContain('政府信息公开工作年度报告');
  });
});

describe('grids', () => {
  it('expands rowspan and colspan', () => {
    const g = expandGrid([
      [{ text: 'A', rowspan: 2, colspan: 1 }, { text: 'B', rowspan: 1, colspan: 2 }],
      [{ text: 'c', rowspan: 1, colspan: 1 }, { text: 'd', rowspan: 1, colspan: 1 }],
    ]);
    expect(g.map((r) => r.map((c) => c.text))).toEqual([['A', 'B', 'B'], ['A', 'c', 'd']]);
    expect(g[1][0]).toMatchObject({ or: 0, oc: 0 });
    expect(g[0][2]).toMatchObject({ or: 0, oc: 1 });
  });
  it('places aligned figures by column, keeping blanks', () => {
    const rows = alignedToRows(['名称          10     20     30', '其他                 5      5', '合计          10     25     35'])!;
    expect(rows[1].map((c) => c.text)).toEqual(['其他', '', '5', '5']);
  });
});

describe('run-together digits', () => {
  it('splits 640020470 with the row total', () => {
    expect(splitRunTogether(['640020470'], 7, [{ total: 6, parts: [0, 1, 2, 3, 4, 5] }])).toEqual([[64, 0, 0, 2, 0, 4, 70]]);
  });
  it('finds several splits when the totals do not decide', () => {
    expect(splitRunTogether(['1111'], 3, [{ total: 2, parts: [0, 1] }]).length).toBe(0);
    // 10,1,0,0,0,1,12 and 1,0,10,0,0,1,12 both add up
    expect(splitRunTogether(['101000112'], 7, [{ total: 6, parts: [0, 1, 2, 3, 4, 5] }]).length).toBe(2);
  });
});

describe('format markers', () => {
  it('tells the era by markers, not by year', () => {
    expect(detectFormat('本年制发件数', 2019)).toBe('2021');
    expect(detectFormat('采购项目数量采购总金额', 2022)).toBe('2019');
    // words a pre-2019 text uses too are not the 2019 table
    expect(detectFormat('全年完成政府集中采购项目,采购总金额3亿元', 2017)).toBe('pre2019');
    // a text cut before its tables: the template it names, then its section names and the year
    expect(detectFormat('根据《年度报告格式》(国办公开办函〔2021〕30号)编制', 2020)).toBe('2021');
    expect(detectFormat('三、收到和处理政府信息公开申请情况', 2022)).toBe('2021');
    expect(detectFormat('三、收到和处理政府信息公开申请情况', 2020)).toBe('2019');
    expect(detectFormat('申请人情况自然人', 2023)).toBe('2021');
    expect(detectFormat('本年新制作数量', null)).toBe('2019');
    expect(detectFormat('统计指标主动公开政府信息数', 2019)).toBe('pre2019');
  });
});

const REQ_ROWS = [
  ['一、本年新收政府信息公开申请数量', [10, 1, 0, 0, 0, 1, 12]],
  ['二、上年结转政府信息公开申请数量', [1, 0, 0, 0, 0, 0, 1]],
  ['(一)予以公开', [5, 1, 0, 0, 0, 0, 6]],
  ['(二)部分公开', [1, 0, 0, 0, 0, 0, 1]],
  ['1.本机关不掌握相关政府信息', [3, 0, 0, 0, 0, 1, 4]],
  ['(七)总计', [9, 1, 0, 0, 0, 1, 11]],
  ['四、结转下年度继续办理', [2, 0, 0, 0, 0, 0, 2]],
] as const;

function report(rows: string[]): string {
  return ['XX县人民政府2020年政府信息公开工作年度报告', '发布时间:2021-01-20', '一、总体情况', '本年度报告根据条例编制,统计期限为2020年1月1日至2020年12月31日。',
    '三、收到和处理政府信息公开申请情况', '申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计', ...rows,
    '四、政府信息公开行政复议、行政诉讼情况', '行政复议 | 行政诉讼', '结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计', '1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1',
    '五、存在的主要问题及改进情况', '一是工作还需加强,二是平台还需完善。'].join('\n');
}

describe('flattened tables', () => {
  const pipeRows = REQ_ROWS.map(([l, v]) => `${l} | ${v.join(' | ')}`);
  it('reads a pipe-flattened requests table and review row', () => {
    const r = txt(report(pipeRows));
    expect(r.kind).toBe('report');
    expect(r.record!.format).toBe('2019');
    expect(val(r, 'requests.new_received.total')!.value).toBe(12);
    expect(val(r, 'requests.unable.not_held.other_org')!.value).toBe(1);
    expect(val(r, 'review.reconsideration.pending')!.value).toBe(1);
    expect(val(r, 'review.litigation_after_reconsideration.total')!.value).toBe(1);
    expect(r.record!.checks.filter((c) => !c.held)).toEqual([]);
    const loc = val(r, 'requests.granted.commercial')!.source;
    expect(loc).toMatchObject({ type: 'table', column: '商业企业', raw: '1' });
  });
  it('reads one cell per line', () => {
    const lines = REQ_ROWS.flatMap(([l, v]) => [l, ...v.map(String)]);
    const r = txt(report(lines));
    expect(val(r, 'requests.carried_forward.total')!.value).toBe(2);
    expect(val(r, 'requests.granted.natural_person')!.value).toBe(5);
  });
  it('recovers run-together digits through the row total', () => {
    const rows = pipeRows.slice();
    rows[2] = '(一)予以公开 | 64002046 | 6'.replace('64002046 | 6', '640020470');
    const r = txt(report(rows));
    expect(val(r, 'requests.granted.natural_person')!.value).toBe(64);
    expect(val(r, 'requests.granted.total')!.value).toBe(70);
    expect(val(r, 'requests.granted.total')!.raw).toBe('640020470');
  });
  it('splits a row that fits its row sum several ways with the column identities', () => {
    const rows = pipeRows.slice();
    rows[0] = '一、本年新收政府信息公开申请数量 | 101000112';
    const r = txt(report(rows));
    const want = REQ_ROWS[0][1];
    ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'].forEach((c, i) => {
      const m = val(r, `requests.new_received.${c}`)!;
      expect(m.value, c).toBe(want[i]);
      expect(m.flags).not.toContain('uncertain_split');
    });
  });
  it('flags a row that cannot be split with certainty', () => {
    // without 结转下年度 no identity ties 本年新收 to the other rows: several splits fit
    const rows = pipeRows.filter((l) => !l.startsWith('四、')).slice();
    rows[0] = '一、本年新收政府信息公开申请数量 | 101000112';
    const r = txt(report(rows));
    const cells = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'].map((c) => val(r, `requests.new_received.${c}`)!);
    expect(cells.some((m) => m.flags.includes('uncertain_split'))).toBe(true);
    // a cell is either the printed figure or carries the flag of doubt
    cells.forEach((m, i) => { if (m.value !== REQ_ROWS[0][1][i]) expect(m.flags).toContain('uncertain_split'); });
    expect(r.record!.flags).toContain('uncertain_split');
  });
  it('counts blanks as zero only where the identities hold', () => {
    const rows = pipeRows.map((l) => l.replace(/ \| 0(?= \|)/g, ' | '));
    const r = txt(report(rows));
    const m = val(r, 'requests.new_received.research')!;
    expect(m.value).toBe(0);
    expect(m.flags).toContain('blank');
    // a blank 总计 column is not zero
    const rows2 = pipeRows.map((l) => l.replace(/ \| \d+$/, ' | '));
    const r2 = txt(report(rows2));
    expect(val(r2, 'requests.new_received.total')!.value).toBeNull();
  });
});

describe('corrupted tables', () => {
  const pipeRows = REQ_ROWS.map(([l, v]) => `${l} | ${v.join(' | ')}`);
  it('a total that does not add up: kept as printed, flagged, failing check', () => {
    const rows = pipeRows.slice();
    rows[5] = '(七)总计 | 9 | 1 | 0 | 0 | 0 | 1 | 13';
    const r = txt(report(rows));
    const m = val(r, 'requests.processed.total')!;
    expect(m.value).toBe(13);
    expect(m.flags).toContain('check_failed');
    expect(r.record!.checks.some((c) => !c.held && c.name === 'requests.row_total.processed')).toBe(true);
    expect(r.record!.flags).toContain('check_failed');
  });
  it('a column shifted by one: flagged values, failing checks', () => {
    const rows = pipeRows.slice();
    rows[2] = '(一)予以公开 | 1 | 0 | 0 | 0 | 0 | 6 | 5';
    const r = txt(report(rows));
    const m = val(r, 'requests.granted.total')!;
    expect(m.flags).toContain('check_failed');
    expect(val(r, 'requests.granted.natural_person')!.flags).toContain('check_failed');
  });
  it('prose disagreeing with the table is a failing check; the table wins', () => {
    const r = txt(report(pipeRows).replace('本年度报告根据条例编制', '2020年,共受理政府信息公开申请59件。本年度报告根据条例编制'));
    expect(val(r, 'requests.new_received.total')!.value).toBe(12);
    const p = val(r, 'prose.requests.new_received.total')!;
    expect(p.value).toBe(59);
    expect(p.flags).toEqual(expect.arrayContaining(['from_prose', 'disagrees_with_table']));
    expect(p.source.type).toBe('prose');
  });
});

describe('html', () => {
  it('reads a merged-cell table and ignores chrome', () => {
    const page = `<html><head><title>x</title></head><body><div class="nav"><a href="/">首页</a> <a href="/a">政务公开</a></div>
<h1>XX市2020年政府信息公开工作年度报告</h1><div>发布时间:2021-01-20 浏览次数:123</div>
<p>一、总体情况</p><p>本报告根据条例编制,统计期限为2020年1月1日至2020年12月31日。</p>
<table><tr><td colspan="3" rowspan="2">(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td colspan="3"></td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
${REQ_ROWS.map(([l, v]) => `<tr><td colspan="3">${l}</td>${v.map((x) => `<td>&nbsp;${x}</td>`).join('')}</tr>`).join('\n')}
</table><div class="footer">版权所有 XX市人民政府 ICP备12345号</div></body></html>`;
    const r = html(page);
    expect(r.record!.issuer).toBe('XX市人民政府');
    expect(r.record!.published_date).toBe('2021-01-20');
    expect(val(r, 'requests.new_received.total')!.value).toBe(12);
    expect(r.mainText).not.toContain('浏览次数');
    expect(r.mainText).not.toContain('ICP');
    const r2 = html(page.replace('浏览次数:123', '浏览次数:999').replace('政务公开</a>', '政务公开</a> <a href="/b">互动</a>'));
    expect(r2.mainText).toBe(r.mainText);
  });
});

const genPath = resolve(import.meta.dirname, '..', '..', 'src', 'replay', 'generator', 'index.ts');
describe.skipIf(!existsSync(genPath))('pages that are not reports', () => {
  it('classifies list, notice and error pages', async () => {
    const { generateNonReport } = await import('../../src/replay/generator/index.js');
    for (const kind of ['list', 'notice', 'error'] as const) {
      for (let seed = 1; seed <= 5; seed++) {
        const p = generateNonReport({ seed, kind });
        const r = extract({ bytes: p.bytes, contentType: p.contentType });
        expect(r.record, `${kind} ${seed}: ${r.kind} ${r.reason}`).toBeNull();
        if (kind === 'list') expect(r.kind).toBe('list');
      }
    }
  });
});
