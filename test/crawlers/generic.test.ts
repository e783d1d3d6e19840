import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generic, pagerShape, pagerRange, looksLikeDetailUrl } from '../../crawlers/generic.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { siteConfig, testSite } from './fixtures.js';
import { miniCrawl } from './minicrawl.js';

const site = testSite({ dialect: 'generic', start_urls: ['http://www.x.gov.cn/gk/nb/index.html'] });
const params = generic.params.parse({});
const ctx = (request: DiscoveredRequest, text: string) => ({ site, request, finalUrl: request.url, status: 200, contentType: 'text/html', text });
const list = (url: string, text: string, depth = 0) => generic.parse(ctx({ url, kind: 'list', depth }, text), params);

describe('generic dialect', () => {
  it('finds reports by title, and on a report column detail links that only name a year', () => {
    const html = `<title>信息公开年报_测试市</title><ul>
<li><a href="/gk/nb/202103/t20210301_11.html">测试市2020年政府信息公开工作年度报告</a></li>
<li><a href="/gk/nb/2019/content_22.html">2019年度</a></li>
<li><a href="/gk/nb/2020/content_23.html" title="关于做好2020年政府信息公开工作年度报告编制发布工作的通知">关于做好2020年…</a></li>
<li><a href="/files/2015.pdf">2015年（PDF）</a></li>
<li><a href="/gk/zn/index.html">2021年政府信息公开指南</a></li>
</ul>`;
    const out = list('http://www.x.gov.cn/gk/nb/index.html', html);
    expect(out.map((r) => [r.kind, new URL(r.url).pathname])).toEqual([
      ['report', '/gk/nb/202103/t20210301_11.html'],
      ['report', '/gk/nb/2019/content_22.html'],
      ['attachment', '/files/2015.pdf'],
    ]);
    // the same links on a page that is no annual-report column: only the titled report
    const plain = list('http://www.x.gov.cn/gk/nb/index.html', html.replace('<title>信息公开年报_测试市</title>', '<title>通知公告</title>'));
    expect(plain.map((r) => new URL(r.url).pathname)).toEqual(['/gk/nb/202103/t20210301_11.html']);
  });

  it('reads the usual pager shapes and queues the whole range up to 尾页', () => {
    const pager = `<div class="page"><a href="index.html">首页</a> <b>1</b> <a href="index_2.html">2</a> <a href="index_2.html">下一页</a> <a href="index_7.html">尾页</a></div>`;
    const pages = list('http://www.x.gov.cn/gk/nb/index.html', pager).map((r) => new URL(r.url).pathname);
    expect(pages.sort()).toEqual([2, 3, 4, 5, 6, 7].map((n) => `/gk/nb/index_${n}.html`));
    const q = list('http://www.x.gov.cn/list.jsp?cid=5&pageIndex=1', '<a href="list.jsp?cid=5&pageIndex=2">下一页</a><a href="list.jsp?cid=5&pageIndex=4">末页</a>');
    expect(q.map((r) => new URL(r.url).search)).toEqual(['?cid=5&pageIndex=2', '?cid=5&pageIndex=3', '?cid=5&pageIndex=4']);
    const trs = list('http://www.x.gov.cn/gk/nb/', '<script>createPageHTML(3, 0, "index", "shtml");</script>');
    expect(trs.map((r) => new URL(r.url).pathname)).toEqual(['/gk/nb/index.shtml', '/gk/nb/index_1.shtml', '/gk/nb/index_2.shtml']);
    expect(pagerShape('http://x.gov.cn/a/list?page=3&c=1')).toEqual({ template: 'http://x.gov.cn/a/list?page={n}&c=1', n: 3 });
    expect(pagerRange([], 'http://x.gov.cn/', params)).toEqual([]);
    // deeper than max_depth: no more pages
    expect(generic.parse(ctx({ url: 'http://www.x.gov.cn/gk/nb/index_2.html', kind: 'list', depth: 10 }, pager), params)).toEqual([]);
  });

  it('tells detail URLs from columns', () => {
    expect(looksLikeDetailUrl('http://x.gov.cn/xxgkndbg/60208/content_1799824.html')).toBe(true);
    expect(looksLikeDetailUrl('http://x.gov.cn/doc/2018/02/27/2450168.shtml')).toBe(true);
    expect(looksLikeDetailUrl('http://x.gov.cn/szsrmzf/szszfxxgknb/201903/4d9ab167aa224732afe03b7d9c41f4d1.shtml')).toBe(true);
    expect(looksLikeDetailUrl('http://x.gov.cn/xxgk/xxgknb/index.html')).toBe(false);
  });

  it('reads attachments of a report page and nothing from other kinds', () => {
    const r = generic.parse(ctx({ url: 'http://www.x.gov.cn/gk/nb/2019/content_22.html', kind: 'report', depth: 1 }, '<a href="/u/1.pdf">附件</a>'), params);
    expect(r.map((x) => x.kind)).toEqual(['attachment']);
    expect(generic.parse(ctx({ url: 'http://www.x.gov.cn/u/1.pdf', kind: 'attachment', depth: 2 }, ''), params)).toEqual([]);
  });
});

describe('generic dialect on a replayed platform no dialect knows', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['yueyang'] });
  });
  afterAll(() => replay.close());

  it('岳阳市: finds every report (one listed only as its PDF), pages through a windowed pager, obeys robots', async () => {
    const r = await miniCrawl(replay.port, siteConfig('yueyang'));
    const expected = replay.reports('yueyang');
    expect(expected.length).toBeGreaterThanOrEqual(9);
    const fileOnly = expected.filter((x) => x.fileOnly).map((x) => x.url);
    expect(fileOnly.length).toBe(1);
    expect(r.reports.sort()).toEqual(expected.filter((x) => !x.fileOnly).map((x) => x.url).sort());
    expect(r.attachments).toEqual(expect.arrayContaining(fileOnly));
    const lists = r.fetched.filter((f) => f.kind === 'list');
    expect(lists.every((f) => f.status === 200)).toBe(true);
    expect(lists.length).toBe(Math.ceil((expected.length + 4) / 4));
    expect(r.disallowed).toEqual([replay.sites.find((s) => s.id === 'yueyang')!.trapUrl]);
  });
});

describe('generic dialect from a homepage', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['yueyang'] });
  });
  afterAll(() => replay.close());

  it('goes homepage → 政府信息公开 page → annual-report column, and finds every report', async () => {
    const site = { ...siteConfig('yueyang'), start_urls: ['http://www.yueyang.gov.cn/'] };
    const r = await miniCrawl(replay.port, site);
    const expected = replay.reports('yueyang');
    expect(r.reports.sort()).toEqual(expected.filter((x) => !x.fileOnly).map((x) => x.url).sort());
    const lists = r.fetched.filter((f) => f.kind === 'list').map((f) => new URL(f.url).pathname);
    expect(lists.slice(0, 3)).toEqual(['/', '/zwgk/index.html', '/xxgkndbg/index.html']);
    // the 指南 and 制度 pages the 政府信息公开 page also links are not followed (they name no annual-report column)
    expect(lists.some((p) => p.includes('xxgkzn'))).toBe(false);
  });
});
