// ASP.NET GKNR simulator, a city's two hosts as the real ones answer:
// - the portal (the homepage's host): a homepage linking the 政府信息公开年报 column
//   /Category_N/Index.aspx, paged Index_2.aspx …, rows linking /Item/{id}.aspx, files under
//   /UploadFiles/; reports up to 2019 live here.
// - the disclosure platform (the start URL with /GKNR/gknr_depart?deptId=D): the department page
//   sets an antiforgery cookie and names its menus (data-menuid); POST /GKNR/PageData (indexPage,
//   pageSize, deptId, menuId) answers <li><a href title>…</a><span>[date]</span></li> rows, and is
//   refused (400) without the cookie; reports from 2020 live here.
import { createHash } from 'node:crypto';
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, esc, htmlResponse, listItem, notFound, pager, shell, trapResponse, ymd } from './html.js';
import type { Portal, PortalRequest, PortalResponse } from './types.js';

const SPLIT_YEAR = 2020;
const COOKIE = '.AspNetCore.Antiforgery.hndGADITtl0';

export function gknrPortal(model: SiteModel): Portal {
  const site = model.site;
  const home = new URL(site.homepage);
  const dept = site.start_urls.map((u) => new URL(u)).find((u) => /\/GKNR\/gknr_depart$/i.test(u.pathname));
  const deptId = dept?.searchParams.get('deptId') ?? '1';
  const gkOrigin = dept?.origin;
  const gkHost = dept?.hostname;
  const category = 100 + (model.idOf('category', 4) % 900);
  const menuId = String(model.idOf('menu', 5));
  const token = createHash('sha1').update(`${model.seed}/${site.id}`).digest('base64url');

  const onPlatform = (i: CatalogItem) => !!gkOrigin && i.kind === 'report' && i.year >= SPLIT_YEAR;
  const portalItems = () => model.listed().filter((i) => !onPlatform(i));
  const platformItems = () => model.listed().filter((i) => onPlatform(i) || i.kind === 'trap' || (i.kind === 'notice' && i.year >= SPLIT_YEAR));
  const articlePath = (i: CatalogItem) => (i.kind === 'trap' ? `/preview/Item/${i.id}.aspx` : onPlatform(i) ? `/GKNR/gknr_content?id=${i.id}` : `/Item/${i.id}.aspx`);
  const originOf = (i: CatalogItem) => (onPlatform(i) ? gkOrigin! : home.origin);
  const filePath = (i: CatalogItem) => `/UploadFiles/${i.date.slice(0, 4)}/${ymd(i.date).ymd}${i.id}.${i.attachment}`;
  const linkOf = (i: CatalogItem) => (i.fileOnly ? filePath(i) : articlePath(i));
  const columnPath = (n: number) => `/Category_${category}/Index${n === 0 ? '' : `_${n + 1}`}.aspx`;

  function column(n: number): PortalResponse | null {
    const pages = model.pages(portalItems());
    if (n >= pages.length) return null;
    const rows = pages[n].map((i) => listItem(model, linkOf(i), i)).join('\n');
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['政务公开', '政府信息公开年报'], main: `<ul class="list">\n${rows}\n</ul>\n${pager(pages.length, n, columnPath)}` }), pages[n][1]?.date);
  }

  function department(): PortalResponse {
    const menus = [[String(Number(menuId) - 1), '机构职能'], [menuId, '政府信息公开年报'], [String(Number(menuId) + 1), '法定主动公开内容']]
      .map(([id, name]) => `<li data-menuid="${id}"><a href="javascript:void(0)">${name}</a></li>`).join('');
    const main = `<div class="gknr-left"><ul class="menu">${menus}</ul></div><div class="gknr-right"><ul id="dataList"></ul><div id="pager"></div></div>
<form id="af"><input name="__RequestVerificationToken" type="hidden" value="${token.slice(0, 12)}"></form>
<script>function getData(menuId, indexPage) { $.post('/GKNR/PageData', { indexPage: indexPage, pageSize: 15, deptId: ${deptId}, menuId: menuId }, function (html) { $('#dataList').html(html); }); }</script>`;
    const r = htmlResponse(model, shell(model, { title: '政府信息公开', crumbs: ['政府信息公开'], main }));
    return { ...r, headers: { 'Set-Cookie': `${COOKIE}=${token}; path=/; samesite=strict; httponly` } };
  }

  function pageData(req: PortalRequest): PortalResponse {
    const cookie = String(req.headers.cookie ?? '');
    if (req.method !== 'POST' || !cookie.split(/;\s*/).includes(`${COOKIE}=${token}`)) {
      return { status: 400, contentType: 'text/plain; charset=utf-8', body: Buffer.from('Bad Request') };
    }
    const f = new URLSearchParams(req.body);
    const size = Number(f.get('pageSize')) || 15;
    const rows = f.get('deptId') === deptId && f.get('menuId') === menuId ? platformItems() : [];
    const pages = model.pages(rows, size);
    const n = (Number(f.get('indexPage')) || 1) - 1;
    const html = (n < pages.length ? pages[n] : [])
      .map((i) => `<li>${model.broken ? `<b>${esc(i.title)}</b>` : `<a href="${esc(linkOf(i))}" title="${esc(i.title)}" target="_blank">${esc(i.title.slice(0, 30))}</a>`}<span>[${i.date}]</span></li>`).join('\n');
    return { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(html, 'utf8'), headers: { 'Cache-Control': 'no-cache' } };
  }

  return {
    siteId: site.id,
    hosts: [...new Set([home.hostname, dept?.hostname].filter((h): h is string => !!h))],
    model,
    disallow: ['/preview/', '/search/'],
    urlOf: (i) => new URL(linkOf(i), originOf(i)).toString(),
    attachmentUrlOf: (i) => (i.attachment ? new URL(filePath(i), home.origin).toString() : undefined),
    handle(req) {
      const url = req.url;
      const path = url.pathname;
      if (path.startsWith('/preview/') || path.startsWith('/search/')) return trapResponse(model);
      if (gkHost && url.hostname === gkHost) {
        if (/^\/GKNR\/gknr_depart$/i.test(path)) return url.searchParams.get('deptId') === deptId ? department() : notFound(model);
        if (/^\/GKNR\/PageData$/i.test(path)) return pageData(req);
        if (path === '/GKNR/gknr_content') {
          const i = model.byId(Number(url.searchParams.get('id')));
          return i && onPlatform(i) ? articleResponse(model, i, i.attachment ? new URL(filePath(i), home.origin).toString() : undefined) : notFound(model);
        }
        return null;
      }
      if (path === '/' || path === '/index.aspx') {
        return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: `<ul class="nav2"><li><a href="/Category_${category - 1}/Index.aspx">通知公告</a></li><li><a href="${columnPath(0)}">政府信息公开年报</a></li></ul>` }));
      }
      const cm = /^\/Category_(\d+)\/Index(?:_(\d+))?\.aspx$/.exec(path);
      if (cm) return Number(cm[1]) === category && cm[2] !== '1' ? column(cm[2] ? Number(cm[2]) - 1 : 0) : null;
      for (const i of model.listed()) {
        if (i.kind === 'trap') continue;
        if (!onPlatform(i) && articlePath(i) === path) return articleResponse(model, i, i.attachment ? filePath(i) : undefined);
        if (i.attachment && filePath(i) === path) return attachmentResponse(model, i);
      }
      return notFound(model);
    },
  };
}
