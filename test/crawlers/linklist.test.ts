import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linklist } from '../../crawlers/linklist.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { httpGet } from '../helpers/http.js';
import { siteConfig, testSite } from './fixtures.js';
import { miniCrawl } from './minicrawl.js';

const site = testSite({ dialect: 'linklist', start_urls: ['http://www.x.gov.cn/nb/index.html'], params: { max_depth: 1 } });
const params = linklist.params.parse(site.params);
const ctx = (request: DiscoveredRequest, text: string) => ({ site, request, finalUrl: request.url, status: 200, contentType: 'text/html', text });

const page = `<ul>
<li><a href="/nb/2021/0301.html">测试市2020年政府信息公开工作年度报告</a></li>
<li><a href="/nb/2020/1201.html">关于做好2020年政府信息公开工作年度报告编制发布工作的通知</a></li>
<li><a href="/files/2016.pdf">测试市2015年政府信息公开工作年度报告</a></li>
<li><a href="mailto:gk@x.gov.cn">联系我们</a></li>
</ul>
<div class="page"><a href="index.html">首页</a> <a href="index_2.html">2</a> <a href="index_2.html">下一页</a> <a href="http://other.gov.cn/nb/index_3.html">3</a> <a href="/nb/index_9.html">测试市2019年政府信息公开工作年度报告全文链接</a></div>`;

describe('linklist dialect', () => {
  it('finds reports, file reports and pagination, bounded by depth', () => {
    const out = linklist.parse(ctx({ url: site.start_urls[0], kind: 'list', depth: 0 }, page), params);
    expect(out.map((r) => [r.kind, r.url, r.depth])).toEqual([
      ['report', 'http://www.x.gov.cn/nb/2021/0301.html', 1],
      ['attachment', 'http://www.x.gov.cn/files/2016.pdf', 1],
      ['report', 'http://www.x.gov.cn/nb/index_9.html', 1],
      ['list', 'http://www.x.gov.cn/nb/index_2.html', 1],
    ]);
    const deeper = linklist.parse(ctx({ url: 'http://www.x.gov.cn/nb/index_2.html', kind: 'list', depth: 1 }, page), params);
    expect(deeper.filter((r) => r.kind === 'list')).toEqual([]);
  });

  it('follows pagination by a site pattern such as ?page=N', () => {
    const p = linklist.params.parse({ pagination: '[?&]page=\\d+' });
    const out = linklist.parse(ctx({ url: 'http://www.x.gov.cn/list?page=1', kind: 'list', depth: 0 }, '<a href="?page=2">下一页</a><a href="/list?page=1">1</a>'), p);
    expect(out.map((r) => r.url)).toEqual(['http://www.x.gov.cn/list?page=2']);
  });
});

describe('linklist dialect on the replayed portals', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['langfang', 'anshan', 'anqing'] });
  });
  afterAll(() => replay.close());

  it('廊坊市: pages Index_N.aspx, finds articles and a report listed only as a PDF', async () => {
    const r = await miniCrawl(replay.port, siteConfig('langfang'));
    const expected = replay.reports('langfang');
    const fileOnly = expected.filter((x) => x.fileOnly).map((x) => x.url);
    expect(fileOnly.length).toBe(1);
    expect(r.reports.sort()).toEqual(expected.filter((x) => !x.fileOnly).map((x) => x.url).sort());
    expect(r.attachments).toEqual(expect.arrayContaining([...fileOnly, ...expected.filter((x) => !x.fileOnly && x.attachmentUrl).map((x) => x.attachmentUrl)]));
    expect(r.fetched.filter((f) => f.kind === 'list').map((f) => new URL(f.url).pathname)).toEqual(['/Category_1520/Index.aspx', '/Category_1520/Index_2.aspx', '/Category_1520/Index_3.aspx']);
    expect(r.disallowed).toEqual([replay.sites.find((s) => s.id === 'langfang')!.trapUrl]);
  });

  it('鞍山市: decodes GBK pages served without a charset header (some without <meta> either)', async () => {
    const r = await miniCrawl(replay.port, siteConfig('anshan'));
    const expected = replay.reports('anshan');
    expect(r.reports.sort()).toEqual(expected.map((x) => x.url).sort());
    expect([...r.texts.values()].every((t) => t.includes('政府信息公开年报'))).toBe(true);
    const second = await httpGet(replay.port, 'http://www.anshan.gov.cn/html/ASSZF/zfxxgknb/index_2.html');
    expect(second.headers['content-type']).toBe('text/html');
    expect(second.body.includes(Buffer.from('charset'))).toBe(false);
  });

  it('安庆市: a plain HTTP crawl sees an empty list; the rendered page has every report', async () => {
    const anqing = siteConfig('anqing');
    expect(anqing.render).toBe('browser');
    const plain = await miniCrawl(replay.port, anqing);
    expect(plain.reports).toEqual([]);
    expect(plain.fetched.map((f) => f.kind)).toEqual(['list']);
    // A stand-in for the browser: run the page's one XHR and put its answer into the list.
    const render = async (url: string, text: string) => {
      const m = /xhr\.open\('GET', "([^"]+)"\)/.exec(text);
      if (!m) return text;
      const frag = await httpGet(replay.port, new URL(m[1], url).toString());
      return text.replace(/<li class="loading">[^<]*<\/li>/, frag.text);
    };
    const rendered = await miniCrawl(replay.port, anqing, { render });
    expect(rendered.reports.sort()).toEqual(replay.reports('anqing').map((x) => x.url).sort());
    expect(rendered.fetched.filter((f) => f.kind === 'list').length).toBe(3);
  });
});
