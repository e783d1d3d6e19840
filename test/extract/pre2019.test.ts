// Unit tests of the forms pre-2019 reports take on real portals and in crawlers' saved texts:
// crawler metadata headers, pages without a title or cut short, the whole page run together on
// one line, 统计表s flattened into the text (cells run together or spaced, 本年度 / 历年累计
// columns, a 代码 column, list numbers glued to the figures), Word-exported tables with split
// spans, zeros said in words, and distractor figures (行政审批, 咨询, 访问量, 历年累计).
// All texts are written for these tests.
import { describe, expect, it } from 'vitest';
import { extract, type ExtractResult } from '../../src/extract/index.js';

const txt = (s: string): ExtractResult => extract({ bytes: Buffer.from(s, 'utf8'), contentType: 'text/plain; charset=utf-8' });
const html = (s: string): ExtractResult => extract({ bytes: Buffer.from(s, 'utf8'), contentType: 'text/html; charset=utf-8' });
const metric = (r: ExtractResult, k: string) => r.record?.metrics.find((m) => m.key === k);
const val = (r: ExtractResult, k: string) => metric(r, k)?.value;

const HEADER = [
  '标题: 示例县人民政府2012年政府信息公开工作年度报告',
  '发布时间: 2013-01-20 00:00',
  '文号: ',
  '发布机构: 示例县人民政府办公室',
  '栏目: 政府信息公开年报',
  '原文链接: http://www.example.gov.cn/zfxxgk/nb/201301/t20130120_1.htm',
  '页面链接与图片详见 links.tsv(同目录)',
  '==================== 正文 ====================',
].join('\n');

// a 2012 report whose whole body a crawler ran into one line, appendix table included
const FLAT_TABLE = '附件:示例县人民政府2012年政府信息公开情况统计表 指标名称计量单位2012年度历年累计主动公开信息数条9863120其中:1.网站公开条95230952.政府公报公开条3425受理依申请公开信息总数条1240其中:1.当面申请数条8252.网上申请数条4153.信函申请数条00对申请的答复数条1240其中:1.同意公开答复数条9312.同意部分公开答复数条253.否决公开答复数条14行政复议数条01行政诉讼数条00';
const BODY = '示例县人民政府2012年政府信息公开工作年度报告 本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自2012年1月1日起至2012年12月31日止。一、概述 2012年,全县政府信息公开工作稳步推进。二、主动公开政府信息情况 2012年全县主动公开政府信息986条。三、依申请公开政府信息情况 2012年共受理政府信息公开申请12件,均已答复。全县行政服务中心全年受理行政审批申请136437件,解答群众咨询4520人次。四、行政复议和行政诉讼情况 2012年全县未发生因政府信息公开引起的行政诉讼。五、存在的主要问题及改进措施 宣传力度仍需加强。 示例县人民政府 2013年1月18日 ' + FLAT_TABLE;

describe('crawler metadata header', () => {
  it('reads 标题 / 发布时间 / 发布机构 as metadata, never as region or issuer text', () => {
    const r = txt(`${HEADER}\n${BODY}`);
    expect(r.kind).toBe('report');
    expect(r.record?.title).toBe('示例县人民政府2012年政府信息公开工作年度报告');
    expect(r.record?.issuer).toBe('示例县人民政府');
    expect(r.record?.region).toBe('示例县');
    expect(r.record?.published_date).toBe('2013-01-20');
    expect(r.record?.year).toBe(2012);
    expect(r.mainText).not.toMatch(/原文链接|发布机构|links\.tsv/);
  });

  it('does not take a page\'s own info list under its title for a crawler header', () => {
    const r = html('<html><body><div>首页 > 政务公开</div><h1>示例县人民政府2012年政府信息公开工作年度报告</h1><p>索引号: 123/2013-1</p><p>发布机构: 示例县人民政府办公室</p><p>发布日期: 2013-01-20</p><p>一、概述</p><p>2012年,全县共受理政府信息公开申请12件,均已按时答复。</p></body></html>');
    expect(r.record?.title).toBe('示例县人民政府2012年政府信息公开工作年度报告');
    expect(val(r, 'requests.new_received.total')).toBe(12);
  });
});

describe('pages without a title, cut short, or run together', () => {
  it('keeps a whole page run together on one line that starts with portal chrome, cut at the title', () => {
    const r = txt(`${HEADER}\n当前位置: 首页政务公开政府信息公开年报 ${BODY}`);
    expect(r.kind).toBe('report');
    expect(r.mainText.startsWith('示例县人民政府2012年政府信息公开工作年度报告')).toBe(true);
    expect(val(r, 'requests.new_received.total')).toBe(12);
  });

  it('reads a page without a title when it has report sections and a statistics table: issuer from the body, year from the period', () => {
    const body = BODY.replace('示例县人民政府2012年政府信息公开工作年度报告 ', '');
    const r = txt(body);
    expect(r.kind).toBe('report');
    expect(r.record?.title).toBeNull();
    expect(r.record?.issuer).toBe('示例县人民政府');
    expect(r.record?.year).toBe(2012);
    expect(val(r, 'requests.new_received.total')).toBe(12);
  });

  it('names the issuer a titleless page gives only in a sentence (公布…XX局信息公开年度报告)', () => {
    const r = txt('根据《中华人民共和国政府信息公开条例》,特向社会公布2013年度示例县地税局信息公开年度报告。本报告所列数据的统计期限自2013年1月1日起至2013年12月31日止。\n一、概述\n我局认真做好政府信息公开工作。\n二、主动公开政府信息情况\n2013年新增主动公开政府信息45条。\n三、依申请公开情况\n我局未收到政府信息公开申请。');
    expect(r.kind).toBe('report');
    expect(r.record?.issuer).toBe('示例县地税局');
    expect(r.record?.year).toBe(2013);
    expect(val(r, 'requests.new_received.total')).toBe(0);
  });

  it('reads a titled page cut after its first sections', () => {
    const r = txt('示例市人民政府2014年政府信息公开工作年度报告\n一、概述\n2014年,全市政府信息公开工作有序推进,各项制度不断完善,');
    expect(r.kind).toBe('report');
    expect(r.record?.flags).toContain('no_statistics');
  });

  it('says why a page titled like a report was not read, and keeps its title', () => {
    const r = html('<html><head><title>示例县人民政府2016年政府信息公开工作年度报告</title></head><body><h1>示例县人民政府2016年政府信息公开工作年度报告</h1><p><img src="nb.jpg"></p></body></html>');
    expect(r.kind).toBe('other');
    expect(r.reason).toMatch(/titled like a report but no report content/);
    expect(r.title).toBe('示例县人民政府2016年政府信息公开工作年度报告');
  });

  it('does not read a news item about disclosure work without a title as a report', () => {
    const r = txt('近日,示例县召开政府信息公开工作会议,部署全年政务公开工作,要求各单位认真做好依申请公开答复。');
    expect(r.kind).toBe('other');
    expect(r.reason).toMatch(/no report title/);
  });

  it('does not read binary bytes as a page', () => {
    const r = extract({ bytes: Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000'), Buffer.from('政府信息公开 一、概述 依申请公开 行政复议')]), contentType: 'text/html' });
    expect(r.kind).toBe('other');
    expect(r.reason).toMatch(/binary/);
  });
});

describe('flattened 统计表 (本年度 | 历年累计)', () => {
  const r = txt(`${HEADER}\n${BODY}`);
  it('splits figures run together by the table\'s rules and takes the year\'s column', () => {
    // 受理…条1240 = 12|40 (120|4 would exceed its cumulative); 当面 825 = 8|25, 网上 415 → 4|15 (with "2." and "3." list numbers)
    expect(val(r, 'requests.new_received.total')).toBe(12);
    expect(val(r, 'requests.channel.in_person')).toBe(8);
    expect(val(r, 'requests.channel.online')).toBe(4);
    expect(val(r, 'requests.channel.letter')).toBe(0);
    expect(val(r, 'requests.answered.total')).toBe(12);
    expect(val(r, 'requests.granted.total')).toBe(9);
    expect(val(r, 'requests.partial.total')).toBe(2);
    expect(val(r, 'requests.denied.total')).toBe(1);
    expect(val(r, 'review.reconsideration.total')).toBe(0);
    expect(val(r, 'review.litigation.total')).toBe(0);
    for (const k of ['requests.new_received.total', 'requests.granted.total']) expect(metric(r, k)?.flags).not.toContain('uncertain_split');
    expect(metric(r, 'requests.new_received.total')?.source).toMatchObject({ type: 'table', column: '2012年度', raw: '1240' });
  });

  it('lets the figure the text states pick among several splits, else flags the row', () => {
    // 主动公开 9863120: 98|63120, 986|3120 fit; the text says 986条
    expect(val(r, 'proactive.items.total')).toBe(986);
    expect(metric(r, 'proactive.items.total')?.flags).not.toContain('uncertain_split');
    // 网站公开 9523095: 9|523095, 95|23095, 952|3095 fit and the sum (986 = 952 + 34) decides
    expect(val(r, 'proactive.channel.website')).toBe(952);
    const alone = txt('示例县2012年政府信息公开工作年度报告\n一、概述\n统计表 指标名称 计量单位 2012年度 历年累计 对申请的答复数条1234');
    expect(metric(alone, 'requests.answered.total')?.flags).toContain('uncertain_split');
  });

  it('reads a spaced table, a missing cell flagged, and a 代码 column and nested (1) rows', () => {
    const spaced = txt('示例区2013年政府信息公开工作年度报告 一、概述 全区工作有序开展。 示例区政府信息公开情况统计表 指标名称 计量单位 2013年度 历年累计 主动公开信息数 条 720 7642 其中:1、网站公开 条 720 7642 2、政府公报公开 条 0 受理依申请公开信息总数 条 3 9 对申请的答复总数 条 3 9 其中:1、同意公开答复数 条 2 7 2、同意部分公开答复数 条 1 2 行政复议数 件 0 0 行政诉讼数 件 0 0 附件下载');
    expect(val(spaced, 'requests.new_received.total')).toBe(3);
    expect(val(spaced, 'requests.granted.total')).toBe(2);
    expect(val(spaced, 'requests.partial.total')).toBe(1);
    expect(metric(spaced, 'proactive.channel.gazette')?.flags).toContain('uncertain_split');
    const coded = txt('示例市2012年政府信息公开工作年度报告 一、概述 全市工作有序开展。 政府信息公开情况统计表 指标名称 计量单位 代码 本期实际 本年累计 甲 乙 丙 1 2 主动公开信息数 条 01 310 310 申请总数 条 02 6 6 其中:1.当面申请数 条 03 4 4 2.网上申请数 条 04 2 2 对申请的答复总数 条 05 6 6 其中:1.同意公开答复数 条 06 3 3 2.同意部分公开答复数 条 07 1 1 3.否决公开答复总数 条 08 2 2 其中:(1)信息不存在数 条 09 1 1 (2)非本部门掌握数 条 10 1 1 行政复议数 件 11 0 0 行政诉讼数 件 12 0 0');
    expect(val(coded, 'proactive.items.total')).toBe(310);
    expect(val(coded, 'requests.new_received.total')).toBe(6);
    expect(val(coded, 'requests.denied.total')).toBe(2);
    expect(val(coded, 'requests.not_exist.total')).toBe(1);
    expect(val(coded, 'review.litigation.total')).toBe(0);
  });
});

describe('Word-exported HTML tables', () => {
  it('reads a 统计表 with numbers split across spans, 本年度/历年累计 columns and a two-channel row left unread', () => {
    const cell = (s: string) => `<td><p><span lang="EN-US">${s}</span></p></td>`;
    const row = (...c: string[]) => `<tr>${c.map(cell).join('')}</tr>`;
    const page = `<html><body><h1>示例区2016年度政府信息公开工作年度报告</h1><p>一、概述</p><p>全区主动公开政府信息<span>18</span><span>9条</span>。</p>
<p>七、示例区政府信息公开情况统计表</p><table>
${row('指标名称', '计量单位', '<span>201</span><span>6</span>年度', '历年累计')}
${row('主动公开信息数', '条', '<span>18</span><span>9</span>', '<span>4</span><span>23</span>')}
${row('受理依申请公开信息总数', '条', '5', '31')}
${row('其中:1、当面申请数', '条', '3', '20')}
${row('2、信函、传真申请数', '条', '2', '11')}
${row('对申请的答复总数', '条', '5', '31')}
${row('行政复议数', '件', '0', '1')}
${row('行政诉讼数', '件', '0', '0')}
</table></body></html>`;
    const r = html(page);
    expect(val(r, 'proactive.items.total')).toBe(189);
    expect(val(r, 'requests.new_received.total')).toBe(5);
    expect(val(r, 'requests.answered.total')).toBe(5);
    expect(val(r, 'review.reconsideration.total')).toBe(0);
    expect(metric(r, 'requests.channel.fax')).toBeUndefined();
    expect(metric(r, 'requests.channel.letter')).toBeUndefined();
  });

  it('does not take a row code (代码) for the figure', () => {
    const row = (...c: string[]) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`;
    const r = html(`<html><body><h1>示例市2015年政府信息公开工作年度报告</h1><p>一、概述</p><table>${row('指标名称', '计量单位', '代码', '本期实际', '本年累计')}${row('申请总数', '条', '10', '7', '7')}${row('行政复议数', '件', '32', '1', '1')}</table></body></html>`);
    expect(val(r, 'requests.new_received.total')).toBe(7);
    expect(val(r, 'review.reconsideration.total')).toBe(1);
  });
});

describe('prose as real reports word it', () => {
  const page = (lines: string[]) => txt(['示例县商务局2015年政府信息公开工作年度报告', ...lines].join('\n'));
  it('reads zeros said in words in clauses dated by their year', () => {
    const r = page([
      '一、主动公开政府信息情况', '2015年度主动公开政府信息62条。',
      '二、依申请公开情况', '2015年未收到信息公开的申请和未涉及不予公开的政府信息。',
      '三、行政复议情况', '2015年度未发生针对政府信息公开事务的复议、诉讼和申诉。',
      '四、收费情况', '2015年度未收取与政府信息申请有关的任何费用。',
    ]);
    expect(val(r, 'proactive.items.total')).toBe(62);
    expect(val(r, 'requests.new_received.total')).toBe(0);
    expect(val(r, 'review.reconsideration.total')).toBe(0);
    expect(val(r, 'review.litigation.total')).toBe(0);
    expect(val(r, 'review.complaint.total')).toBe(0);
    expect(val(r, 'fees.amount_yuan')).toBe(0);
  });

  it('reads the request count said other ways, and no requests said in words', () => {
    const one = (s: string) => val(page(['一、依申请公开情况', s]), 'requests.new_received.total');
    expect(one('2014年全年无政府信息公开申请。')).toBe(0);
    expect(one('本年度没有公民、法人或其他组织向我局申请公开政府信息。')).toBe(0);
    expect(one('2015年度我局依申请公开政府信息为零。')).toBe(0);
    expect(one('2016年,本机关政府信息公开申请数为0。')).toBe(0);
    expect(one('全年依申请公开件数为3件。')).toBe(3);
    expect(one('2013年共收到依申请公开政府信息申请书5份。')).toBe(5);
    expect(one('2014年无不予公开的政府信息。') ?? null).toBeNull();
  });

  it('never takes an approval, an enquiry, a visit count or a total to date for the statistic', () => {
    const r = page([
      '一、主动公开政府信息情况', '政府信息公开专栏访问量达11460人次,历年累计主动公开政府信息8537条。',
      '二、依申请公开情况', '全年受理行政审批申请136437件,办结率100%。解答群众咨询4900人次。',
      '三、其他', '全年受理行政许可申请320件。',
    ]);
    expect(val(r, 'requests.new_received.total') ?? null).toBeNull();
    expect(val(r, 'proactive.items.total') ?? null).toBeNull();
  });

  it('reads the request count when the distractor sits in another clause', () => {
    const r = page(['一、依申请公开情况', '全年受理政府信息公开申请21件,全部按时答复;另受理行政审批事项117件。']);
    expect(val(r, 'requests.new_received.total')).toBe(21);
  });
});
