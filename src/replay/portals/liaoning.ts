// Liaoning platform simulator: articles /html/{SITECODE}/YYYYMM/{ID}.html, files under
// /uploadfiles/YYYYMM/, and the site search /search/search.ct?siteCode=…&offset=N&limit=…&searchKey=…
// answering a page of .result-li rows (offset counts pages from 1, as the dialect's default).
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, esc, htmlResponse, notFound, shell, trapResponse, ymd } from './html.js';
import type { Portal, PortalRequest, PortalResponse } from './types.js';

export function liaoningPortal(model: SiteModel): Portal {
  const site = model.site;
  const home = new URL(site.homepage);
  const p = site.params as Record<string, unknown>;
  const code = String(p.site_code ?? 'SITE');
  const hex = (i: CatalogItem) => (model.idOf(`${i.key}/file`, 9) * 7919).toString(16).padStart(8, '0');
  const article = (i: CatalogItem) => `/html/${code}/${ymd(i.date).ym}/0${Date.parse(`${i.date}T02:00:00Z`)}${String(i.id).slice(-3)}.html`;
  const articlePath = (i: CatalogItem) => (i.kind === 'trap' ? `/preview${article(i)}` : article(i));
  const filePath = (i: CatalogItem) => `/uploadfiles/${ymd(i.date).ym}/${hex(i)}.${i.attachment}`;
  const linkOf = (i: CatalogItem) => (i.fileOnly ? filePath(i) : articlePath(i));

  function search(req: PortalRequest): PortalResponse {
    const q = req.url.searchParams;
    const limit = Math.min(Number(q.get('limit')) || 15, 100);
    const page = Math.max(1, Number(q.get('offset')) || 1);
    const key = (q.get('searchKey') ?? '').replace(/\s+/g, '');
    const hits = q.get('siteCode') === code && key ? model.listed() : [];
    const rows = hits.slice((page - 1) * limit, page * limit).map((i) => {
      const t = esc(i.title).replace('年度报告', '<em>年度报告</em>');
      return `<div class="result-li"><div class="result-title">${model.broken ? t : `<a href="${esc(linkOf(i))}" target="_blank">${t}</a>`}</div><div class="result-info"><span>${i.date}</span><span>${esc(model.issuer)}</span></div></div>`;
    }).join('\n');
    const main = `<div class="search-result"><p class="count">共找到 ${hits.length} 条结果</p>\n${rows || '<p>没有找到相关结果</p>'}\n</div>`;
    return { ...htmlResponse(model, shell(model, { title: '站内搜索', crumbs: ['搜索'], main })), modified: undefined, headers: { 'Cache-Control': 'no-cache' }, dynamic: true };
  }

  return {
    siteId: site.id,
    hosts: [home.hostname],
    model,
    disallow: ['/preview/'],
    urlOf: (i) => new URL(linkOf(i), home.origin).toString(),
    attachmentUrlOf: (i) => (i.attachment ? new URL(filePath(i), home.origin).toString() : undefined),
    handle(req) {
      const path = req.url.pathname;
      if (path === '/' || path === '/index.html') {
        return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: '<form action="/search/search.ct"><input name="searchKey"></form><ul><li><a href="/html/ASSZF/zwgk.html">政务公开</a></li></ul>', declareCharset: false }));
      }
      if (path === '/search/search.ct') return search(req);
      if (path.startsWith('/preview/')) return trapResponse(model);
      for (const i of model.listed()) {
        if (i.kind !== 'trap' && articlePath(i) === path) return articleResponse(model, i, i.attachment ? filePath(i) : undefined);
        if (i.attachment && filePath(i) === path) return attachmentResponse(model, i);
      }
      return notFound(model);
    },
  };
}
