// Real-portal variants of the 2019/2021 tables, as hand-made snippets: label wording
// (本年新收申请数量, 其他法律、行政法规禁止公开, quote styles of "三安全一稳定", sub-row
// numbering 1. / 1、 / (1) / ①), requests columns in another order, header rows in another
// order, a table split across pages with its header repeated, and the 15-cell review table in
// one row, in two rows or one group per row.
import { describe, expect, it } from 'vitest';
import { extract, type ExtractResult } from '../../src/extract/index.js';

const COLS = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'] as const;
const COL_LABEL: Record<string, string> = { natural_person: '自然人', commercial: '商业企业', research: '科研机构', social_org: '社会公益组织', legal_service: '法律服务机构', other_org: '其他', total: '总计' };
const Z = [0, 0, 0, 0, 0, 0, 0];
/** [group label or '', row label, key, values in official column order] — a consistent 2021 table. */
const ROWS: Array<[string, string, string, number[]]> = [
  ['', '一、本年新收政府信息公开申请数量', 'new_received', [10, 2, 1, 1, 1, 1, 16]],
  ['', '二、上年结转政府信息公开申请数量', 'carried_over', [1, 0, 0, 0, 0, 0, 1]],
  ['三、本年度办理结果', '(一)予以公开', 'granted', [5, 1, 1, 0, 0, 0, 7]],
  ['三、本年度办理结果', '(二)部分公开(区分处理的,只计这一情形,不计其他情形)', 'partial', [1, 0, 0, 1, 0, 0, 2]],
  ['(三)不予公开', '1.属于国家秘密', 'denied.state_secret', Z],
  ['(三)不予公开', '2.其他法律行政法规禁止公开', 'denied.law_forbidden', [1, 0, 0, 0, 1, 0, 2]],
  ['(三)不予公开', '3.危及“三安全一稳定”', 'denied.security_stability', Z],
  ['(三)不予公开', '4.保护第三方合法权益', 'denied.third_party', Z],
  ['(三)不予公开', '5.属于三类内部事务信息', 'denied.internal_affairs', Z],
  ['(三)不予公开', '6.属于四类过程性信息', 'denied.process_info', Z],
  ['(三)不予公开', '7.属于行政执法案卷', 'denied.enforcement_file', Z],
  ['(三)不予公开', '8.属于行政查询事项', 'denied.inquiry_matter', Z],
  ['(四)无法提供', '1.本机关不掌握相关政府信息', 'unable.not_held', [3, 0, 0, 0, 0, 1, 4]],
  ['(四)无法提供', '2.没有现成信息需要另行制作', 'unable.needs_creation', Z],
  ['(四)无法提供', '3.补正后申请内容仍不明确', 'unable.unclear', Z],
  ['(五)不予处理', '1.信访举报投诉类申请', 'not_processed.petition', Z],
  ['(五)不予处理', '2.重复申请', 'not_processed.duplicate', Z],
  ['(五)不予处理', '3.要求提供公开出版物', 'not_processed.publication', Z],
  ['(五)不予处理', '4.无正当理由大量反复申请', 'not_processed.mass_repeated', Z],
  ['(五)不予处理', '5.要求行政机关确认或重新出具已获取信息', 'not_processed.confirm_reissue', Z],
  ['(六)其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', 'other.overdue_correction', Z],
  ['(六)其他处理', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 'other.overdue_fee', Z],
  ['(六)其他处理', '3.其他', 'other.other', Z],
  ['三、本年度办理结果', '(七)总计', 'processed', [10, 1, 1, 1, 1, 1, 15]],
  ['', '四、结转下年度继续办理', 'carried_forward', [1, 1, 0, 0, 0, 0, 2]],
];
const REVIEW = [1, 0, 0, 1, 2, 0, 3, 0, 0, 3, 1, 0, 1, 0, 2];

interface Opts {
  label?: (l: string, key: string) => string;
  order?: string[]; // column order as printed
  header?: 'standard' | 'sub-first' | 'flat';
  splitAt?: number; // split into two <table>s before row k, header repeated
  review?: 'one-row' | 'two-rows' | 'three-rows' | 'transposed';
  blankZeros?: boolean; // zeros printed as empty cells
}

function headerRows(order: string[], style: Opts['header']): string[] {
  if (style === 'flat') return [`<tr><td colspan="2">信息内容</td>${order.map((c) => `<td>${COL_LABEL[c]}</td>`).join('')}</tr>`];
  // 法人或其他组织 spans the organisation columns, which must be adjacent in `order`
  const orgs = order.filter((c) => c !== 'natural_person' && c !== 'total');
  const top = order.filter((c) => c === 'natural_person' || c === 'total' || c === orgs[0]).map((c) => (c === orgs[0] ? `<td colspan="${orgs.length}">法人或其他组织</td>` : `<td rowspan="2">${COL_LABEL[c]}</td>`));
  const sub = orgs.map((c) => `<td>${COL_LABEL[c]}</td>`);
  const r0 = `<tr><td colspan="2" rowspan="3">(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)</td><td colspan="7">申请人情况</td></tr>`;
  // sub-first: the organisation row printed above 自然人 | 法人或其他组织 | 总计 (only meaningful flattened to text)
  return style === 'sub-first' ? [r0, `<tr>${sub.join('')}</tr>`, `<tr>${top.join('')}</tr>`] : [r0, `<tr>${top.join('')}</tr>`, `<tr>${sub.join('')}</tr>`];
}

function page(o: Opts = {}): string {
  const order = o.order ?? [...COLS];
  const label = o.label ?? ((l) => l);
  const body = ROWS.map(([g, l, key, v]) => `<tr><td>${label(g, key)}</td><td>${label(l, key)}</td>${order.map((c) => { const x = v[COLS.indexOf(c as typeof COLS[number])]; return `<td>${x === 0 && o.blankZeros ? '' : x}</td>`; }).join('')}</tr>`);
  const head = headerRows(order, o.header ?? 'standard').filter(Boolean);
  const tables = o.splitAt ? [[...head, ...body.slice(0, o.splitAt)], [...head, ...body.slice(o.splitAt)]] : [[...head, ...body]];
  const rv = o.review ?? 'one-row';
  const revHead = '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr><tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr><tr>' + '<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>'.repeat(2) + '</tr>';
  const cells = (a: number[]): string => a.map((x) => `<td>${x}</td>`).join('');
  const resultWords = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const transposed = `<table><tr><td></td><td>行政复议</td><td>行政诉讼(未经复议直接起诉)</td><td>行政诉讼(复议后起诉)</td></tr>${resultWords.map((w, c) => `<tr><td>${w}</td>${cells([0, 1, 2].map((g) => REVIEW[g * 5 + c]))}</tr>`).join('')}</table>`;
  const review = rv === 'transposed' ? transposed : rv === 'one-row' ? `<table>${revHead}<tr>${cells(REVIEW)}</tr></table>`
    : rv === 'two-rows' ? `<table><tr><td colspan="5">行政复议</td></tr><tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr><tr>${cells(REVIEW.slice(0, 5))}</tr><tr><td colspan="10">行政诉讼</td></tr><tr><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr><tr>${'<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>'.repeat(2)}</tr><tr>${cells(REVIEW.slice(5))}</tr></table>`
      : `<table><tr><td></td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr><tr><td>行政复议</td>${cells(REVIEW.slice(0, 5))}</tr><tr><td>行政诉讼未经复议直接起诉</td>${cells(REVIEW.slice(5, 10))}</tr><tr><td>行政诉讼复议后起诉</td>${cells(REVIEW.slice(10))}</tr></table>`;
  return `<html><head><title>XX县2021年政府信息公开工作年度报告</title></head><body><h1>XX县2021年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>本报告根据条例编制,统计期限为2021年1月1日至2021年12月31日。</p>
<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>3</td><td>1</td><td>20</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p>${tables.map((t) => `<table>${t.join('\n')}</table>`).join('\n<p>第 2 页</p>\n')}
<p>四、政府信息公开行政复议、行政诉讼情况</p>${review}
<p>五、存在的主要问题及改进情况</p><p>一是工作还需加强,二是平台还需完善。</p></body></html>`;
}

const run = (o: Opts = {}): ExtractResult => extract({ bytes: Buffer.from(page(o), 'utf8'), contentType: 'text/html; charset=utf-8' });
/** The same page copied as text: one line per table row, cells joined by ' | '. */
const runText = (o: Opts = {}): ExtractResult => {
  const text = page(o).replace(/<tr>([\s\S]*?)<\/tr>/g, (_, r: string) => `${[...r.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]).join(' | ')}\n`)
    .replace(/<\/(p|h1|table)>/g, '\n').replace(/<[^>]+>/g, '').replace(/\n+/g, '\n');
  return extract({ bytes: Buffer.from(text, 'utf8'), contentType: 'text/plain; charset=utf-8' });
};

/** Every requests and review value exact, every check held. */
function expectAllRight(r: ExtractResult): void {
  expect(r.record).not.toBeNull();
  const got = new Map(r.record!.metrics.map((m) => [m.key, m.value]));
  const wrong: string[] = [];
  for (const [, , key, v] of ROWS) COLS.forEach((c, i) => { if (got.get(`requests.${key}.${c}`) !== v[i]) wrong.push(`requests.${key}.${c}: want ${v[i]} got ${got.get(`requests.${key}.${c}`)}`); });
  const groups = ['reconsideration', 'litigation_direct', 'litigation_after_reconsideration'];
  const rcols = ['upheld', 'corrected', 'other', 'pending', 'total'];
  REVIEW.forEach((v, i) => { const k = `review.${groups[Math.floor(i / 5)]}.${rcols[i % 5]}`; if (got.get(k) !== v) wrong.push(`${k}: want ${v} got ${got.get(k)}`); });
  expect(wrong).toEqual([]);
  expect(r.record!.checks.filter((c) => !c.held).map((c) => c.name)).toEqual([]);
}

describe('2019/2021 table variants', () => {
  it('the standard table', () => expectAllRight(run()));
  it('short row labels (本年新收申请数量, 上年结转申请数量, 结转下年度)', () => expectAllRight(run({ label: (l) => l.replace('政府信息公开申请数量', '申请数量').replace('结转下年度继续办理', '结转下年度') })));
  it('其他法律、行政法规禁止公开', () => expectAllRight(run({ label: (l) => l.replace('其他法律行政法规禁止公开', '其他法律、行政法规禁止公开') })));
  for (const q of ['"三安全一稳定"', '「三安全一稳定」', '‘三安全一稳定’', '三安全一稳定', '"三安全 一稳定"']) {
    it(`危及${q}`, () => expectAllRight(run({ label: (l) => l.replace('“三安全一稳定”', q) })));
  }
  const numbering: Array<[string, (n: string) => string]> = [['1、', (n) => `${n}、`], ['(1)', (n) => `(${n})`], ['（1）', (n) => `（${n}）`], ['①', (n) => '①②③④⑤⑥⑦⑧'[Number(n) - 1]], ['none', () => ''], ['1．', (n) => `${n}．`]];
  for (const [name, f] of numbering) {
    it(`sub-rows numbered ${name}`, () => expectAllRight(run({ label: (l) => l.replace(/^(\d)\./, (_, n: string) => f(n)) })));
  }
  it('group numbering 三、(三) written as 3. / 第三', () => expectAllRight(run({ label: (l) => l.replace('(三)不予公开', '（三）不予公开').replace('(七)总计', '七、总计') })));
  it('requests columns in another order (总计 first)', () => expectAllRight(run({ order: ['total', 'natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org'] })));
  it('requests columns in another order (organisations first)', () => expectAllRight(run({ order: ['commercial', 'research', 'social_org', 'legal_service', 'other_org', 'natural_person', 'total'] })));
  it('organisation columns permuted', () => expectAllRight(run({ order: ['natural_person', 'research', 'commercial', 'legal_service', 'social_org', 'other_org', 'total'] })));
  it('one flat header row in another order', () => expectAllRight(run({ header: 'flat', order: ['natural_person', 'commercial', 'social_org', 'research', 'legal_service', 'other_org', 'total'] })));
  it('flattened to text', () => expectAllRight(runText()));
  it('flattened to text, columns in another order', () => expectAllRight(runText({ order: ['natural_person', 'research', 'commercial', 'legal_service', 'social_org', 'other_org', 'total'] })));
  it('flattened to text, header rows in another order (organisations first)', () => expectAllRight(runText({ header: 'sub-first', order: ['total', 'natural_person', 'research', 'commercial', 'social_org', 'legal_service', 'other_org'] })));
  it('flattened to text, split across pages', () => expectAllRight(runText({ splitAt: 12 })));
  for (const k of [3, 12, 21]) it(`split across pages before row ${k}, header repeated`, () => expectAllRight(run({ splitAt: k })));
  it('split across pages with columns in another order', () => expectAllRight(run({ splitAt: 21, order: ['natural_person', 'research', 'commercial', 'social_org', 'legal_service', 'other_org', 'total'] })));
  it('zeros left blank (blank = 0 where the identities hold)', () => expectAllRight(run({ blankZeros: true })));
  it('zeros left blank, flattened to aligned-free text', () => expectAllRight(runText({ blankZeros: true })));
  it('a number typed with letters (1O, l6) is unreadable: null, flagged, never guessed', () => {
    const html = page().replace('<td>16</td>', '<td>l6</td>').replace('<td>1</td><td>0</td><td>0</td><td>1</td><td>2</td>', '<td>1</td><td>0</td><td>0</td><td>1</td><td>2</td>'.replace('<td>2</td>', '<td>2O</td>'));
    const r = extract({ bytes: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8' });
    for (const k of ['requests.new_received.total', 'review.reconsideration.total']) {
      const m = r.record!.metrics.find((x) => x.key === k)!;
      expect(m.value, k).toBeNull();
      expect(m.flags).toContain('unreadable');
    }
    expect(r.record!.metrics.find((x) => x.key === 'requests.new_received.natural_person')!.value).toBe(10);
    expect(r.record!.flags).toContain('unreadable');
  });
  it('review table in two rows (复议 / 诉讼)', () => expectAllRight(run({ review: 'two-rows' })));
  it('review table transposed (one row per result)', () => expectAllRight(run({ review: 'transposed' })));
  it('review table one group per row', () => expectAllRight(run({ review: 'three-rows' })));
});

/** The same page as a crawler keeps it: every cell on its own line with its pipe ("8 |"), a bare "|" opening each row. */
const cellsText = (o: Opts = {}): string => page(o)
  .replace(/<tr>([\s\S]*?)<\/tr>/g, (_, r: string) => `|\n${[...r.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => `${m[1].replace(/<[^>]+>/g, '').trim()} |`.replace(/^ \|$/, '|')).join('\n')}\n`)
  .replace(/<\/(p|h1|table)>/g, '\n').replace(/<[^>]+>/g, '').replace(/\n+/g, '\n');
const asText = (text: string): ExtractResult => extract({ bytes: Buffer.from(text, 'utf8'), contentType: 'text/plain; charset=utf-8' });

describe('tables copied one cell per line with their pipes', () => {
  it('reads every cell in order', () => expectAllRight(asText(cellsText())));
  it('with zeros printed as blank cells: no value read shifted', () => {
    const r = asText(cellsText({ blankZeros: true }));
    // a bare "|" before a figure may be a blank or the next row's opening: nothing is read wrong
    const got = new Map((r.record?.metrics ?? []).map((m) => [m.key, m]));
    const wrong: string[] = [];
    for (const [, , key, v] of ROWS) COLS.forEach((c, i) => { const m = got.get(`requests.${key}.${c}`); if (m && m.value !== null && m.value !== v[i] && !m.flags.some((f) => /uncertain|check_failed/.test(f))) wrong.push(`${key}.${c}: ${m.value}`); });
    expect(wrong).toEqual([]);
  });
});
