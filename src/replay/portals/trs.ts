// TRS WCM simulator, three shapes from the site's config:
// - a plain column index.{ext}, index_1.{ext} … paged by createPageHTML(count, current, "index", ext);
// - with params.subcolumns, a root column whose reports sit in sub-columns: the city's own
//   ({root}/{city}/, reports up to 2017) and one per year ({root}/{year}/szbm/, from 2018; the
//   newest linked as the mobile _app page);
// - with params.search_api (Fujian), page 1 written statically with the column's chnlid in its
//   script, the rest answered as JSON by POST {path} (channelid, classsql=chnlid=N, page, prepage).
// Articles ./YYYYMM/tYYYYMMDD_ID.{ext} beside their column, TRS P0….pdf files beside them.
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, htmlResponse, listItem, notFound, shell, trapResponse, ymd } from './html.js';
import type { Portal, PortalRequest, PortalResponse } from './types.js';

const CITY_UNTIL = 2017;

export function trsPortal(model: SiteModel): Portal {
  const site = model.site;
  const p = site.params as Record<string, unknown>;
  const start = new URL(site.start_urls[0]);
  const ext = /\.(s?html?)$/.exec(start.pathname)?.[1] ?? String(p.ext ?? 'html');
  const root = start.pathname.replace(/[^/]*$/, '');
  const origin = start.origin;
  const nested = p.subcolumns === true;
  const api = p.search_api as { path?: string; channelid: string | number; prepage?: number } | undefined;
  const apiPath = api ? api.path ?? '/fjdzapp/search' : null;
  const chnlid = String(10000 + (model.idOf('chnlid', 5) % 90000));
  const prepage = api ? Number(api.prepage ?? 15) : 0;

  /** The directory (ending in /) of the column that lists `item`. */
  const dirOf = (item: CatalogItem): string => {
    if (!nested) return root;
    if (item.kind === 'report' && item.year > CITY_UNTIL) return `${root}${item.year}/szbm/`;
    return `${root}city/`;
  };
  const newest = () => Math.max(...model.reports().map((r) => r.year));
  const articleRel = (item: CatalogItem) => {
    const d = ymd(item.date);
    const app = nested && item.kind === 'report' && item.year === newest() && item.year > CITY_UNTIL ? '_app' : '';
    return `${d.ym}/t${d.ymd}_${item.id}${app}.${ext}`;
  };
  const articlePath = (item: CatalogItem) => (item.kind === 'trap' ? `/preview${root}${articleRel(item)}` : `${dirOf(item)}${articleRel(item)}`);
  const fileRel = (item: CatalogItem) => `P020${ymd(item.date).ymd}${String(item.id).slice(-6)}.${item.attachment}`;
  const filePath = (item: CatalogItem) => `${dirOf(item)}${ymd(item.date).ym}/${fileRel(item)}`;
  const itemsIn = (dir: string) => model.listed().filter((i) => (i.kind === 'trap' ? dir === (nested ? `${root}city/` : root) : dirOf(i) === dir));
  const columns = (): string[] => (nested ? [`${root}city/`, ...[...new Set(model.reports().filter((r) => r.year > CITY_UNTIL).map((r) => r.year))].sort((a, b) => b - a).map((y) => `${root}${y}/szbm/`)] : [root]);

  function listPage(dir: string, n: number): PortalResponse | null {
    const rows = itemsIn(dir);
    const pages = api ? [rows.slice(0, prepage)] : model.pages(rows);
    if (n >= pages.length || (api && n > 0)) return null;
    const items = pages[n].map((item) => listItem(model, item.kind === 'trap' ? articlePath(item) : `./${articleRel(item)}`, item)).join('\n');
    const paging = api
      ? `<script type="text/javascript">var pageParams = { channelid: '${api.channelid}', chnlid: '${chnlid}', prepage: ${prepage}, url: '${apiPath}' };</script>`
      : `<div class="page"><script type="text/javascript">
var currentPage = ${n};//所在页从0开始
var countPage = ${pages.length}//共多少页
createPageHTML(${pages.length}, ${n}, "index", "${ext}");
</script></div>`;
    const main = `<div class="lm-title">政府信息公开年报</div>\n<ul class="list">\n${items}\n</ul>\n${paging}`;
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['信息公开', '政府信息公开年报'], main, head: '<script src="/images/page.js"></script>' }), pages[n][1]?.date);
  }

  function rootPage(): PortalResponse {
    const names = (dir: string) => (dir.endsWith('/szbm/') ? `${dir.slice(root.length, root.length + 4)}年市直部门` : `${model.issuer}信息公开年报`);
    const links = columns().map((d) => `<li><a href="${d.slice(root.length)}index.${ext}">${names(d)}</a></li>`).join('\n');
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['信息公开', '政府信息公开年报'], main: `<ul class="sub-columns">\n${links}\n</ul>` }));
  }

  /** Further start URLs (a department's column on its own host) answer an empty column. */
  const others = site.start_urls.slice(1).map((u) => new URL(u));
  function otherColumn(url: URL): PortalResponse | null {
    const o = others.find((u) => u.hostname === url.hostname && (url.pathname === u.pathname || url.pathname === `${u.pathname}index.${ext}`));
    if (!o) return null;
    const main = `<div class="lm-title">政府信息公开年报</div>\n<ul class="list"><li>暂无信息</li></ul>\n<script type="text/javascript">createPageHTML(1, 0, "index", "${ext}");</script>`;
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['政府信息公开年报'], main }));
  }

  function search(req: PortalRequest): PortalResponse {
    const f = new URLSearchParams(req.body);
    const per = Number(f.get('prepage')) || prepage;
    const ok = req.method === 'POST' && f.get('channelid') === String(api!.channelid) && f.get('classsql') === `chnlid=${chnlid}`;
    const rows = ok ? itemsIn(root) : [];
    const page = Math.max(1, Number(f.get('page')) || 1);
    const data = rows.slice((page - 1) * per, page * per).map((i) => ({
      doctitle: i.title, docreltime: `${i.date} 09:00:00`, chnlid: Number(chnlid),
      ...(model.broken ? {} : i.kind === 'trap' ? { docpuburl: new URL(articlePath(i), origin).toString() } : page % 2 ? { docpuburl: new URL(articlePath(i), origin).toString() } : { chnldocurl: new URL(articlePath(i), origin).toString() }),
    }));
    const json = JSON.stringify({ pageCount: Math.max(1, Math.ceil(rows.length / per)), page, total: rows.length, data });
    return { status: 200, contentType: 'application/json;charset=UTF-8', body: Buffer.from(json, 'utf8'), headers: { 'Cache-Control': 'no-cache' } };
  }

  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ARTICLE = new RegExp(`^(${esc(root)}(?:[\\w-]+/)*)(\\d{6})/t(\\d{8})_(\\d+)(_app)?\\.${ext}$`);
  const FILE = new RegExp(`^${esc(root)}(?:[\\w-]+/)*\\d{6}/P020\\d+\\.(pdf|docx)$`);

  return {
    siteId: site.id,
    hosts: [start.hostname],
    model,
    disallow: ['/preview/', '/was5/'],
    urlOf: (item) => new URL(articlePath(item), origin).toString(),
    attachmentUrlOf: (item) => (item.attachment ? new URL(filePath(item), origin).toString() : undefined),
    handle(req) {
      const path = req.url.pathname;
      if (req.url.hostname !== start.hostname) return otherColumn(req.url);
      if (apiPath && path === apiPath) return search(req);
      if (path === '/' || path === `/index.${ext}`) {
        return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: `<ul><li><a href="${root}index.${ext}">政府信息公开年报</a></li></ul>` }));
      }
      if (path.startsWith('/preview/')) return trapResponse(model);
      const dir = path.replace(/[^/]*$/, '');
      const file = path.slice(dir.length);
      const pm = /^index(?:_(\d+))?\.(s?html?)$/.exec(file);
      if (file === '' || (pm && pm[2] === ext)) {
        const n = pm?.[1] ? Number(pm[1]) : 0;
        if (nested && dir === root) return n === 0 ? rootPage() : null;
        if (columns().includes(dir)) return listPage(dir, n);
        return null;
      }
      const am = ARTICLE.exec(path);
      if (am) {
        const item = model.byId(Number(am[4]));
        if (!item || articlePath(item) !== path) return notFound(model);
        return articleResponse(model, item, item.attachment ? `./${fileRel(item)}` : undefined);
      }
      if (FILE.test(path)) {
        const item = model.reports().find((r) => r.attachment && filePath(r) === path);
        return item ? attachmentResponse(model, item) : notFound(model);
      }
      return null;
    },
  };
}
