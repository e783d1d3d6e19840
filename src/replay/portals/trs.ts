// TRS WCM simulator: a column index.shtml, index_1.shtml … paged by createPageHTML(count,
// current, "index", "shtml"); articles ./YYYYMM/tYYYYMMDD_ID.shtml with TRS P0….pdf files.
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, htmlResponse, listItem, notFound, shell, trapResponse, ymd } from './html.js';
import type { Portal, PortalResponse } from './types.js';

export function trsPortal(model: SiteModel): Portal {
  const site = model.site;
  const start = new URL(site.start_urls[0]);
  const ext = /\.(s?html?)$/.exec(start.pathname)?.[1] ?? String((site.params as Record<string, unknown>).ext ?? 'html');
  const dir = start.pathname.replace(/[^/]*$/, '');
  const origin = start.origin;

  const articleRel = (item: CatalogItem) => {
    const d = ymd(item.date);
    return `${d.ym}/t${d.ymd}_${item.id}.${ext}`;
  };
  const articlePath = (item: CatalogItem) => (item.kind === 'trap' ? `/preview${dir}${articleRel(item)}` : `${dir}${articleRel(item)}`);
  const fileRel = (item: CatalogItem) => `P020${ymd(item.date).ymd}${String(item.id).slice(-6)}.${item.attachment}`;
  const filePath = (item: CatalogItem) => `${dir}${ymd(item.date).ym}/${fileRel(item)}`;
  const pagePath = (n: number) => `${dir}index${n === 0 ? '' : `_${n}`}.${ext}`;

  function listPage(n: number): PortalResponse | null {
    const pages = model.pages(model.listed());
    if (n >= pages.length) return null;
    const items = pages[n].map((item) => listItem(model, item.kind === 'trap' ? articlePath(item) : `./${articleRel(item)}`, item)).join('\n');
    const main = `<div class="lm-title">政府信息公开年报</div>
<ul class="list">
${items}
</ul>
<div class="page"><script type="text/javascript">
var currentPage = ${n};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = ${pages.length}//共多少页
createPageHTML(${pages.length}, ${n}, "index", "${ext}");
</script></div>
<form action="/was5/web/search" method="get"><input name="searchword" value="年度报告"><input type="hidden" name="channelid" value="200917"></form>`;
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['信息公开', '政府信息公开年报'], main, head: '<script src="/images/page.js"></script>' }), pages[n][1]?.date);
  }

  const ARTICLE = new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d{6})/t(\\d{8})_(\\d+)\\.${ext}$`);
  const FILE = new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d{6})/(P020\\d+\\.(pdf|docx))$`);

  return {
    siteId: site.id,
    hosts: [start.hostname],
    model,
    disallow: ['/preview/', '/was5/'],
    urlOf: (item) => new URL(articlePath(item), origin).toString(),
    attachmentUrlOf: (item) => (item.attachment ? new URL(filePath(item), origin).toString() : undefined),
    handle(req) {
      const path = req.url.pathname;
      if (path === '/' || path === '/index.shtml' || path === '/index.html') {
        return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: `<ul><li><a href="${pagePath(0)}">政府信息公开年报</a></li></ul>` }));
      }
      if (path === dir) return listPage(0);
      const pm = /^index(?:_(\d+))?\.(s?html?)$/.exec(path.slice(dir.length));
      if (path.startsWith(dir) && pm && pm[2] === ext) return listPage(pm[1] ? Number(pm[1]) : 0);
      if (path.startsWith('/preview/')) return trapResponse(model);
      const am = ARTICLE.exec(path);
      if (am) {
        const item = model.byId(Number(am[3]));
        if (!item || articlePath(item) !== path) return notFound(model);
        return articleResponse(model, item, item.attachment ? `./${fileRel(item)}` : undefined);
      }
      const fm = FILE.exec(path);
      if (fm) {
        const item = model.reports().find((r) => r.attachment && filePath(r) === path);
        return item ? attachmentResponse(model, item) : notFound(model);
      }
      return null;
    },
  };
}
