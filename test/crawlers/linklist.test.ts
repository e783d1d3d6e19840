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
