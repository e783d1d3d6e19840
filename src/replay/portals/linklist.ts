// Plain link-list simulator, in two shapes taken from the site's config: static pages
// paged as X_2.ext (optionally GBK), or — for render: browser sites — an HTML shell whose list a
// script fetches as an HTML fragment.
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, esc, htmlResponse, listItem, notFound, pager, shell, trapResponse, ymd } from './html.js';
import type { Portal, PortalRequest, PortalResponse } from './types.js';

interface PathStyle {
  article(item: CatalogItem): string;
  file(item: CatalogItem): string;
}

/** Articles beside the list in a YYYYMM folder, files in files/. */
function pathStyle(dir: string): PathStyle {
  return { article: (i) => `${dir}${ymd(i.date).ym}/${i.id}.html`, file: (i) => `${dir}files/${i.id}.${i.attachment}` };
}

export function linklistPortal(model: SiteModel): Portal {
  const site = model.site;
  const start = new URL(site.start_urls[0]);
  const origin = start.origin;
  const dir = start.pathname.replace(/[^/]*$/, '');
  const ajax = site.render === 'browser';
  const style = pathStyle(dir);
  const articlePath = (item: CatalogItem) => (item.kind === 'trap' ? `/preview${style.article(item)}` : style.article(item));
  const linkOf = (item: CatalogItem) => (item.fileOnly ? style.file(item) : articlePath(item));

  // List page n (0-based): the start URL, then X_2.ext … or &pageIndex=2 … for query-addressed lists.
  const file = /([^/]+?)\.(\w+)$/.exec(start.pathname);
  const pageHref = (n: number): string => {
    if (n === 0) return start.pathname + start.search;
    if (start.search) return `${start.pathname}${start.search}&pageIndex=${n + 1}`;
    return file ? `${dir}${file[1]}_${n + 1}.${file[2]}` : `${dir}index_${n + 1}.html`;
  };
  const pageOf = (url: URL): number | null => {
    if (start.search) {
      if (url.pathname !== start.pathname) return null;
      const q = new URLSearchParams(url.search);
      const n = Number(q.get('pageIndex') ?? '1');
      q.delete('pageIndex');
      return q.toString() === new URLSearchParams(start.search).toString() && n >= 1 ? n - 1 : null;
    }
    if (url.pathname === start.pathname) return 0;
    const stem = file ? file[1] : 'index';
    const m = new RegExp(`^${stem}_(\\d+)\\.${file ? file[2] : 'html'}$`).exec(url.pathname.slice(dir.length));
    return url.pathname.startsWith(dir) && m && Number(m[1]) >= 2 ? Number(m[1]) - 1 : null;
  };

  const catId = start.searchParams.get('catId') ?? '0';
  const siteNo = /\/public\/column\/(\d+)/.exec(start.pathname)?.[1] ?? '1';
  const fragmentPath = (n: number) =>
    `/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId=${siteNo}&pageSize=${model.profile.perPage}&pageIndex=${n + 1}&action=list&catId=${catId}`;

  function listBody(n: number, pages: CatalogItem[][]): string {
    const items = pages[n].map((item) => listItem(model, linkOf(item), item)).join('\n');
    return `<ul class="list">\n${items}\n</ul>\n${pager(pages.length, n, pageHref)}`;
  }

  function listPage(n: number): PortalResponse | null {
    const pages = model.pages(model.listed());
    if (n >= pages.length) return null;
    const newest = pages[n][1]?.date;
    const crumbs = ['政府信息公开', '政府信息公开年报'];
    if (ajax) {
      const main = `<div class="xxgk_title">信息公开年报</div>
<div class="xxgk_navli"><ul class="clearfix" id="xxgk_lmcon"><li class="loading">正在加载中...</li></ul></div>
<script type="text/javascript">
(function () {
  var box = document.getElementById('xxgk_lmcon');
  var xhr = new XMLHttpRequest();
  xhr.open('GET', ${JSON.stringify(fragmentPath(n))});
  xhr.onload = function () { if (xhr.status === 200) box.innerHTML = xhr.responseText; };
  xhr.send();
})();
</script>`;
      return htmlResponse(model, shell(model, { title: '信息公开年报', crumbs, main }), newest);
    }
    const search = `<div class="search"><a href="/search/search.aspx?keyword=${encodeURIComponent('年度报告')}&amp;page=1">站内搜索</a></div>`;
    // A GBK site leaves the charset out of some pages entirely (decoders must sniff).
    const declareCharset = model.profile.encoding === 'gbk' ? n % 2 === 0 : true;
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs, main: `${search}\n${listBody(n, pages)}`, declareCharset }), newest);
  }

  function fragment(req: PortalRequest): PortalResponse {
    const q = req.url.searchParams;
    const pages = model.pages(model.listed(), Number(q.get('pageSize')) || model.profile.perPage);
    const n = Math.max(0, (Number(q.get('pageIndex')) || 1) - 1);
    const ok = q.get('labelName') === 'publicInfoList' && q.get('catId') === catId && n < pages.length;
    const html = ok ? listBody(n, pages) : '<li>暂无信息</li>';
    return { status: 200, contentType: 'text/html;charset=UTF-8', body: Buffer.from(html, 'utf8'), headers: { 'Cache-Control': 'no-cache' }, dynamic: true };
  }

  return {
    siteId: site.id,
    hosts: [start.hostname],
    model,
    disallow: ['/preview/', '/search/'],
    urlOf: (item) => new URL(linkOf(item), origin).toString(),
    attachmentUrlOf: (item) => (item.attachment ? new URL(style.file(item), origin).toString() : undefined),
    handle(req) {
      const url = req.url;
      const path = url.pathname;
      if ((path === '/' || path === '/index.html') && start.pathname !== path) {
        return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: `<ul><li><a href="${esc(pageHref(0))}">政府信息公开年报</a></li></ul>` }));
      }
      const n = pageOf(url);
      if (n !== null) return listPage(n);
      if (ajax && path === '/site/label/8888') return fragment(req);
      if (path.startsWith('/preview/') || path.startsWith('/search/')) return trapResponse(model);
      for (const item of model.listed()) {
        if (item.kind !== 'trap' && articlePath(item) === path) return articleResponse(model, item, item.attachment ? style.file(item) : undefined);
        if (item.attachment && style.file(item) === path) return attachmentResponse(model, item);
      }
      return notFound(model);
    },
  };
}
