import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gkmlpt } from '../../crawlers/gkmlpt.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { siteConfig, testSite } from './fixtures.js';
import { miniCrawl } from './minicrawl.js';

const site = testSite({ dialect: 'gkmlpt', homepage: 'http://www.x.gov.cn/', start_urls: ['http://www.x.gov.cn/gkmlpt/index'], params: { sid: 755000, categories: [12], page_size: 2 } });
const params = gkmlpt.params.parse(site.params);
const ctx = (request: DiscoveredRequest, text: string) => ({ site, request, finalUrl: request.url, status: 200, contentType: 'application/json', text });

describe('gkmlpt dialect', () => {
  it('starts with the entry page and the API for each category', () => {
    expect(gkmlpt.startRequests(site, params).map((r) => [r.kind, r.url])).toEqual([
      ['list', 'http://www.x.gov.cn/gkmlpt/index'],
      ['data', 'http://www.x.gov.cn/gkmlpt/api/all/12?page=1&sid=755000'],
    ]);
  });

  it('reads articles from the JSON API and asks for the other pages', () => {
    const json = JSON.stringify({
      articles: [
        { id: 2265123, title: '测试市人民政府2020年政府信息公开工作年度报告', url: 'http://www.x.gov.cn/gkmlpt/content/2/2265/post_2265123.html', first_publish_time: 1611900000 },
        { id: 2265124, title: '关于印发测试市2021年政务公开工作要点的通知', url: 'http://www.x.gov.cn/gkmlpt/content/2/2265/post_2265124.html' },
      ],
      total: 5,
      classify: { id: 12 },
    });
    const out = gkmlpt.parse(ctx({ url: 'http://www.x.gov.cn/gkmlpt/api/all/12?page=1&sid=755000', kind: 'data', depth: 0 }, json), params);
    expect(out.map((r) => [r.kind, r.url])).toEqual([
      ['report', 'http://www.x.gov.cn/gkmlpt/content/2/2265/post_2265123.html'],
      ['data', 'http://www.x.gov.cn/gkmlpt/api/all/12?page=2&sid=755000'],
      ['data', 'http://www.x.gov.cn/gkmlpt/api/all/12?page=3&sid=755000'],
    ]);
    const later = gkmlpt.parse(ctx({ url: 'http://www.x.gov.cn/gkmlpt/api/all/12?page=2&sid=755000', kind: 'data', depth: 1 }, json), params);
    expect(later.filter((r) => r.kind === 'data')).toEqual([]);
  });

  it('ignores answers that are not the API JSON', () => {
    expect(gkmlpt.parse(ctx({ url: 'http://www.x.gov.cn/gkmlpt/api/all/12?page=1&sid=755000', kind: 'data' }, '<html>412</html>'), params)).toEqual([]);
  });
});

describe('gkmlpt dialect on the replayed 江门市 portal', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['jiangmen'] });
  });
  afterAll(() => replay.close());

  it('finds every report: the annual-report category read from the portal, and the 2021 report in a portal column', async () => {
    const r = await miniCrawl(replay.port, siteConfig('jiangmen'));
    const expected = replay.reports('jiangmen');
    expect(r.reports.sort()).toEqual(expected.map((x) => x.url).sort());
    expect(r.attachments.sort()).toEqual(expected.flatMap((x) => (x.attachmentUrl ? [x.attachmentUrl] : [])).sort());
    expect(r.disallowed).toEqual([replay.sites[0].trapUrl]);
    // One API call, for the category the annual-report page's column tree names (no constant in the config).
    const calls = r.fetched.filter((f) => f.kind === 'data').map((f) => new URL(f.url));
    expect(calls).toHaveLength(1);
    const tree = r.texts.get('http://www.jiangmen.gov.cn/gkmlpt/annualreport')!;
    const named = /"id":(\d+),"name":"政府信息公开年报"/.exec(tree)![1];
    expect(calls[0].pathname).toBe(`/gkmlpt/api/all/${named}`);
    expect(r.reports.filter((u) => new URL(u).pathname.startsWith('/home/tzgg/content/'))).toEqual([expected.find((x) => x.year === 2021)!.url]);
  });

  it('pages through the all-documents category (more than one API page)', async () => {
    const base = siteConfig('jiangmen');
    const all = { ...base, params: { ...base.params, categories: ['0'] } };
    const r = await miniCrawl(replay.port, all);
    const pages = r.fetched.filter((f) => f.kind === 'data').map((f) => new URL(f.url).search);
    expect(pages).toEqual(['?page=1&sid=750001', '?page=2&sid=750001']);
    expect(r.reports.length).toBe(replay.reports('jiangmen').length);
  });
});
