// Unit tests of Chinese numerals in pre-2019 prose (两件, 一起, 十二件) and of the issuer when the
// title does not name it (body "由XX办公室编制", 发布机构, <meta name="SiteName">, <title> suffix).
import { describe, expect, it } from 'vitest';
import { parseChineseNumber } from '../../src/extract/cnnum.js';
import { parseFigure } from '../../src/extract/normalize.js';
import { extract, type ExtractResult } from '../../src/extract/index.js';

const html = (s: string): ExtractResult => extract({ bytes: Buffer.from(s, 'utf8'), contentType: 'text/html; charset=utf-8' });
const val = (r: ExtractResult, k: string) => r.record?.metrics.find((m) => m.key === k)?.value;

describe('Chinese numerals', () => {
  it('parses small and large numerals', () => {
    const cases: Array<[string, number]> = [
      ['一', 1], ['两', 2], ['二', 2], ['十', 10], ['十二', 12], ['二十', 20], ['二十三', 23],
      ['一百', 100], ['一百零五', 105], ['一百一十', 110], ['三千二百', 3200], ['两千零一十', 2010],
      ['一万二千', 12000], ['十万', 100000], ['零', 0], ['〇', 0], ['二〇一八', 2018], ['一〇五', 105],
    ];
    for (const [s, n] of cases) expect(parseChineseNumber(s), s).toBe(n);
  });
  it('rejects malformed runs', () => {
    for (const s of ['', '三四', '百', '十十', '万', '一万万', '二十百', 'x']) expect(parseChineseNumber(s), s).toBeNull();
  });
  it('parseFigure accepts Chinese numerals', () => {
    expect(parseFigure('两')).toEqual({ value: 2, wan: false, chinese: true });
  });
});

const page = (body: string, title = '某某县人民政府2012年政府信息公开工作年度报告', head = ''): string =>
  `<html><head>${head}<title>${title}</title></head><body><h2>${title}</h2>${body.split('\n').map((l) => `<p>${l}</p>`).join('')}</body></html>`;

describe('small counts in words (pre-2019 prose)', () => {
  it('reads 两件, 一起, 十二件', () => {
    const r = html(page([
      '一、概述',
      '本年度报告由某某县人民政府办公室编制。',
      '二、依申请公开政府信息情况',
      '2012年，全县共受理政府信息公开申请十二件，均已按期答复。',
      '三、行政复议和行政诉讼情况',
      '2012年，全县因政府信息公开工作引起的行政复议两件，行政诉讼一起。',
    ].join('\n')));
    expect(val(r, 'requests.new_received.total')).toBe(12);
    expect(val(r, 'review.reconsideration.total')).toBe(2);
    expect(val(r, 'review.litigation.total')).toBe(1);
  });
  it('keeps 未发生一起… a zero and leaves durations and ordinals alone', () => {
    const r = html(page([
      '三、行政复议和行政诉讼情况',
      '2012年，全县未发生一起因政府信息公开引起的行政复议。',
      '申请均在十五个工作日内答复，第一件申请当日办结。',
    ].join('\n')));
    expect(val(r, 'review.reconsideration.total')).toBe(0);
    expect(val(r, 'requests.answered.total')).toBeUndefined();
  });
  it('an approximate count in words is not exact', () => {
    const r = html(page('2012年，全县共受理政府信息公开申请二十多件。'));
    const m = r.record?.metrics.find((x) => x.key === 'requests.new_received.total');
    expect(m?.value ?? null).toBeNull();
  });
});

describe('issuer when the title does not name it', () => {
  const title = '2019年政府信息公开工作年度报告';
  const body = '一、总体情况\n2019年，我市认真贯彻落实《条例》，主动公开政府信息。';
  it('from "由XX人民政府办公室编制" in the body', () => {
    const r = html(page(`本报告根据《中华人民共和国政府信息公开条例》要求，由大连市人民政府办公室编制。\n${body}`, title));
    expect(r.record?.issuer).toBe('大连市人民政府');
    expect(r.record?.region).toBe('大连市');
  });
  it('from "本报告由XX县人民政府办公室编制"', () => {
    const r = html(page(`本报告由磐安县人民政府办公室编制。\n${body}`, title));
    expect(r.record?.issuer).toBe('磐安县人民政府');
    expect(r.record?.region).toBe('磐安县');
  });
  it('a body name without a place takes the site\'s place', () => {
    const r = html(page(`本报告由市教育局编制。\n${body}`, title, '<meta name="SiteName" content="安庆市人民政府"/>'));
    expect(r.record?.issuer).toBe('安庆市教育局');
    expect(r.record?.region).toBe('安庆市');
  });
  it('from <meta name="SiteName">', () => {
    const r = html(page(body, title, '<meta name="SiteName" content="凤凰县人民政府"/>'));
    expect(r.record?.issuer).toBe('凤凰县人民政府');
    expect(r.record?.region).toBe('凤凰县');
  });
  it('from the <title> suffix', () => {
    const r = extract({ bytes: Buffer.from(`<html><head><title>${title}_湛江市人民政府门户网站</title></head><body><h2>${title}</h2><p>${body}</p></body></html>`), contentType: 'text/html' });
    expect(r.record?.issuer).toBe('湛江市人民政府');
    expect(r.record?.region).toBe('湛江市');
  });
});

describe('prose wording seen in real reports', () => {
  const r = html(page([
    '二、主动公开政府信息情况', '2012年，全县共主动公开政府信息12,345条。',
    '三、依申请公开政府信息情况',
    '已答复235件，其中不属于本行政机关公开职责权限范围的20件。',
    '六、人员情况', '全县从事政府信息公开工作的专职人员56人、兼职人员230人。',
  ].join('\n')));
  it('a thousands separator does not end the clause', () => expect(val(r, 'proactive.items.total')).toBe(12345));
  it('不属于本行政机关公开职责权限范围的N件', () => expect(val(r, 'requests.not_this_agency.total')).toBe(20));
  it('专职…人、兼职…人 are two figures', () => {
    expect(val(r, 'staff.full_time')).toBe(56);
    expect(val(r, 'staff.part_time')).toBe(230);
  });
  it('专职和兼职人员共N人 is the total, not part-time', () => {
    const r2 = html(page('六、人员情况\n全县共有专职和兼职人员共20人。'));
    expect(val(r2, 'staff.total')).toBe(20);
    expect(val(r2, 'staff.part_time')).toBeUndefined();
  });
});
