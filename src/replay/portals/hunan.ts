// Simulator of a platform no dialect knows, shaped like the Hunan prefecture portals (numeric
// column folders, documents at /{column}/{sub}/content_{id}.html): a homepage linking the
// 政府信息公开 page, which links the 政府信息公开年度报告 column; the column lists its items
// page by page (index.html, index_2.html …) under a pager that shows only the pages next to the
// current one plus 尾页; rows carry the full title in title= and a cut text; the oldest report
// is listed only as its PDF, with a short text naming its year. Crawled by the generic dialect.
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, esc, htmlResponse, notFound, shell, trapResponse } from './html.js';
import type { Portal } from './types.js';

export function hunanPortal(model: SiteModel): Portal {
  const site = model.site;
  const start = new URL(site.start_urls[0]);
  const origin = start.origin;
  const dir = start.pathname.replace(/[^/]*$/, ''); // e.g. /xxgkndbg/
  const sub = (item: CatalogItem) => 60000 + (item.year - 2000) * 7;
  const docPath = (item: CatalogItem) => `${dir}${sub(item)}/content_${item.id}.html`;
  const filePath = (item: CatalogItem) => `/uploadfiles/${item.date.slice(0, 4)}${item.date.slice(5, 7)}/${item.id}.${item.attachment}`;
  const linkOf = (item: CatalogItem) => (item.kind === 'trap' ? `/preview${docPath(item)}` : item.fileOnly ? filePath(item) : docPath(item));
  const pageHref = (n: number) => (n === 0 ? `${dir}index.html` : `${dir}index_${n + 1}.html`);

  function row(item: CatalogItem): string {
    if (model.broken) return `<li><span>${esc(item.title.slice(0, 16))}…</span><em>${item.date}</em></li>`;
    if (item.fileOnly) return `<li><a href="${esc(linkOf(item))}" target="_blank">${item.year}年度（PDF）</a><em>${item.date}</em></li>`;
    const cut = item.title.length > 16 ? `${item.title.slice(0, 16)}…` : item.title;
    return `<li><a href="${esc(linkOf(item))}" title="${esc(item.title)}" target="_blank">${esc(cut)}</a><em>${item.date}</em></li>`;
  }

  /** Pager showing 首页, 上一页, the pages next to the current one, 下一页 and 尾页. */
  function pagerHtml(count: number, n: number): string {
    if (count <= 1) return '';
    const a = (p: number, text: string) => `<a href="${esc(pageHref(p))}">${text}</a>`;
    const parts = [a(0, '首页')];
    if (n > 0) parts.push(a(n - 1, '上一页'));
    for (let p = Math.max(0, n - 1); p <= Math.min(count - 1, n + 1); p++) parts.push(p === n ? `<b>${p + 1}</b>` : a(p, String(p + 1)));
    if (n < count - 1) parts.push(a(n + 1, '下一页'));
    parts.push(a(count - 1, '尾页'));
    return `<div class="pagination">${parts.join(' ')} <span>共${count}页</span></div>`;
  }

  function listPage(n: number) {
    const pages = model.pages(model.listed());
    if (n >= pages.length) return notFound(model);
    const main = `<div class="column-title">政府信息公开年度报告</div>
<ul class="doc-list">
${pages[n].map(row).join('\n')}
</ul>
${pagerHtml(pages.length, n)}`;
    return htmlResponse(model, shell(model, { title: '政府信息公开年度报告', crumbs: ['政府信息公开', '政府信息公开年度报告'], main }), pages[n][1]?.date);
  }

  const LIST = new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}index(?:_(\\d+))?\\.html$`);

  return {
    siteId: site.id,
    hosts: [start.hostname],
    model,
    disallow: ['/preview/', '/search/'],
    urlOf: (item) => new URL(linkOf(item), origin).toString(),
    attachmentUrlOf: (item) => (item.attachment ? new URL(filePath(item), origin).toString() : undefined),
    handle(req) {
      const path = req.url.pathname;
      if (path === '/' || path === '/index.html') {
        return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: '<ul class="nav2"><li><a href="/zwgk/index.html">政府信息公开</a></li><li><a href="/search/index.html?q=年报">搜索</a></li></ul>' }));
      }
      if (path === '/zwgk/index.html' || path === '/zwgk/') {
        const main = `<ul class="gk-menu"><li><a href="/zwgk/xxgkzn/index.html">政府信息公开指南</a></li><li><a href="/zwgk/xxgkzd/index.html">政府信息公开制度</a></li><li><a href="${esc(pageHref(0))}">政府信息公开年度报告</a></li></ul>`;
        return htmlResponse(model, shell(model, { title: '政府信息公开', crumbs: ['政府信息公开'], main }));
      }
      if (path === `${dir}` || path === `${dir}index.htm`) return listPage(0);
      const m = LIST.exec(path);
      if (m) {
        const n = m[1] ? Number(m[1]) - 1 : 0;
        return n === 0 && m[1] ? notFound(model) : listPage(n);
      }
      if (path.startsWith('/preview/') || path.startsWith('/search/')) return trapResponse(model);
      for (const item of model.listed()) {
        if (item.kind === 'trap') continue;
        if (!item.fileOnly && docPath(item) === path) return articleResponse(model, item, item.attachment ? filePath(item) : undefined);
        if (item.attachment && filePath(item) === path) return attachmentResponse(model, item);
      }
      return notFound(model);
    },
  };
}
