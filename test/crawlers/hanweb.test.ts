import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hanweb, parseDatastore } from '../../crawlers/hanweb.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { siteConfig, testSite } from './fixtures.js';
import { miniCrawl } from './minicrawl.js';

const site = testSite({ dialect: 'hanweb', start_urls: ['http://www.x.gov.cn/col/col1229/index.html'], params: { webid: 77, unitid: 88, perpage: 2, group_size: 2 } });
const params = hanweb.params.parse(site.params);

const columnPage = `<html><body><div id="88"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=77&path=/&columnid=1229&unitid=88&webname=%E6%B5%8B&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2021/1/29/art_1229_3741.html" title="测试市2020年政府信息公开工作年度报告">测试市2020年…</a><span>2021-01-29</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2020/12/1/art_1229_3700.html" title="关于做好2020年政府信息公开工作年度报告编制发布工作的通知">关于…</a><span>2020-12-01</span></li>]]></record>
</recordset></datastore></script></div>
<script>$('#88').jpage({ perPage: 2, totalRecord: 9 });</script>
<a href="/col/col1/index.html">首页</a></body></html>`;

const ctx = (request: DiscoveredRequest, text: string) => ({ site, request, finalUrl: request.url, status: 200, contentType: 'text/html', text });

describe('hanweb dialect', () => {
  it('starts from the column pages', () => {
    expect(hanweb.startRequests(site, params)).toEqual([{ url: 'http://www.x.gov.cn/col/col1229/index.html', kind: 'list', method: 'GET', depth: 0 }]);
  });

  it('reads inline records and asks dataproxy.jsp for the rest by POST', () => {
    const out = hanweb.parse(ctx({ url: site.start_urls[0], kind: 'list', depth: 0 }, columnPage), params);
    const reports = out.filter((r) => r.kind === 'report');
    expect(reports.map((r) => r.url)).toEqual(['http://www.x.gov.cn/art/2021/1/29/art_1229_3741.html']);
    const data = out.filter((r) => r.kind === 'data');
    // 9 records, 2 inline, 4 per call (perpage 2 × group 2): 3–6, 7–9.
    expect(data.map((r) => r.url)).toEqual([
      'http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=6&perpage=2',
      'http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=9&perpage=2',
    ]);
    expect(data.every((r) => r.method === 'POST' && r.depth === 1)).toBe(true);
    const form = new URLSearchParams(data[0].body);
    expect(Object.fromEntries(form)).toMatchObject({ col: '1', appid: '1', webid: '77', path: '/', columnid: '1229', sourceContentType: '1', unitid: '88', permissiontype: '0' });
    expect(form.get('webname')).toBe('测');
  });

  it('reads a dataproxy.jsp answer and fans out from a first data call only', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><datastore><recordset>
<record><![CDATA[<li><a href="/art/2019/2/1/art_1229_1.html" title="测试市2018年政府信息公开工作年度报告">x</a></li>]]></record>
</recordset><totalrecord>5</totalrecord><totalpage>3</totalpage></datastore>`;
    expect(parseDatastore(xml)).toMatchObject({ total: 5, records: [expect.stringContaining('art_1229_1')] });
    const later = hanweb.parse(ctx({ url: 'http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=6&perpage=2', kind: 'data', method: 'POST', body: 'columnid=1229', depth: 1 }, xml), params);
    expect(later.map((r) => [r.kind, r.url])).toEqual([['report', 'http://www.x.gov.cn/art/2019/2/1/art_1229_1.html']]);
    const first = hanweb.parse(ctx({ url: 'http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=4&perpage=2', kind: 'data', method: 'POST', body: 'columnid=1229&webid=77', depth: 0 }, xml), params);
    expect(first.filter((r) => r.kind === 'data').map((r) => r.url)).toEqual(['http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=5&endrecord=5&perpage=2']);
  });

  it('asks the dataproxy path the page\'s jpage script names (Zhejiang: /module/jpage/), and keeps it for later calls', () => {
    const zj = columnPage.replace("$('#88').jpage({ perPage: 2, totalRecord: 9 });", "$('#88').jpage({ proxyUrl: '/module/jpage/dataproxy.jsp', perPage: 2, totalRecord: 9 });");
    const out = hanweb.parse(ctx({ url: site.start_urls[0], kind: 'list', depth: 0 }, zj), params);
    expect(out.filter((r) => r.kind === 'data').map((r) => new URL(r.url).pathname)).toEqual(['/module/jpage/dataproxy.jsp', '/module/jpage/dataproxy.jsp']);
    const xml = '<datastore><recordset></recordset><totalrecord>9</totalrecord></datastore>';
    const next = hanweb.parse(ctx({ url: 'http://www.x.gov.cn/module/jpage/dataproxy.jsp?startrecord=1&endrecord=4&perpage=2', kind: 'data', method: 'POST', body: 'columnid=1229', depth: 1 }, xml), params);
    expect(next.map((r) => new URL(r.url).pathname)).toEqual(['/module/jpage/dataproxy.jsp', '/module/jpage/dataproxy.jsp']);
  });

  it('follows per-year sub-columns named by a year, not other columns', () => {
    const page = columnPage.replace('<a href="/col/col1/index.html">首页</a>', '<a href="/col/col1/index.html">首页</a><a href="/col/col1330/index.html">2017年</a><a href="/col/col1331/index.html">2016</a><a href="/col/col1400/index.html">政策解读</a>');
    const out = hanweb.parse(ctx({ url: site.start_urls[0], kind: 'list', depth: 0 }, page), params);
    expect(out.filter((r) => r.kind === 'list').map((r) => [r.url, r.label])).toEqual([
      ['http://www.x.gov.cn/col/col1330/index.html', '2017年'], ['http://www.x.gov.cn/col/col1331/index.html', '2016'],
    ]);
  });

  it('asks the annual-report module for each year\'s report when the config names an area', () => {
    const p = hanweb.params.parse({ annual_report: { area: '113325000026455663', years: [2019, 2021] } });
    const reqs = hanweb.startRequests(site, p).slice(1);
    expect(reqs.map((r) => [r.kind, r.url])).toEqual([2019, 2020, 2021].map((y) => ['report', `http://www.x.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=113325000026455663&fbtime=${y}`]));
    // The module's page is the report: its attachments are read from it.
    const out = hanweb.parse(ctx({ ...reqs[1] }, '<div class="nb">本年度报告根据……<a href="/module/download/downfile.jsp?classid=0&filename=nb2020.pdf">附件</a></div>'), p);
    expect(out.map((r) => [r.kind, r.url])).toEqual([['attachment', 'http://www.x.gov.cn/module/download/downfile.jsp?classid=0&filename=nb2020.pdf']]);
  });

  it('parses the stored body of a 304 answer, but not error pages', () => {
    const req: DiscoveredRequest = { url: site.start_urls[0], kind: 'list', depth: 0 };
    expect(hanweb.parse({ ...ctx(req, columnPage), status: 304 }, params).length).toBeGreaterThan(0);
    expect(hanweb.parse({ ...ctx(req, columnPage), status: 412 }, params)).toEqual([]);
  });

  it('finds attachments on report pages', () => {
    const out = hanweb.parse(ctx({ url: 'http://www.x.gov.cn/art/2021/1/29/art_1229_3741.html', kind: 'report', depth: 1 }, '<a href="/module/download/downfile.jsp?classid=0&filename=a.pdf">附件</a><a href="/col/col1/index.html">返回</a>'), params);
    expect(out).toEqual([{ url: 'http://www.x.gov.cn/module/download/downfile.jsp?classid=0&filename=a.pdf', kind: 'attachment', method: 'GET', label: '附件', depth: 2 }]);
  });
});

describe('hanweb dialect on the replayed 磐安县 portal', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['panan'] });
  });
  afterAll(() => replay.close());

  it('finds every report through inline records and a POST data call, and their attachments', async () => {
    const panan = siteConfig('panan');
    const r = await miniCrawl(replay.port, panan);
    const expected = replay.reports('panan');
    expect(r.reports.sort()).toEqual(expected.map((x) => x.url).sort());
    expect(r.attachments.sort()).toEqual(expected.flatMap((x) => (x.attachmentUrl ? [x.attachmentUrl] : [])).sort());
    const data = r.fetched.filter((f) => f.kind === 'data');
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((f) => f.method === 'POST' && f.status === 200)).toBe(true);
    expect(replay.log.some((l) => l.method === 'POST' && l.path.startsWith('/module/jpage/dataproxy.jsp?startrecord=6'))).toBe(true);
    expect(r.disallowed).toEqual([replay.sites[0].trapUrl]);
    expect(replay.log.some((l) => l.path.startsWith('/preview/'))).toBe(false);
    // Older reports come from the per-year sub-columns.
    expect(r.fetched.some((f) => f.kind === 'list' && f.label === '2016年')).toBe(true);
    expect(r.fetched.every((f) => f.status === 200)).toBe(true);
  });
});
