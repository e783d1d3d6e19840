// Hanweb JCMS simulator: /col/colC/index.html with an inline <datastore> of the first
// records and totalRecord; POST {dataproxy}?startrecord=&endrecord= for the rest (the path the
// config's params name: /module/jpage/ on Zhejiang sites, /module/web/jpage/ elsewhere, also
// written in the page's jpage proxyUrl); reports before 2019 sit in per-year sub-columns linked
// from the column ("2017年"); with params.annual_report the module
// /module/xxgk/xxgkAnnualReport.jsp?area=…&fbtime=YYYY answers that year's report itself; articles
// /art/Y/M/D/art_C_ID.html; files via module/download/downfile.jsp.
import type { SiteModel, CatalogItem } from './catalog.js';
import { articleResponse, attachmentResponse, esc, htmlResponse, notFound, shell, trapResponse } from './html.js';
import type { Portal, PortalRequest, PortalResponse } from './types.js';

/** Records shown in the column page itself; the rest need data calls. */
const INLINE = 5;
/** Reports before this year are listed in their year's sub-column, not in the column itself. */
const SUBCOLUMN_BEFORE = 2019;

export function hanwebPortal(model: SiteModel): Portal {
  const site = model.site;
  const p = site.params as Record<string, unknown>;
  const start = new URL(site.start_urls[0]);
  const column = /\/col\/col(\d+)\//.exec(start.pathname)?.[1] ?? String((p.columns as unknown[] | undefined)?.[0] ?? '1');
  const webid = String(p.webid ?? '1');
  const unitid = String(p.unitid ?? '1');
  const webname = String(p.webname ?? site.name);
  const perpage = Number(p.perpage ?? 15);
  const DATAPROXY = String(p.dataproxy ?? '/module/web/jpage/dataproxy.jsp');
  const annual = p.annual_report as { area: string; path?: string } | undefined;
  const moduleOf = annual ? (annual.path ?? '/module/xxgk/xxgkAnnualReport.jsp') : null;
  const yearColumn = (y: number) => String(Number(column) + 100 + (y % 100));
  const inYearColumn = (i: CatalogItem) => i.kind === 'report' && i.year < SUBCOLUMN_BEFORE;
  const columnItems = () => model.listed().filter((i) => !inYearColumn(i));
  const years = () => [...new Set(model.reports().filter(inYearColumn).map((r) => r.year))].sort((a, b) => b - a);
  const origin = start.origin;
  const columnPath = `/col/col${column}/index.html`;

  const articlePath = (item: CatalogItem) => {
    const [y, m, d] = item.date.split('-').map(Number);
    const col = inYearColumn(item) ? yearColumn(item.year) : column;
    return item.kind === 'trap' ? `/preview/art/${y}/${m}/${d}/art_${column}_${item.id}.html` : `/art/${y}/${m}/${d}/art_${col}_${item.id}.html`;
  };
  const fileName = (item: CatalogItem) => `${item.date.replace(/-/g, '')}${item.id}.${item.attachment}`;
  const filePath = (item: CatalogItem) => `/module/download/downfile.jsp?classid=0&filename=${fileName(item)}`;
  const record = (item: CatalogItem) => {
    const shown = item.title.length > 24 ? `${item.title.slice(0, 23)}…` : item.title;
    const a = model.broken ? `<span class="bt">${esc(shown)}</span>` : `<a href="${articlePath(item)}" title="${esc(item.title)}" target="_blank">${esc(shown)}</a>`;
    return `<record><![CDATA[<li>${a}<span>${item.date}</span></li>]]></record>`;
  };
  const nextgroup = () => {
    const q = new URLSearchParams({ page: '1', appid: '1', webid, path: '/', columnid: column, unitid, webname, permissiontype: '0' });
    return `<nextgroup><![CDATA[<a href="${DATAPROXY}?${q.toString().replace(/&/g, '&amp;')}"></a>]]></nextgroup>`;
  };

  function columnPage(): PortalResponse {
    const items = columnItems();
    const recs = items.slice(0, INLINE).map(record).join('\n');
    const subs = years().map((y) => `<li><a href="/col/col${yearColumn(y)}/index.html">${y}年</a></li>`).join('');
    const main = `<div class="lm-title">政府信息公开年报</div>
<ul class="year-tabs">${subs}</ul>
<div class="search"><a href="/module/search/index.jsp?field_1=年度报告&amp;webid=${webid}">站内搜索</a></div>
<div id="${unitid}"><script type="text/xml"><datastore>${nextgroup()}<recordset>
${recs}
</recordset></datastore></script><div class="default_pgContainer"></div></div>
<script type="text/javascript" src="/module/web/jpage/jquery.jpage.js"></script>
<script type="text/javascript">
$('#${unitid}').jpage({ dataStore: null, proxyUrl: '${DATAPROXY}', perPage: ${perpage}, groupSize: 3, totalRecord: ${items.length}, ajaxParam: { col: 1, appid: 1, webid: ${webid}, path: '/', columnid: ${column}, sourceContentType: 1, unitid: ${unitid}, webname: '${esc(webname)}', permissiontype: 0 } });
</script>`;
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['政府信息公开', '政府信息公开年报'], main }), items[1]?.date);
  }

  function dataproxy(req: PortalRequest): PortalResponse {
    const q = req.url.searchParams;
    const form = new URLSearchParams(req.body);
    const col = form.get('columnid') ?? q.get('columnid');
    const items = col === column ? columnItems() : [];
    const s = Math.max(1, Number(q.get('startrecord') ?? form.get('startrecord') ?? '1') || 1);
    const e = Math.min(items.length, Number(q.get('endrecord') ?? form.get('endrecord') ?? String(s + perpage * 3 - 1)) || 0);
    const per = Number(q.get('perpage') ?? perpage) || perpage;
    const recs = items.slice(s - 1, e).map(record).join('\n');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<datastore>${nextgroup()}<recordset>
${recs}
</recordset><totalrecord>${items.length}</totalrecord><totalpage>${Math.ceil(items.length / per)}</totalpage></datastore>`;
    return { status: 200, contentType: 'text/xml;charset=UTF-8', body: Buffer.from(xml, 'utf8'), headers: { 'Cache-Control': 'no-cache' } };
  }

  /** A year's sub-column: a static list of that year's report (Hanweb writes small columns inline). */
  function yearPage(y: number): PortalResponse {
    const items = model.reports().filter((r) => inYearColumn(r) && r.year === y);
    const rows = items.map((i) => `<li><a href="${articlePath(i)}" title="${esc(i.title)}" target="_blank">${esc(i.title)}</a><span>${i.date}</span></li>`).join('');
    return htmlResponse(model, shell(model, { title: `${y}年`, crumbs: ['政府信息公开年报', `${y}年`], main: `<ul class="list">${model.broken ? '' : rows}</ul>` }), items[0]?.date);
  }

  /** The annual-report module: its page is the report of one year (fbtime) of the area. */
  function modulePage(req: PortalRequest): PortalResponse {
    const y = Number(req.url.searchParams.get('fbtime'));
    const item = req.url.searchParams.get('area') === annual?.area ? model.reports().find((r) => r.year === y) : undefined;
    return item ? articleResponse(model, item, item.attachment ? filePath(item) : undefined) : notFound(model);
  }

  const ART = /^\/art\/(\d{4})\/(\d{1,2})\/(\d{1,2})\/art_(\d+)_(\d+)\.html$/;

  return {
    siteId: site.id,
    hosts: [start.hostname],
    model,
    disallow: ['/preview/', '/module/search/'],
    urlOf: (item) => new URL(articlePath(item), origin).toString(),
    attachmentUrlOf: (item) => (item.attachment ? new URL(filePath(item), origin).toString() : undefined),
    handle(req) {
      const path = req.url.pathname;
      if (path === '/' || path === '/index.html') {
        return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: `<ul><li><a href="${columnPath}">政府信息公开年报</a></li></ul>` }));
      }
      if (path === columnPath || path === `/col/col${column}/`) return columnPage();
      if (path === DATAPROXY) return dataproxy(req);
      if (moduleOf && path === moduleOf) return modulePage(req);
      const ym = /^\/col\/col(\d+)\/(index\.html)?$/.exec(path);
      if (ym) {
        const y = years().find((yy) => yearColumn(yy) === ym[1]);
        if (y !== undefined) return yearPage(y);
      }
      if (path.startsWith('/preview/')) return trapResponse(model);
      const m = ART.exec(path);
      if (m) {
        const item = model.byId(Number(m[5]));
        if (!item || articlePath(item) !== path) return notFound(model);
        return articleResponse(model, item, item.attachment ? filePath(item) : undefined);
      }
      if (path === '/module/download/downfile.jsp') {
        const fn = req.url.searchParams.get('filename') ?? '';
        const item = model.reports().find((r) => r.attachment && fileName(r) === fn);
        return item ? attachmentResponse(model, item) : notFound(model);
      }
      return null;
    },
  };
}
