// The platform dialects of issue 11 on markup shaped like their real platforms (our own markup),
// and end to end on the replayed portals that speak them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anhui, labelUrl, parsePublicColumn, phpLastPage } from '../../crawlers/anhui.js';
import { gknr, parseMenus } from '../../crawlers/gknr.js';
import { liaoning, resultLinks, searchUrl } from '../../crawlers/liaoning.js';
import { vsb, vsbPageCount } from '../../crawlers/vsb.js';
import { gkmlpt, annualCategories } from '../../crawlers/gkmlpt.js';
import { trs } from '../../crawlers/trs.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import type { SiteConfig } from '../../src/config/schema.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { siteConfig, testSite } from './fixtures.js';
import { miniCrawl } from './minicrawl.js';

const ctx = (site: SiteConfig, request: DiscoveredRequest, text: string, contentType = 'text/html') => ({ site, request, finalUrl: request.url, status: 200, contentType, text });

describe('anhui dialect', () => {
  const site = testSite({ dialect: 'anhui', start_urls: ['http://www.x.gov.cn/public/column/123?type=4&action=list&nav=3'], report_link_patterns: ['gknb_show\\.php\\?id=\\d+$'] });
  const p = anhui.params.parse({});

  it('follows the organ page to its 年报 column and calls the label API for every page the shell names', () => {
    const organ = anhui.parse(ctx(site, { url: site.start_urls[0], kind: 'list', depth: 0 }, '<ul><li><a href="/public/column/123?type=4&catId=9">工作动态</a></li><li><a href="/public/column/123?type=4&catId=77">政府信息公开年报</a></li></ul>'), p);
    expect(organ.map((r) => [r.kind, r.url])).toEqual([['list', 'http://www.x.gov.cn/public/column/123?type=4&catId=77']]);
    const shell = '<div id="box">正在加载中...</div><script>var cfg = { siteId: 555, organId: 123, pageCount:3 };</script>';
    const col = parsePublicColumn(organ[0].url, shell);
    expect(col).toEqual({ organId: '123', catId: '77', siteId: '555', pageCount: 3 });
    const calls = anhui.parse(ctx(site, { ...organ[0], depth: 1 }, shell), p);
    expect(calls.map((r) => r.url)).toEqual([1, 2, 3].map((i) => labelUrl('http://www.x.gov.cn', { ...col!, siteId: '555' }, p, i)));
    expect(new URL(calls[2].url).searchParams.get('labelName')).toBe('publicInfoList');
    expect(new URL(calls[2].url).searchParams.get('pageIndex')).toBe('3');
    const frag = anhui.parse(ctx(site, { ...calls[0], depth: 2 }, '<div class="xxgk_navli"><a href="/public/123/2007351992.html" title="测试市人民政府2021年政府信息公开工作年度报告">测试市…</a></div><div class="xxgk_navli"><a href="/public/123/1.html">关于做好年度报告的通知</a></div>'), p);
    expect(frag.map((r) => [r.kind, r.url])).toEqual([['report', 'http://www.x.gov.cn/public/123/2007351992.html']]);
  });

  it('pages an old PHP list by its 最后一页 link, from the first page only', () => {
    const html = '<table><tr><td class="f-title"><a href="gknb_show.php?id=3037">年报</a></td></tr><tr><td class="f-title"><a href="show.php?id=9">关于印发制度的通知</a></td></tr></table><a href="list.php?unit=HA002&xxflid=5&page=2">下一页</a><a href="list.php?unit=HA002&xxflid=5&page=4">最后一页</a>';
    const url = 'http://xxgk.x.gov.cn/list.php?unit=HA002&xxflid=5';
    expect(phpLastPage(html, url)).toBe(4);
    const out = anhui.parse(ctx(site, { url, kind: 'list', depth: 1 }, html), p);
    expect(out.map((r) => [r.kind, r.url])).toEqual([
      ['report', 'http://xxgk.x.gov.cn/gknb_show.php?id=3037'],
      ...[2, 3, 4].map((i) => ['list', `http://xxgk.x.gov.cn/list.php?unit=HA002&xxflid=5&page=${i}`]),
    ]);
    expect(anhui.parse(ctx(site, { url: `${url}&page=3`, kind: 'list', depth: 2 }, html), p).filter((r) => r.kind === 'list')).toEqual([]);
  });
});

describe('gknr dialect', () => {
  const site = testSite({ dialect: 'gknr', start_urls: ['https://zfxxgk.x.gov.cn/GKNR/gknr_depart?deptId=39506'] });
  const p = gknr.params.parse({ page_size: 2 });

  it('reads the menus of a department page and posts PageData for the 年报 menu', () => {
    const html = '<ul><li data-menuid="11">机构职能</li><li data-menuid="12"><a href="javascript:void(0)">政府信息公开年报</a></li></ul>';
    expect(parseMenus(html)).toEqual([{ id: '11', name: '机构职能' }, { id: '12', name: '政府信息公开年报' }]);
    const out = gknr.parse(ctx(site, { url: site.start_urls[0], kind: 'list', depth: 0 }, html), p);
    expect(out).toEqual([{ url: 'https://zfxxgk.x.gov.cn/GKNR/PageData', kind: 'data', method: 'POST', body: 'indexPage=1&pageSize=2&deptId=39506&menuId=12', label: 'page 1 of menu 12 of department 39506', depth: 1 }]);
  });

  it('reads PageData rows and asks for the next page only after a full one', () => {
    const req: DiscoveredRequest = { url: 'https://zfxxgk.x.gov.cn/GKNR/PageData', kind: 'data', method: 'POST', body: 'indexPage=1&pageSize=2&deptId=39506&menuId=12', depth: 1 };
    const full = '<li><a href="/GKNR/x?id=1" title="测试市商务局2023年政府信息公开工作年度报告">测试市商务局2023…</a><span>[2024-01-20]</span></li><li><a href="/GKNR/x?id=2" title="关于2023年度报告编制的通知">通知</a><span>[2023-12-01]</span></li>';
    const out = gknr.parse(ctx(site, req, full), p);
    expect(out.map((r) => [r.kind, r.url, r.body])).toEqual([
      ['report', 'https://zfxxgk.x.gov.cn/GKNR/x?id=1', undefined],
      ['data', 'https://zfxxgk.x.gov.cn/GKNR/PageData', 'indexPage=2&pageSize=2&deptId=39506&menuId=12'],
    ]);
    expect(gknr.parse(ctx(site, { ...req, body: 'indexPage=2&pageSize=2&deptId=39506&menuId=12' }, full.slice(0, full.indexOf('</li>') + 5)), p).filter((r) => r.kind === 'data')).toEqual([]);
  });
});

describe('liaoning dialect', () => {
  const site = testSite({ dialect: 'liaoning', params: { site_code: 'ASSZF', limit: 2 } });
  const p = liaoning.params.parse(site.params);

  it('searches the site for the report title and pages the .result-li rows', () => {
    const start = liaoning.startRequests(site, p);
    expect(start.at(-1)).toMatchObject({ kind: 'data', url: searchUrl('http://www.test.gov.cn', p, 1) });
    expect(new URL(start.at(-1)!.url).searchParams.get('siteCode')).toBe('ASSZF');
    const html = '<div class="result-li"><div><a href="/html/ASSZF/201503/0156930651191117.html">鞍山市2014年政府信息公开工作<em>年度报告</em></a></div></div><div class="result-li"><a href="/html/ASSZF/202001/0157.html">关于2019年度报告的通知</a></div><a href="/html/ASSZF/about.html">关于我们</a>';
    expect(resultLinks(html, 'http://www.test.gov.cn/')).toHaveLength(2);
    const out = liaoning.parse(ctx(site, { ...start.at(-1)!, depth: 0 }, html), p);
    expect(out.map((r) => [r.kind, r.url])).toEqual([
      ['report', 'http://www.test.gov.cn/html/ASSZF/201503/0156930651191117.html'],
      ['data', searchUrl('http://www.test.gov.cn', p, 2)],
    ]);
  });
});

describe('vsb dialect', () => {
  const site = testSite({ dialect: 'vsb', start_urls: ['http://www.x.gov.cn/xxgk/gknb.htm'] });
  const p = vsb.params.parse({});
  const pager = '<span class="p_t">共52条</span><span class="p_pages"><span class="p_no_d">1</span><span class="p_no"><a href="gknb/3.htm">2</a></span><span class="p_next p_fun"><a href="gknb/3.htm">下页</a></span><span class="p_last p_fun"><a href="gknb/1.htm">尾页</a></span></span><span class="p_t">1/4</span>';

  it('reads the page count and lists the pages numbered downwards, from the first page only', () => {
    expect(vsbPageCount(pager, site.start_urls[0])).toBe(4);
    const out = vsb.parse(ctx(site, { url: site.start_urls[0], kind: 'list', depth: 0 }, `<li><a href="../info/1021/5678.htm" title="测试市2023年政府信息公开工作年度报告">…</a></li>${pager}`), p);
    expect(out.map((r) => [r.kind, r.url])).toEqual([
      ['report', 'http://www.x.gov.cn/info/1021/5678.htm'],
      ['list', 'http://www.x.gov.cn/xxgk/gknb/3.htm'], ['list', 'http://www.x.gov.cn/xxgk/gknb/2.htm'], ['list', 'http://www.x.gov.cn/xxgk/gknb/1.htm'],
    ]);
    expect(vsb.parse(ctx(site, { url: 'http://www.x.gov.cn/xxgk/gknb/2.htm', kind: 'list', depth: 1 }, pager), p)).toEqual([]);
  });
});

describe('gkmlpt category from the portal', () => {
  it('reads the annual-report column from window._CONFIG and annualreport# links', () => {
    const html = `<script>window._CONFIG = ${JSON.stringify({ SID: '750001', TREE: [{ id: 10, name: '政策文件', children: [{ id: 11, name: '规章' }] }, { id: 20, name: '政府信息公开', children: [{ id: 2629, name: '政府信息公开年报' }] }] })};</script><a href="/gkmlpt/annualreport#3001">年报</a>`;
    expect(annualCategories(html, /年报|年度报告/)).toEqual(['2629', '3001']);
    const site = testSite({ dialect: 'gkmlpt', params: { sid: 750001 }, start_urls: ['http://www.x.gov.cn/dept/gkmlpt/annualreport'] });
    const p = gkmlpt.params.parse(site.params);
    expect(gkmlpt.startRequests(site, p).map((r) => r.url)).toEqual(['http://www.x.gov.cn/dept/gkmlpt/annualreport']);
    const out = gkmlpt.parse(ctx(site, { url: site.start_urls[0], kind: 'list', depth: 0 }, html), p);
    expect(out.filter((r) => r.kind === 'data').map((r) => r.url)).toEqual([
      'http://www.x.gov.cn/dept/gkmlpt/api/all/2629?page=1&sid=750001', 'http://www.x.gov.cn/dept/gkmlpt/api/all/3001?page=1&sid=750001',
    ]);
  });
});

describe('trs dialect with the Fujian JSON list API', () => {
  const site = testSite({ dialect: 'trs', params: { ext: 'htm', search_api: { channelid: 229105 } }, start_urls: ['http://www.x.gov.cn/zwgk/gknb/index.htm'] });
  const p = trs.params.parse(site.params);

  it('posts /fjdzapp/search for the chnlid the static page names, then every page the answer counts', () => {
    const page1 = `<li><a href="./202402/t20240201_1.htm" title="测试市2023年政府信息公开工作年度报告">…</a></li><script>var pageParams = { channelid: '229105', chnlid: '3504' };</script>`;
    const out = trs.parse(ctx(site, { url: site.start_urls[0], kind: 'list', depth: 0 }, page1), p);
    expect(out.map((r) => [r.kind, r.method, r.body])).toEqual([
      ['report', 'GET', undefined],
      ['data', 'POST', 'channelid=229105&sortfield=-docorderpri%2C-docreltime&classsql=chnlid%3D3504&page=1&prepage=15'],
    ]);
    const json = JSON.stringify({ pageCount: 3, data: [{ doctitle: '测试市2019年政府信息公开工作年度报告', docpuburl: 'http://www.x.gov.cn/zwgk/gknb/202002/t20200201_7.htm' }, { doctitle: '测试市2018年政府信息公开工作年度报告', chnldocurl: 'http://www.x.gov.cn/zwgk/gknb/201902/t20190201_5.htm' }] });
    const more = trs.parse(ctx(site, { ...out[1], depth: 1 }, json, 'application/json'), p);
    expect(more.map((r) => [r.kind, r.url, r.body && new URLSearchParams(r.body).get('page')])).toEqual([
      ['report', 'http://www.x.gov.cn/zwgk/gknb/202002/t20200201_7.htm', undefined],
      ['report', 'http://www.x.gov.cn/zwgk/gknb/201902/t20190201_5.htm', undefined],
      ['data', 'http://www.x.gov.cn/fjdzapp/search', '2'], ['data', 'http://www.x.gov.cn/fjdzapp/search', '3'],
    ]);
  });
});

describe('platform dialects on the replayed portals', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['anqing', 'langfang', 'anshan'] });
  });
  afterAll(() => replay.close());

  for (const id of ['anqing', 'langfang', 'anshan']) {
    it(`${id}: finds every report and attachment, and never fetches the trap`, async () => {
      const r = await miniCrawl(replay.port, siteConfig(id));
      const expected = replay.reports(id);
      expect(r.reports.sort()).toEqual(expected.filter((x) => !x.fileOnly).map((x) => x.url).sort());
      expect(r.attachments.sort()).toEqual(expected.flatMap((x) => [...(x.fileOnly ? [x.url] : []), ...(x.attachmentUrl && !x.fileOnly ? [x.attachmentUrl] : [])]).sort());
      expect(r.disallowed).toContain(replay.sites.find((s) => s.id === id)!.trapUrl);
      expect(r.fetched.every((f) => f.status === 200), JSON.stringify(r.fetched.filter((f) => f.status !== 200))).toBe(true);
    });
  }

  it('langfang: PageData is refused without the department page\'s cookie', async () => {
    const { httpGet } = await import('../helpers/http.js');
    const res = await httpGet(replay.port, 'https://zfxxgk.lf.gov.cn/GKNR/PageData', { method: 'POST', body: 'indexPage=1&pageSize=15&deptId=39506&menuId=1' });
    expect(res.status).toBe(400);
  });
});

describe('dialects no city uses yet, on the replay-only samples', () => {
  let replay: Replay;
  let samples: SiteConfig[];
  beforeAll(async () => {
    const { sampleSites } = await import('../../src/replay/samples.js');
    samples = sampleSites();
    replay = await startReplay({ siteConfigs: samples });
  });
  afterAll(() => replay.close());

  it('covers vsb, Fujian TRS and a browser-rendered link list on reserved .invalid hosts', () => {
    expect(samples.map((s) => [s.id, s.dialect])).toEqual([['sample_fujian', 'trs'], ['sample_linklist', 'linklist'], ['sample_vsb', 'vsb']]);
    for (const s of samples) expect(new URL(s.homepage).hostname).toMatch(/\.replay\.invalid$/);
  });

  for (const id of ['sample_vsb', 'sample_fujian', 'sample_linklist']) {
    it(`${id}: finds every report and attachment through the platform's own paging`, async () => {
      const site = samples.find((s) => s.id === id)!;
      // A browser stand-in for the render: browser sample: the script's XHR answer fills the list.
      const { httpGet } = await import('../helpers/http.js');
      const render = async (url: string, text: string) => {
        const xhr = /xhr\.open\('GET', "([^"]+)"\)/.exec(text)?.[1];
        if (!xhr) return text;
        const frag = await httpGet(replay.port, new URL(xhr, url).toString());
        return text.replace(/<li class="loading">[^<]*<\/li>/, frag.text);
      };
      if (site.render === 'browser') {
        const plain = await miniCrawl(replay.port, site);
        expect(plain.reports).toEqual([]); // the shell alone lists nothing
      }
      const r = await miniCrawl(replay.port, site, site.render === 'browser' ? { render } : {});
      const expected = replay.reports(id);
      expect(r.reports.sort()).toEqual(expected.map((x) => x.url).sort());
      expect(r.attachments.sort()).toEqual(expected.flatMap((x) => (x.attachmentUrl ? [x.attachmentUrl] : [])).sort());
      expect(r.disallowed).toContain(replay.sites.find((s) => s.id === id)!.trapUrl);
      expect(r.fetched.every((f) => f.status === 200)).toBe(true);
      if (id === 'sample_vsb') expect(r.fetched.filter((f) => f.kind === 'list').map((f) => new URL(f.url).pathname)).toEqual(['/xxgk/gknb.htm', '/xxgk/gknb/2.htm', '/xxgk/gknb/1.htm']);
      if (id === 'sample_fujian') {
        const posts = r.fetched.filter((f) => f.kind === 'data');
        expect(posts.length).toBeGreaterThan(1);
        expect(posts.every((f) => f.method === 'POST' && new URL(f.url).pathname === '/fjdzapp/search')).toBe(true);
      }
    });
  }
});
