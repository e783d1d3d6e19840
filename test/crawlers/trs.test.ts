import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrsPaging, trs } from '../../crawlers/trs.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { siteConfig, testSite } from './fixtures.js';
import { miniCrawl } from './minicrawl.js';

const site = testSite({ dialect: 'trs', start_urls: ['http://www.x.gov.cn/zwgk/nb/index.html'] });
const params = trs.params.parse(site.params);
const ctx = (request: DiscoveredRequest, text: string) => ({ site, request, finalUrl: request.url, status: 200, contentType: 'text/html', text });

describe('trs dialect', () => {
  it('reads createPageHTML and countPage variants', () => {
    expect(parseTrsPaging('createPageHTML(3, 0, "index", "html");')).toEqual({ count: 3, current: 0, prefix: 'index', ext: 'html' });
    expect(parseTrsPaging("createPageHTML(10, 2, 'index', 'shtml')")).toEqual({ count: 10, current: 2, prefix: 'index', ext: 'shtml' });
    expect(parseTrsPaging('var currentPage = 1;\nvar countPage = 5//共多少页')).toEqual({ count: 5, current: 1, prefix: 'index', ext: '' });
    expect(parseTrsPaging('<p>no paging</p>')).toBeNull();
  });

  it('lists every page of the column and the reports on this one', () => {
    const html = `<ul><li><a href="./202103/t20210305_123.html" title="测试市2020年政府信息公开工作年度报告">测试市2020年…</a></li>
<li><a href="./202012/t20201201_99.html">关于做好2020年政府信息公开工作年度报告编制发布工作的通知</a></li>
<li><a href="../../zwgk/nb/201902/P020190201.pdf">测试市2018年政府信息公开工作年度报告.pdf</a></li></ul>
<script>createPageHTML(3, 0, "index", "html");</script>`;
    const out = trs.parse(ctx({ url: site.start_urls[0], kind: 'list', depth: 0 }, html), params);
    expect(out.map((r) => [r.kind, r.url])).toEqual([
      ['report', 'http://www.x.gov.cn/zwgk/nb/202103/t20210305_123.html'],
      ['attachment', 'http://www.x.gov.cn/zwgk/nb/201902/P020190201.pdf'],
      ['list', 'http://www.x.gov.cn/zwgk/nb/index_1.html'],
      ['list', 'http://www.x.gov.cn/zwgk/nb/index_2.html'],
    ]);
    // The notice about reports is not taken for one.
    expect(out.some((r) => r.url.includes('t20201201_99'))).toBe(false);
    // From a later page the first page is listed too; the frontier drops repeats.
    const later = trs.parse(ctx({ url: 'http://www.x.gov.cn/zwgk/nb/index_2.html', kind: 'list', depth: 1 }, 'createPageHTML(3, 2, "index", "html")'), params);
    expect(later.map((r) => r.url)).toEqual(['http://www.x.gov.cn/zwgk/nb/index.html', 'http://www.x.gov.cn/zwgk/nb/index_1.html']);
  });

  it('follows sub-columns below the start column when asked, not pages beside or above it', () => {
    const p = trs.params.parse({ subcolumns: true });
    const root = testSite({ dialect: 'trs', start_urls: ['http://www.x.gov.cn/xxgk/xxgknb/'], report_link_patterns: ['/xxgk/xxgknb/([\\w-]+/)*\\d{6}/t\\d{8}_\\d+(_app)?\\.shtml$'] });
    const html = '<a href="xnszfxxgknb/">市政府</a><a href="2018/szbm/index.shtml">2018年市直部门</a><a href="../zcwj/">政策文件</a><a href="index_1.shtml">2</a><a href="2024/szbm/202601/t20260128_4233432_app.shtml">部门年报</a>';
    const out = trs.parse({ site: root, request: { url: root.start_urls[0], kind: 'list', depth: 0 }, finalUrl: root.start_urls[0], status: 200, contentType: 'text/html', text: html }, p);
    expect(out.map((r) => [r.kind, r.url])).toEqual([
      ['report', 'http://www.x.gov.cn/xxgk/xxgknb/2024/szbm/202601/t20260128_4233432_app.shtml'],
      ['list', 'http://www.x.gov.cn/xxgk/xxgknb/xnszfxxgknb/'],
      ['list', 'http://www.x.gov.cn/xxgk/xxgknb/2018/szbm/index.shtml'],
    ]);
    expect(trs.parse({ site: root, request: { url: root.start_urls[0], kind: 'list', depth: 0 }, finalUrl: root.start_urls[0], status: 200, contentType: 'text/html', text: html }, params).filter((r) => r.kind === 'list')).toEqual([]);
  });

  it('respects max_pages', () => {
    const p = trs.params.parse({ max_pages: 2 });
    const out = trs.parse(ctx({ url: site.start_urls[0], kind: 'list', depth: 0 }, 'createPageHTML(50, 0, "index", "html")'), p);
    expect(out.map((r) => r.url)).toEqual(['http://www.x.gov.cn/zwgk/nb/index_1.html']);
  });
});

describe('trs dialect on the replayed 咸宁市 portal', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['xianning'] });
  });
  afterAll(() => replay.close());

  it('follows the sub-columns of /xxgk/xxgknb/, pages them and finds every report and attachment', async () => {
    const r = await miniCrawl(replay.port, siteConfig('xianning'));
    const expected = replay.reports('xianning');
    expect(r.reports.sort()).toEqual(expected.map((x) => x.url).sort());
    expect(r.attachments.sort()).toEqual(expected.flatMap((x) => (x.attachmentUrl ? [x.attachmentUrl] : [])).sort());
    const lists = r.fetched.filter((f) => f.kind === 'list').map((f) => new URL(f.url).pathname);
    expect(lists[0]).toBe('/xxgk/xxgknb/');
    expect(lists).toContain('/xxgk/xxgknb/city/index_1.shtml');
    expect(lists.some((l) => /^\/xxgk\/xxgknb\/20\d\d\/szbm\/index\.shtml$/.test(l))).toBe(true);
    // The newest report is linked as the mobile _app page, and it is found.
    expect(r.reports.some((u) => /_app\.shtml$/.test(u))).toBe(true);
    expect(r.disallowed).toEqual([replay.sites[0].trapUrl]);
    expect(r.fetched.every((f) => f.status === 200)).toBe(true);
  });
});
