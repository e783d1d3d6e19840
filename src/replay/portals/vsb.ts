// VSB (博达) simulator: a column {name}.htm whose further pages are {name}/{k}.htm numbered
// downwards, a pager with 共N条, 下页/尾页 and "1/n"; articles info/{col}/{id}.htm; files under
// /system/_content/download.jsp?…filename=….pdf as VSB serves them.
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, esc, htmlResponse, notFound, shell, trapResponse } from './html.js';
import type { Portal, PortalResponse } from './types.js';

export function vsbPortal(model: SiteModel): Portal {
  const site = model.site;
  const start = new URL(site.start_urls[0]);
  const origin = start.origin;
  const stem = start.pathname.replace(/\.htm$/, '');
  const dir = start.pathname.replace(/[^/]*$/, '');
  const col = 1000 + (model.idOf('col', 4) % 9000);
  const articlePath = (i: CatalogItem) => (i.kind === 'trap' ? `/preview/info/${col}/${i.id}.htm` : `/info/${col}/${i.id}.htm`);
  const filePath = (i: CatalogItem) => `/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=${col}&wbfileid=${i.id}&filename=${i.id}.${i.attachment}`;
  const linkOf = (i: CatalogItem) => (i.fileOnly ? filePath(i) : articlePath(i));
  // Links as VSB writes them: relative to the page (../info/… from a later page).
  const rel = (href: string, later: boolean) => (href.startsWith('/info/') ? `${later ? '../' : ''}${'../'.repeat(dir.split('/').length - 2)}${href.slice(1)}` : href);

  function page(k: number | null): PortalResponse | null {
    const pages = model.pages(model.listed());
    const n = pages.length;
    const idx = k === null ? 0 : n - k; // {name}/{n-1}.htm is the second page, {name}/1.htm the last
    if (idx < 0 || idx >= n || (k !== null && k < 1)) return null;
    const later = k !== null;
    const name = stem.slice(stem.lastIndexOf('/') + 1);
    const href = (i: number) => (i === 0 ? (later ? `../${name}.htm` : `${name}.htm`) : later ? `${n - i}.htm` : `${name}/${n - i}.htm`);
    const rows = pages[idx].map((i) => `<li><a href="${esc(model.broken ? '#' : i.kind === 'trap' ? articlePath(i) : rel(linkOf(i), later))}" title="${esc(i.title)}">${esc(i.title)}</a><span>${i.date}</span></li>`).join('\n');
    const nav = [
      idx > 0 ? `<span class="p_first p_fun"><a href="${href(0)}">首页</a></span><span class="p_prev p_fun"><a href="${href(idx - 1)}">上页</a></span>` : '<span class="p_first_d p_fun_d">首页</span><span class="p_prev_d p_fun_d">上页</span>',
      ...Array.from({ length: n }, (_, i) => (i === idx ? `<span class="p_no_d">${i + 1}</span>` : `<span class="p_no"><a href="${href(i)}">${i + 1}</a></span>`)),
      idx < n - 1 ? `<span class="p_next p_fun"><a href="${href(idx + 1)}">下页</a></span><span class="p_last p_fun"><a href="${href(n - 1)}">尾页</a></span>` : '<span class="p_next_d p_fun_d">下页</span><span class="p_last_d p_fun_d">尾页</span>',
    ].join('');
    const main = `<div class="list"><ul>\n${rows}\n</ul></div>
<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_t">共${model.listed().length}条</span> <span class="p_pages">${nav}</span> <span class="p_t">${idx + 1}/${n}</span></div>`;
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['信息公开', '政府信息公开年报'], main }), pages[idx][1]?.date);
  }

  return {
    siteId: site.id,
    hosts: [start.hostname],
    model,
    disallow: ['/preview/'],
    urlOf: (i) => new URL(linkOf(i), origin).toString(),
    attachmentUrlOf: (i) => (i.attachment ? new URL(filePath(i), origin).toString() : undefined),
    handle(req) {
      const path = req.url.pathname;
      if (path === start.pathname) return page(null);
      const pm = path.startsWith(`${stem}/`) ? /^(\d+)\.htm$/.exec(path.slice(stem.length + 1)) : null;
      if (pm) return page(Number(pm[1]));
      if (path.startsWith('/preview/')) return trapResponse(model);
      if (path === '/system/_content/download.jsp') {
        const i = model.reports().find((r) => r.attachment && String(r.id) === req.url.searchParams.get('wbfileid'));
        return i ? attachmentResponse(model, i) : notFound(model);
      }
      const am = /^\/info\/(\d+)\/(\d+)\.htm$/.exec(path);
      if (am && Number(am[1]) === col) {
        const i = model.byId(Number(am[2]));
        return i && i.kind !== 'trap' ? articleResponse(model, i, i.attachment ? filePath(i) : undefined) : notFound(model);
      }
      if (path === '/' || path === '/index.htm') return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: `<a href="${start.pathname}">政府信息公开年报</a>` }));
      return notFound(model);
    },
  };
}
