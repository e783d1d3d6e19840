// Word table rows that skip grid columns (w:gridBefore / w:gridAfter) keep their cells in their
// true columns. mammoth ignores both, so without help such a row starts in grid column 0 and a
// vMerge continuation after it joins the wrong cell above. The DOCX is written here, in Word's
// own markup (gridSpan, vMerge restart/continue, gridBefore, gridAfter), and read end to end.
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { extractAny } from '../../src/extract/any.js';
import { placeGridSkips, readDocx } from '../../src/extract/attachments/docx.js';
import { wordPackage } from '../../scripts/make-attachment-fixtures.js';
import { APPLICANT_COLS, COL_KEYS, requestRows } from '../../src/replay/generator/labels.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const p = (t: string): string => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
/** a cell: text, grid span, vMerge ('restart' | 'cont') */
const tc = (t: string, span = 1, vm?: 'restart' | 'cont'): string =>
  `<w:tc><w:tcPr><w:tcW w:w="${800 * span}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${vm === 'restart' ? '<w:vMerge w:val="restart"/>' : vm === 'cont' ? '<w:vMerge/>' : ''}</w:tcPr>${vm === 'cont' || !t ? '<w:p/>' : p(t)}</w:tc>`;
const tr = (cells: string, o: { before?: number; after?: number } = {}): string =>
  `<w:tr><w:trPr>${o.before ? `<w:gridBefore w:val="${o.before}"/><w:wBefore w:w="${800 * o.before}" w:type="dxa"/>` : ''}${o.after ? `<w:gridAfter w:val="${o.after}"/>` : ''}<w:jc w:val="center"/></w:trPr>${cells}</w:tr>`;
const tbl = (cols: number, rows: string[]): string => `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>${'<w:gridCol w:w="800"/>'.repeat(cols)}</w:tblGrid>${rows.join('')}</w:tbl>`;

// a consistent 2021 requests table (the official rows, generator/labels.ts), values in the official column order
const OFFICIAL: readonly string[] = COL_KEYS;
const Z = [0, 0, 0, 0, 0, 0, 0];
const VALUES: Record<string, number[]> = {
  new_received: [6, 3, 0, 1, 0, 2, 12],
  carried_over: [1, 0, 1, 0, 0, 0, 2],
  granted: [3, 1, 0, 1, 0, 1, 6],
  partial: [1, 0, 0, 0, 0, 0, 1],
  'denied.law_forbidden': [0, 1, 0, 0, 0, 0, 1],
  'unable.not_held': [2, 0, 1, 0, 0, 0, 3],
  processed: [6, 2, 1, 1, 0, 1, 11],
  carried_forward: [1, 1, 0, 0, 0, 1, 3],
};
const ROWS: Array<[string, string, string, number[]]> = requestRows('2021').map((r) => [r.group ?? '', r.label, r.key, VALUES[r.key] ?? Z]);
// printed with the organisation columns first (the header says so)
const PRINTED = ['commercial', 'research', 'social_org', 'legal_service', 'other_org', 'natural_person', 'total'];
const LABEL: Record<string, string> = { ...Object.fromEntries(APPLICANT_COLS.map((c) => [c.key, c.label])), total: '总计' };

function requestsTable(): string {
  const rows = [
    // the corner cell is one row tall; the top row stops short of the last grid column
    tr(tc('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 2) + tc('申请人情况', 6), { after: 1 }),
    // this row skips the two label columns
    tr(tc('法人或其他组织', 5) + tc('自然人', 1, 'restart') + tc('总计', 1, 'restart'), { before: 2 }),
    // this one prints an empty cell there, then continues the two merged cells above
    tr(tc('', 2) + PRINTED.slice(0, 5).map((c) => tc(LABEL[c])).join('') + tc('', 1, 'cont') + tc('', 1, 'cont')),
  ];
  ROWS.forEach(([g, l, , v], i) => {
    const label = g ? tc(g, 1, ROWS[i - 1]?.[0] === g ? 'cont' : 'restart') + tc(l) : tc(l, 2);
    rows.push(tr(label + PRINTED.map((c) => tc(String(v[OFFICIAL.indexOf(c)]))).join('')));
  });
  return tbl(9, rows);
}

const REVIEW = [1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0];
function reviewTable(): string {
  const res = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  return tbl(15, [
    tr(tc('行政复议', 5) + tc('行政诉讼', 10)),
    tr(res.map((r) => tc(r, 1, 'restart')).join('') + tc('未经复议直接起诉', 5) + tc('复议后起诉', 5)),
    tr(res.map(() => tc('', 1, 'cont')).join('') + [...res, ...res].map((r) => tc(r)).join('')),
    tr(REVIEW.map((v) => tc(String(v))).join('')),
  ]);
}

const TITLE = '样例市交通运输局2023年政府信息公开工作年度报告';
function documentXml(): string {
  const proactive = tbl(4, [
    tr(tc('第二十条第（一）项', 4)),
    tr(tc('信息内容') + tc('本年制发件数') + tc('本年废止件数') + tc('现行有效件数')),
    tr(tc('规章') + tc('0') + tc('0') + tc('0')),
    // a row that leaves its last grid column out
    tr(tc('行政规范性文件') + tc('5') + tc('2'), { after: 1 }),
  ]);
  const body = [p(TITLE), p('一、总体情况'), p('本局按照条例要求推进政府信息公开工作，统计期限为2023年1月1日至2023年12月31日。'),
    p('二、主动公开政府信息情况'), proactive, p('三、收到和处理政府信息公开申请情况'), requestsTable(),
    p('四、政府信息公开行政复议、行政诉讼情况'), reviewTable(), p('五、存在的主要问题及改进情况'), p('一是公开内容还需丰富，二是解读形式还需创新。')];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${body.join('')}</w:body></w:document>`;
}

describe('DOCX rows with w:gridBefore / w:gridAfter', () => {
  it('placeGridSkips gives skipped grid columns an empty cell, nested tables row by row', () => {
    const inner = tr(tc('x'), { before: 1 });
    const xml = `<w:tbl>${tr(tc('a') + `<w:tc>${tbl(2, [inner])}</w:tc>`, { before: 2, after: 1 })}</w:tbl>`;
    const out = placeGridSkips(xml);
    const $ = cheerio.load(out, { xml: true });
    const outer = $('w\\:tbl').first().children('w\\:tr').first().children('w\\:tc');
    expect(outer.length).toBe(4);
    expect(outer.eq(0).find('w\\:gridSpan').attr('w:val')).toBe('2');
    expect(outer.eq(0).text()).toBe('');
    expect(outer.eq(1).text()).toBe('a');
    expect(outer.eq(3).text()).toBe('');
    const innerCells = outer.eq(2).find('w\\:tr').children('w\\:tc');
    expect(innerCells.length).toBe(2);
    expect(innerCells.eq(1).text()).toBe('x');
    expect(placeGridSkips('<w:tbl><w:tr><w:tc/></w:tr></w:tbl>')).toBe('<w:tbl><w:tr><w:tc/></w:tr></w:tbl>');
  });

  it('the HTML made from the DOCX has every header cell in its grid column', async () => {
    const doc = await readDocx(await wordPackage(documentXml()));
    const $ = cheerio.load(doc.html);
    const table = $('table').eq(1);
    // lay the rows out on the grid, spans expanded
    const grid: string[][] = [];
    table.find('tr').each((r, row) => {
      grid[r] ??= [];
      let c = 0;
      $(row).children('td,th').each((_, cell) => {
        while (grid[r][c] !== undefined) c++;
        const cs = Number($(cell).attr('colspan') ?? 1), rs = Number($(cell).attr('rowspan') ?? 1);
        for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) (grid[r + dr] ??= [])[c + dc] = $(cell).text().trim();
        c += cs;
      });
    });
    expect(grid[1].slice(2)).toEqual(['法人或其他组织', '法人或其他组织', '法人或其他组织', '法人或其他组织', '法人或其他组织', '自然人', '总计']);
    expect(grid[2].slice(2)).toEqual([...PRINTED.slice(0, 5).map((c) => LABEL[c]), '自然人', '总计']);
  });

  it('read end to end through extractAny: every requests value in its printed column, checks held', async () => {
    const r = await extractAny({ bytes: await wordPackage(documentXml()), url: 'http://www.example.gov.cn/files/2023report.docx' });
    expect(r.source).toBe('attachment:docx');
    expect(r.record?.format).toBe('2021');
    const got = new Map(r.record!.metrics.map((m) => [m.key, m]));
    const wrong: string[] = [];
    for (const [, , key, v] of ROWS) OFFICIAL.forEach((c, i) => { const m = got.get(`requests.${key}.${c}`); if (m?.value !== v[i]) wrong.push(`requests.${key}.${c}: want ${v[i]} got ${m?.value}`); });
    expect(wrong).toEqual([]);
    expect(r.record!.checks.filter((c) => !c.held).map((c) => c.name)).toEqual([]);
    // the locator's column is the printed grid column (2 label columns first)
    expect(got.get('requests.new_received.commercial')?.source).toMatchObject({ colIndex: 2 });
    expect(got.get('requests.new_received.natural_person')?.source).toMatchObject({ colIndex: 7 });
    // the row with gridAfter: its two figures, the missing cell not invented
    expect(got.get('proactive.normative_docs.issued')?.value).toBe(5);
    expect(got.get('proactive.normative_docs.repealed')?.value).toBe(2);
    expect(got.get('proactive.normative_docs.in_force')?.value ?? null).toBeNull();
    expect(got.get('review.reconsideration.total')?.value).toBe(1);
  });
});
