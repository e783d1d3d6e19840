// Money read with the unit the table states wherever it states it: in the column header, in a
// caption line before the table (HTML, <pre> aligned text, plain text, a Word paragraph), in a
// title row spanning the table, in the cell, or in a 统计表's unit column. A nonzero amount whose
// unit is stated nowhere is never read in 元 by default: null, flag uncertain_unit, digits kept.
// Fixtures are generated here (a small 2021 proactive table and a 2016 统计表), not real pages.
import { describe, expect, it } from 'vitest';
import { extract, type ExtractResult } from '../../src/extract/index.js';
import { extractAny } from '../../src/extract/any.js';
import { wordPackage } from '../../scripts/make-attachment-fixtures.js';

const FEE = 'proactive.fees.amount_yuan';
const html = (s: string): ExtractResult => extract({ bytes: Buffer.from(s, 'utf8'), contentType: 'text/html; charset=utf-8' });
const txt = (s: string): ExtractResult => extract({ bytes: Buffer.from(s, 'utf8'), contentType: 'text/plain; charset=utf-8' });
const metric = (r: ExtractResult, k: string) => r.record?.metrics.find((m) => m.key === k);

const TITLE21 = '样例县自然资源局2022年政府信息公开工作年度报告';
const page21 = (body: string): string => `<html><head><meta charset="utf-8"><title>${TITLE21}</title></head><body><h1>${TITLE21}</h1>
<p>一、总体情况</p><p>本局按照条例要求做好政府信息公开工作，全年主动公开各类信息三百余条。</p>
<p>二、主动公开政府信息情况</p>${body}<p>三、收到和处理政府信息公开申请情况</p><p>本年度未收到政府信息公开申请。</p></body></html>`;
const rows21 = (feeHead: string, fee: string): string => `<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>4</td><td>1</td><td>17</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan="3">63</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr><tr><td>信息内容</td><td colspan="3">${feeHead}</td></tr><tr><td>行政事业性收费</td><td colspan="3">${fee}</td></tr>`;
const pre21 = (fee: string): string => `第二十条第（一）项
信息内容            本年制发件数    本年废止件数    现行有效件数
规章                       0               0               0
行政规范性文件             4               1              17
第二十条第（八）项
信息内容            本年收费金额
行政事业性收费         ${fee}`;

const converted = (r: ExtractResult, value: number): void => {
  expect(r.kind).toBe('report');
  expect(metric(r, FEE)).toMatchObject({ value, unit: 'yuan' });
  // the rest of the table is read as before
  expect(metric(r, 'proactive.normative_docs.in_force')?.value).toBe(17);
};

describe('money: 万元 stated outside the column header', () => {
  it('in the header (as the template prints it)', () => {
    converted(html(page21(`<table>${rows21('本年收费金额（单位：万元）', '12.35')}</table>`)), 123500);
  });
  it('in a caption line before an HTML table, with or without brackets', () => {
    for (const cap of ['单位：万元', '（单位：万元）', '金额单位：万元', '表1 主动公开政府信息情况（单位：万元）']) {
      const r = html(page21(`<p>${cap}</p><table>${rows21('本年收费金额', '12.35')}</table>`));
      converted(r, 123500);
      expect(metric(r, FEE)?.flags).toContain('converted_wan');
    }
  });
  it('in a title row of the table', () => {
    converted(html(page21(`<table><tr><td colspan="4">主动公开政府信息情况（单位：万元）</td></tr>${rows21('本年收费金额', '12.35')}</table>`)), 123500);
    converted(html(page21(`<table><tr><td colspan="3"></td><td>单位：万元</td></tr>${rows21('本年收费金额', '12.35')}</table>`)), 123500);
  });
  it('before an aligned table in <pre>, and inside the <pre> above it', () => {
    converted(html(page21(`<p>单位：万元</p><pre>\n${pre21('12.35')}\n</pre>`)), 123500);
    converted(html(page21(`<pre>\n                                      （单位：万元）\n${pre21('12.35')}\n</pre>`)), 123500);
  });
  it('before a table saved as plain text', () => {
    const r = txt(`${TITLE21}\n一、总体情况\n本局按照条例要求做好政府信息公开工作，全年主动公开各类信息三百余条。\n二、主动公开政府信息情况\n（单位：万元）\n${pre21('12.35')}\n三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n`);
    converted(r, 123500);
  });
  it('in plain text, a caption before an earlier table does not reach past the next section heading', () => {
    const r = txt(`${TITLE21}\n一、总体情况\n单位：元\n项目  金额\n网站运维  2400\n二、主动公开政府信息情况\n${pre21('12.35')}\n三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n`);
    expect(metric(r, FEE)).toMatchObject({ value: null, raw: '12.35' });
  });
  it('单位：元 stated outside the header: read in 元', () => {
    converted(html(page21(`<p>单位：元</p><table>${rows21('本年收费金额', '2400')}</table>`)), 2400);
  });
  it("the cell's own unit wins over the caption", () => {
    converted(html(page21(`<p>单位：万元</p><table>${rows21('本年收费金额', '2400元')}</table>`)), 2400);
  });
  it('stated nowhere: a nonzero amount is null with uncertain_unit and its digits; a zero stays 0', () => {
    const r = html(page21(`<table>${rows21('本年收费金额', '12.35')}</table>`));
    expect(metric(r, FEE)).toMatchObject({ value: null, raw: '12.35' });
    expect(metric(r, FEE)?.flags).toContain('uncertain_unit');
    expect(metric(r, 'proactive.normative_docs.in_force')?.value).toBe(17);
    const z = html(page21(`<table>${rows21('本年收费金额', '0')}</table>`));
    expect(metric(z, FEE)).toMatchObject({ value: 0, flags: [] });
  });
  it('a caption before another table does not carry over to a later one', () => {
    const r = html(page21(`<p>单位：万元</p><table><tr><td>项目</td><td>数量</td></tr><tr><td>网站访问</td><td>3</td></tr></table><p>本局政府信息公开工作机构健全，各项工作有序推进，现将主动公开情况列表如下。</p><table>${rows21('本年收费金额', '12.35')}</table>`));
    expect(metric(r, FEE)).toMatchObject({ value: null });
  });
});

const TITLE16 = '样例县人民政府2016年政府信息公开工作年度报告';
const page16 = (body: string): string => `<html><head><meta charset="utf-8"><title>${TITLE16}</title></head><body><h1>${TITLE16}</h1>
<p>一、概述</p><p>2016年，本县认真贯彻落实政府信息公开条例，共主动公开政府信息1200条。</p><p>二、依申请公开情况</p><p>全年共受理政府信息公开申请15件。</p>${body}</body></html>`;
const stat = (unitCell: string, fee: string): string => `<tr><td>统计指标</td><td>单位</td><td>统计数</td></tr>
<tr><td>一、主动公开情况</td><td>—</td><td>—</td></tr><tr><td>（一）主动公开政府信息数</td><td>条</td><td>1200</td></tr>
<tr><td>二、依申请公开情况</td><td>—</td><td>—</td></tr><tr><td>（一）收到申请数</td><td>件</td><td>15</td></tr>
<tr><td>七、依申请公开信息收取的费用</td><td>${unitCell}</td><td>${fee}</td></tr>`;

describe('money in a pre-2019 统计表', () => {
  it('unit column, caption before the table, caption in 元, none', () => {
    expect(metric(html(page16(`<p>政府信息公开情况统计表</p><table>${stat('万元', '0.35')}</table>`)), 'fees.amount_yuan')).toMatchObject({ value: 3500, unit: 'yuan' });
    expect(metric(html(page16(`<p>政府信息公开情况统计表</p><p>（单位：万元）</p><table>${stat('', '0.35')}</table>`)), 'fees.amount_yuan')).toMatchObject({ value: 3500, unit: 'yuan' });
    expect(metric(html(page16(`<p>政府信息公开情况统计表</p><table>${stat('元', '350')}</table>`)), 'fees.amount_yuan')).toMatchObject({ value: 350, unit: 'yuan' });
    const none = metric(html(page16(`<p>政府信息公开情况统计表</p><table>${stat('', '0.35')}</table>`)), 'fees.amount_yuan');
    expect(none).toMatchObject({ value: null, raw: '0.35' });
    expect(none?.flags).toContain('uncertain_unit');
  });
});

describe('money in a 统计表 flattened into running text', () => {
  const flat = (fee: string): ExtractResult => txt(`样例区2013年政府信息公开工作年度报告 一、概述 全区工作有序开展。 样例区政府信息公开情况统计表 指标名称 计量单位 2013年度 历年累计 主动公开信息数 条 720 7642 受理依申请公开信息总数 条 3 9 对申请的答复总数 条 3 9 行政复议数 件 0 0 行政诉讼数 件 0 0 ${fee} 附件下载`);
  it('a row with its unit is read in it; a row without one is null, uncertain_unit; a zero stays 0', () => {
    expect(metric(flat('收取费用 元 350 1200'), 'fees.amount_yuan')).toMatchObject({ value: 350, unit: 'yuan' });
    const none = metric(flat('收取费用 350 1200'), 'fees.amount_yuan');
    expect(none?.value).toBeNull();
    expect(none?.flags).toContain('uncertain_unit');
    expect(metric(flat('收取费用 0 0'), 'fees.amount_yuan')).toMatchObject({ value: 0, flags: [] });
  });
});

// ---------------------------------------------------------------- Word: caption paragraph, title row
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const wp = (t: string): string => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
const wtc = (t: string, span = 1): string => `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${wp(t)}</w:tc>`;
const wtbl = (rows: string[][], title?: string): string => `<w:tbl><w:tblGrid>${'<w:gridCol w:w="2000"/>'.repeat(4)}</w:tblGrid>${title ? `<w:tr>${wtc(title, 4)}</w:tr>` : ''}${rows.map((r) => `<w:tr>${r.length === 2 ? wtc(r[0]) + wtc(r[1], 3) : r.length === 1 ? wtc(r[0], 4) : r.map((c) => wtc(c)).join('')}</w:tr>`).join('')}</w:tbl>`;
const feeRows = (head: string, fee: string): string[][] => [['第二十条第（一）项'], ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], ['规章', '0', '0', '0'], ['行政规范性文件', '4', '1', '17'], ['第二十条第（八）项'], ['信息内容', head], ['行政事业性收费', fee]];
const wordDoc = (middle: string): string => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${wp(TITLE21)}${wp('一、总体情况')}${wp('本局按照条例要求做好政府信息公开工作，全年主动公开各类信息三百余条。')}${wp('二、主动公开政府信息情况')}${middle}${wp('三、收到和处理政府信息公开申请情况')}${wp('本年度未收到政府信息公开申请。')}</w:body></w:document>`;
const fromWord = async (xml: string): Promise<ExtractResult> => extractAny({ bytes: await wordPackage(xml), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', url: 'http://example.gov.cn/a/report.docx' });

describe('money in a Word attachment', () => {
  it('unit in a paragraph before the table', async () => {
    converted(await fromWord(wordDoc(wp('单位：万元') + wtbl(feeRows('本年收费金额', '12.35')))), 123500);
  });
  it('unit in the title row of the table', async () => {
    converted(await fromWord(wordDoc(wtbl(feeRows('本年收费金额', '12.35'), '主动公开政府信息情况（单位：万元）'))), 123500);
  });
  it('unit in the header, and nowhere', async () => {
    converted(await fromWord(wordDoc(wtbl(feeRows('本年收费金额（单位：万元）', '12.35')))), 123500);
    const r = await fromWord(wordDoc(wtbl(feeRows('本年收费金额', '12.35'))));
    expect(metric(r, FEE)).toMatchObject({ value: null, raw: '12.35' });
    expect(metric(r, FEE)?.flags).toContain('uncertain_unit');
  });
});

describe('money in the text: fees for requests, not administrative fees', () => {
  const withText = (sentence: string) => html(page21(`<p>${sentence}</p><table>${rows21('本年收费金额（单位：万元）', '12.35')}</table>`));
  it('reads 收取费用…元 as the fees charged for requests', () => {
    expect(metric(withText('本年度依申请公开收取费用350元。'), 'fees.amount_yuan')?.value).toBe(350);
    expect(metric(withText('本年度未收取任何费用。'), 'fees.amount_yuan')?.value).toBe(0);
    // an agency that calls itself 行政机关 still charged (or did not charge) for requests
    expect(metric(withText('本行政机关依申请公开收取费用350元。'), 'fees.amount_yuan')?.value).toBe(350);
    expect(metric(withText('本行政机关未收取任何费用。'), 'fees.amount_yuan')?.value).toBe(0);
  });
  it('does not read a sentence about 行政事业性收费 (a line of the proactive table) as request fees', () => {
    for (const sentence of ['本年度收取行政事业性收费123500元。', '本年度未收取行政事业性收费。', '本年度收取行政收费2000元。', '全年收取事业性收费2000元。',
      '本年度收取行政事业收费2000元。', '全年共收取行政事业性费用2000元。', '本年度未收取行政收费。']) {
      const r = withText(sentence);
      expect(metric(r, 'fees.amount_yuan'), sentence).toBeUndefined();
      expect(metric(r, FEE)?.value).toBe(123500); // the table's own figure stays
    }
  });
});
