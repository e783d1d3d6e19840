// gkmlpt simulator (Guangdong 政府信息公开目录): script-drawn HTML entry pages carrying the column
// tree in window._CONFIG (the annual-report column has a site-specific id), the JSON API
// /gkmlpt/api/all/{cat}?page=N&sid=SID, articles /gkmlpt/content/X/Y/post_ID.html and files
// under /attachment/. Category 0 ("all") also lists many unrelated documents. When a start URL
// is a portal column (/home/…/), the 2021 report is published there instead (as 江门 did).
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, htmlResponse, notFound, shell, trapResponse } from './html.js';
import type { Portal, PortalResponse } from './types.js';

const FILLER_TITLES = ['关于印发{r}优化营商环境若干措施的通知', '{r}人民政府关于调整部分行政许可事项的决定', '{r}{y}年国民经济和社会发展统计公报', '关于公布{r}{y}年度行政规范性文件清理结果的通知', '{r}{y}年财政预算执行情况', '关于开展{y}年安全生产大检查的通知'];
const FILLERS = 150;

export function gkmlptPortal(model: SiteModel): Portal {
  const site = model.site;
  const p = site.params as Record<string, unknown>;
  const origin = new URL(site.homepage).origin;
  const host = new URL(site.homepage).hostname;
  const sid = String(p.sid ?? '0');
  const annualCat = String(2000 + (model.idOf('annual-category', 4) % 8000));
  const cats = ((p.categories as unknown[] | undefined) ?? [annualCat]).map(String);
  const pageSize = Number(p.page_size ?? 100);
  const portalColumn = site.start_urls.map((u) => new URL(u)).find((u) => /^\/home\/\w+\/$/.test(u.pathname))?.pathname;
  const inColumn = (i: CatalogItem) => !!portalColumn && i.kind === 'report' && i.year === 2021;
  const listed = () => model.listed().filter((i) => !inColumn(i));

  const fillers = (): CatalogItem[] =>
    Array.from({ length: FILLERS }, (_, i) => {
      const year = 2016 + (i % 8);
      const title = FILLER_TITLES[i % FILLER_TITLES.length].replace('{r}', model.region).replace('{y}', String(year));
      const month = 1 + (i % 12), day = 1 + (i % 27);
      return { key: `f${i}`, kind: 'notice' as const, index: -1, year, title, date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, id: model.idOf(`f${i}`) };
    });
  const itemsOf = (cat: string): CatalogItem[] | null => {
    if (cat === '0') return [...listed(), ...fillers()].sort((a, b) => (a.kind === 'trap' ? -1 : b.kind === 'trap' ? 1 : a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
    return cats.includes(cat) ? listed() : null;
  };
  const contentPath = (item: CatalogItem) => {
    if (inColumn(item)) return `${portalColumn}content/post_${item.id}.html`;
    const path = `/gkmlpt/content/${Math.floor(item.id / 1_000_000)}/${Math.floor(item.id / 1000)}/post_${item.id}.html`;
    return item.kind === 'trap' ? `/preview${path}` : path;
  };
  const filePath = (item: CatalogItem) => {
    const fid = model.idOf(`${item.key}/file`);
    return `/attachment/0/${Math.floor(fid / 10000)}/${Math.floor(fid / 10)}/${item.id}.${item.attachment}`;
  };

  function api(cat: string, page: number, sidQ: string | null): PortalResponse {
    const all = sidQ === sid ? itemsOf(cat) ?? [] : [];
    const slice = all.slice((page - 1) * pageSize, page * pageSize);
    const articles = slice.map((item) => {
      const t = Math.floor(Date.parse(`${item.date}T09:30:00+08:00`) / 1000);
      const a: Record<string, unknown> = { id: item.id, title: item.title, publisher: `${model.region}人民政府办公室`, first_publish_time: t, date: t, identifier: `${model.idOf(item.key, 6)}-${item.year}-${String(item.id).slice(-5)}` };
      if (!model.broken) a.url = new URL(contentPath(item), origin).toString();
      return a;
    });
    const json = JSON.stringify({ articles, total: all.length, classify: { id: Number(cat), name: cat === '0' ? '全部' : '政府信息公开年报' } });
    return { status: 200, contentType: 'application/json;charset=UTF-8', body: Buffer.from(json, 'utf8'), modified: model.modified(all[1]?.date) };
  }

  const entry = (title: string) =>
    htmlResponse(model, shell(model, {
      title, crumbs: ['政府信息公开', title],
      main: `<div id="app"><div class="loading">加载中…</div></div>\n<script src="/gkmlpt/static/js/app.js"></script>\n<script>window._CONFIG = ${JSON.stringify({
        SID: sid, APP_URL: '',
        TREE: [
          { id: Number(annualCat) - 7, name: '政策文件', parent: 0, children: [{ id: Number(annualCat) - 6, name: '市政府文件', parent: Number(annualCat) - 7 }] },
          { id: Number(annualCat) - 3, name: '政府信息公开', parent: 0, children: [{ id: Number(annualCat), name: '政府信息公开年报', parent: Number(annualCat) - 3, post_count: listed().length }] },
        ],
      })};</script>`,
    }));

  return {
    siteId: site.id,
    hosts: [host],
    model,
    disallow: ['/preview/', '/gkmlpt/search'],
    urlOf: (item) => new URL(contentPath(item), origin).toString(),
    attachmentUrlOf: (item) => (item.attachment ? new URL(filePath(item), origin).toString() : undefined),
    handle(req) {
      const path = req.url.pathname;
      if (path === '/gkmlpt/index' || path === '/gkmlpt/' || path === '/gkmlpt') return entry('政府信息公开目录');
      if (path === '/gkmlpt/annualreport') return entry('政府信息公开年报');
      const am = /^\/gkmlpt\/api\/all\/(\d+)$/.exec(path);
      if (am) return api(am[1], Math.max(1, Number(req.url.searchParams.get('page') ?? '1') || 1), req.url.searchParams.get('sid'));
      if (path.startsWith('/preview/')) return trapResponse(model);
      const cm = /^\/gkmlpt\/content\/\d+\/\d+\/post_(\d+)\.html$/.exec(path);
      if (cm) {
        const id = Number(cm[1]);
        const item = model.byId(id) ?? fillers().find((f) => f.id === id);
        if (!item || contentPath(item) !== path) return notFound(model);
        return articleResponse(model, item, item.attachment ? filePath(item) : undefined);
      }
      if (path.startsWith('/attachment/')) {
        const item = model.reports().find((r) => r.attachment && filePath(r) === path);
        return item ? attachmentResponse(model, item) : notFound(model);
      }
      if (portalColumn && path === portalColumn) {
        const rows = [...model.reports().filter(inColumn), ...model.notices()].map((i) => `<li><a href="${contentPath(i)}" title="${i.title}">${i.title}</a><span>${i.date}</span></li>`).join('');
        return htmlResponse(model, shell(model, { title: '通知公告', crumbs: ['通知公告'], main: `<ul class="list">${model.broken ? '' : rows}</ul>` }));
      }
      const pc = portalColumn ? new RegExp(`^${portalColumn}content/post_(\\d+)\\.html$`).exec(path) : null;
      if (pc) {
        const item = model.byId(Number(pc[1]));
        return item && contentPath(item) === path ? articleResponse(model, item, item.attachment ? filePath(item) : undefined) : notFound(model);
      }
      if (path === '/') return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: '<ul><li><a href="/gkmlpt/index">政府信息公开目录</a></li></ul>' }));
      return null;
    },
  };
}
