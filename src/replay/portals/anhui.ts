// Anhui simulator, both platforms of one city as the real ones answer:
// - the old PHP disclosure site (a start URL with list.php): a unit page list.php?unit=U whose
//   category links include 信息公开年报 (list.php?unit=U&xxflid=N), rows `.f-title > a` linking
//   relative gknb_show.php?id=… (reports) or show.php?id=… (others), pages &page=N with a
//   最后一页 link; reports up to 2018 live here.
// - the /public/ platform (a start URL with /public/column/{organId}): the organ's page links its
//   columns (…&catId=N); a column page is a shell with siteId and pageCount in its script, its rows
//   come from /site/label/8888?…labelName=publicInfoList…&pageIndex=N (an HTML fragment) and link
//   /public/{organId}/{id}.html; reports from 2019 live here.
import type { CatalogItem, SiteModel } from './catalog.js';
import { articleResponse, attachmentResponse, esc, htmlResponse, notFound, shell, trapResponse } from './html.js';
import type { Portal, PortalRequest, PortalResponse } from './types.js';

const SPLIT_YEAR = 2019;

export function anhuiPortal(model: SiteModel): Portal {
  const site = model.site;
  const oldStart = site.start_urls.map((u) => new URL(u)).find((u) => /\/(all_)?list\.php$/.test(u.pathname));
  const newStart = site.start_urls.map((u) => new URL(u)).find((u) => /^\/public\/column\/\d+/.test(u.pathname));
  const oldOrigin = oldStart?.origin;
  const newOrigin = newStart?.origin;
  const unit = oldStart?.searchParams.get('unit') ?? 'HA002';
  const xxflid = String(31000000 + (model.idOf('xxflid', 4) % 1000) * 100);
  const organ = newStart ? /^\/public\/column\/(\d+)/.exec(newStart.pathname)![1] : '1';
  const catId = String(model.idOf('catId', 8));
  const siteId = String(model.idOf('siteId', 8));
  const pageSize = 15;

  const onOld = (item: CatalogItem) => !!oldOrigin && (!newOrigin || item.year < SPLIT_YEAR);
  // Notices live on the newer platform when there is one.
  const items = (old: boolean) => model.listed().filter((i) => i.kind === 'trap' || (i.kind === 'report' ? onOld(i) === old : old === !newOrigin));
  const oldArticle = (i: CatalogItem) => `/${i.kind === 'report' ? 'gknb_show' : 'show'}.php?id=${model.idOf(i.key, 4)}`;
  const newArticle = (i: CatalogItem) => `/public/${organ}/${model.idOf(i.key, 10)}.html`;
  const articlePath = (i: CatalogItem) => (i.kind === 'trap' ? `/preview/gknb_show.php?id=${i.id}` : i.kind === 'report' ? (onOld(i) ? oldArticle(i) : newArticle(i)) : newOrigin ? newArticle(i) : oldArticle(i));
  const originOf = (i: CatalogItem) => (i.kind === 'trap' ? (oldOrigin ?? newOrigin)! : i.kind === 'report' ? (onOld(i) ? oldOrigin : newOrigin)! : (newOrigin ?? oldOrigin)!);
  const hex = (i: CatalogItem) => (model.idOf(`${i.key}/file`, 9) * 7919).toString(16).padStart(8, '0');
  const filePath = (i: CatalogItem) => (onOld(i) ? `/uploadfile/${i.year + 1}/${hex(i)}.${i.attachment}` : `/group1/M00/0${i.year % 10}/${hex(i).slice(0, 2).toUpperCase()}/${hex(i)}.${i.attachment}`);
  const linkOf = (i: CatalogItem) => (i.fileOnly ? filePath(i) : articlePath(i));
  const crumbs = ['市政府办公室', '信息公开年报'];

  function row(i: CatalogItem, href: string): string {
    const a = model.broken ? `<span>${esc(i.title)}</span>` : `<a href="${esc(href)}" target="_blank" title="${esc(i.title)}">${esc(i.title)}</a>`;
    return `<tr><td class="f-title">${a}</td><td class="f-date">[${i.date}]</td></tr>`;
  }

  function oldList(url: URL): PortalResponse | null {
    if (url.searchParams.get('unit') !== unit) return null;
    const xf = url.searchParams.get('xxflid');
    if (!xf) {
      const nav = [['31100000', '工作动态'], [xxflid, '信息公开年报'], ['31300000', '规范性文件']]
        .map(([id, name]) => `<li><a href="list.php?unit=${unit}&amp;xxflid=${id}">${name}</a></li>`).join('');
      return htmlResponse(model, shell(model, { title: '市政府办公室', crumbs: ['市政府办公室'], main: `<ul class="unit-nav">${nav}</ul>` }));
    }
    const rows = xf === xxflid ? items(true) : [];
    const pages = model.pages(rows, 3);
    const n = Number(url.searchParams.get('page') ?? '1');
    if (!Number.isInteger(n) || n < 1 || n > pages.length) return null;
    const href = (k: number) => `${url.pathname.slice(1)}?unit=${unit}&amp;xxflid=${xf}&amp;page=${k}`;
    const body = pages[n - 1].map((i) => row(i, i.kind === 'trap' ? articlePath(i) : linkOf(i).replace(/^\//, ''))).join('\n');
    const pager = `<div class="pages">${n > 1 ? `<a href="${href(n - 1)}">上一页</a>` : ''}${n < pages.length ? `<a href="${href(n + 1)}">下一页</a>` : ''}<a href="${href(pages.length)}">最后一页</a> 共${pages.length}页</div>`;
    return htmlResponse(model, shell(model, { title: '信息公开年报', crumbs, main: `<table class="list-tab"><tr><th>名称</th><th>日期</th></tr>\n${body}\n</table>\n${pager}` }), pages[n - 1][1]?.date);
  }

  function organPage(url: URL): PortalResponse {
    const cat = url.searchParams.get('catId');
    if (!cat) {
      const nav = [[String(Number(catId) - 10), '工作动态'], [catId, '政府信息公开年报'], [String(Number(catId) + 10), '政策解读']]
        .map(([id, name]) => `<li><a href="/public/column/${organ}?type=4&amp;action=list&amp;nav=3&amp;catId=${id}">${name}</a></li>`).join('');
      return htmlResponse(model, shell(model, { title: '政府信息公开', crumbs: ['政府信息公开'], main: `<ul class="xxgk_nav">${nav}</ul>` }));
    }
    const rows = cat === catId ? items(false) : [];
    const pageCount = model.pages(rows, pageSize).length;
    const main = `<div class="xxgk_title">政府信息公开年报</div>
<div class="xxgk_navli_box" id="xxgk_lmcon"><div class="loading">正在加载中...</div></div>
<script type="text/javascript">
var pageConfig = { siteId: ${siteId}, organId: ${organ}, catId: ${cat}, pageSize: ${pageSize}, pageCount:${pageCount} };
$('#xxgk_lmcon').load('/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId=${siteId}&organId=${organ}&catId=${cat}&pageSize=${pageSize}&pageIndex=1');
</script>`;
    return htmlResponse(model, shell(model, { title: '政府信息公开年报', crumbs: ['政府信息公开', '政府信息公开年报'], main }), rows[1]?.date);
  }

  function label(req: PortalRequest): PortalResponse {
    const q = req.url.searchParams;
    const ok = q.get('labelName') === 'publicInfoList' && q.get('siteId') === siteId && q.get('organId') === organ && q.get('catId') === catId;
    const size = Number(q.get('pageSize')) || pageSize;
    const pages = model.pages(ok ? items(false) : [], size);
    const n = (Number(q.get('pageIndex')) || 1) - 1;
    const rows = n < pages.length ? pages[n] : [];
    const html = rows.length
      ? rows.map((i) => `<div class="xxgk_navli"><span class="bt">${model.broken ? esc(i.title) : `<a href="${esc(i.kind === 'trap' ? articlePath(i) : linkOf(i))}" title="${esc(i.title)}">${esc(i.title)}</a>`}</span><span class="date">${i.date}</span></div>`).join('\n')
      : '<div class="xxgk_navli">暂无相关信息</div>';
    return { status: 200, contentType: 'text/html;charset=UTF-8', body: Buffer.from(html, 'utf8'), headers: { 'Cache-Control': 'no-cache' }, dynamic: true };
  }

  const hosts = [...new Set([oldStart?.hostname, newStart?.hostname].filter((h): h is string => !!h))];
  return {
    siteId: site.id,
    hosts,
    model,
    disallow: ['/preview/'],
    urlOf: (i) => new URL(linkOf(i), originOf(i)).toString(),
    attachmentUrlOf: (i) => (i.attachment ? new URL(filePath(i), originOf(i)).toString() : undefined),
    handle(req) {
      const url = req.url;
      const path = url.pathname;
      const isOld = !!oldStart && url.hostname === oldStart.hostname;
      if (path.startsWith('/preview/')) return trapResponse(model);
      if (isOld && /^\/(all_)?list\.php$/.test(path)) return oldList(url);
      if (!isOld && path === `/public/column/${organ}`) return organPage(url);
      if (!isOld && path === '/site/label/8888') return label(req);
      for (const i of model.listed()) {
        if (i.kind === 'trap' || new URL(originOf(i)).hostname !== url.hostname) continue;
        if (articlePath(i) === path + url.search) return articleResponse(model, i, i.attachment ? filePath(i) : undefined);
        if (i.attachment && filePath(i) === path) return attachmentResponse(model, i);
      }
      if (path === '/' || path === '/index.html') return htmlResponse(model, shell(model, { title: '首页', crumbs: [], main: '<p>首页</p>' }));
      return notFound(model);
    },
  };
}
