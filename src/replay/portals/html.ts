// Page furniture shared by the simulators: the portal shell (header, breadcrumbs, footer
// with a view counter that changes with the chrome variant), encoding per site, and the
// standard answers (article, attachment, trap, not found).
import iconv from 'iconv-lite';
import type { CatalogItem, SiteModel } from './catalog.js';
import { CONTENT_TYPES, contentDisposition, makeDocx, makePdf } from './files.js';
import { noticePage, reportPage, textLines, withSnippet } from './reports.js';
import type { PortalResponse } from './types.js';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Content-Type of this site's HTML: a GBK site declares nothing in the header. */
export function htmlType(model: SiteModel): string {
  return model.profile.encoding === 'gbk' ? 'text/html' : 'text/html; charset=utf-8';
}

export function encodeHtml(model: SiteModel, html: string): Buffer {
  return model.profile.encoding === 'gbk' ? iconv.encode(html, 'gbk') : Buffer.from(html, 'utf8');
}

export function htmlResponse(model: SiteModel, html: string, modifiedDate?: string, status = 200): PortalResponse {
  return { status, contentType: htmlType(model), body: encodeHtml(model, html), modified: status === 200 ? model.modified(modifiedDate) : undefined };
}

export interface ShellOpts {
  title: string;
  crumbs: string[];
  main: string;
  /** Extra markup for <head> (scripts). */
  head?: string;
  /** Whether the page declares its charset in <meta> (GBK pages sometimes do not). */
  declareCharset?: boolean;
}

/** A portal page around `main`: header, navigation, breadcrumbs and a footer. */
export function shell(model: SiteModel, o: ShellOpts): string {
  const gbk = model.profile.encoding === 'gbk';
  const meta = o.declareCharset === false ? '' : gbk ? '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' : '<meta charset="utf-8">';
  const home = new URL('/', model.site.homepage).pathname;
  const views = 10_000 + model.chromeVariant * 137 + (model.seed % 97);
  return `<!DOCTYPE html>
<html lang="zh-CN"><head>${meta}
<title>${esc(o.title)}_${esc(model.issuer)}</title>
<meta name="SiteName" content="${esc(model.issuer)}">
${o.head ?? ''}</head>
<body>
<div class="header"><a href="${home}">${esc(model.issuer)}</a>
<ul class="nav"><li><a href="${home}">首页</a></li><li><a href="${home}">政务公开</a></li><li><a href="${home}">政务服务</a></li><li><a href="${home}">互动交流</a></li></ul></div>
<div class="crumbs">当前位置：<a href="${home}">首页</a>${o.crumbs.map((c) => ` &gt; <span>${esc(c)}</span>`).join('')}</div>
<div class="main">
${o.main}
</div>
<div class="footer"><p>主办：${esc(model.issuer)}办公室</p><p>网站标识码 ${(model.seed % 9000) + 1000}</p><p>本站访问量：<span id="views">${views}</span></p><p>技术支持：ogi-archive replay（模拟）</p></div>
</body></html>
`;
}

/** A list item as portals write them: full title in title=, cut visible text, date. */
export function listItem(model: SiteModel, href: string | null, item: CatalogItem): string {
  const shown = item.title.length > 24 ? `${item.title.slice(0, 23)}…` : item.title;
  if (model.broken || href === null) return `<li><span class="title" onclick="return false">${esc(shown)}</span><span class="date">${item.date}</span></li>`;
  return `<li><a href="${esc(href)}" title="${esc(item.title)}" target="_blank">${esc(shown)}</a><span class="date">${item.date}</span></li>`;
}

/** Page-number links: 首页 上一页 1 2 … 下一页 尾页 (hrefs from `hrefOf(pageIndex)`). */
export function pager(count: number, current: number, hrefOf: (page: number) => string): string {
  if (count <= 1) return '';
  const a = (p: number, text: string) => `<a href="${esc(hrefOf(p))}">${text}</a>`;
  const parts = [a(0, '首页')];
  if (current > 0) parts.push(a(current - 1, '上一页'));
  for (let p = 0; p < count; p++) parts.push(p === current ? `<span class="current">${p + 1}</span>` : a(p, String(p + 1)));
  if (current < count - 1) parts.push(a(current + 1, '下一页'));
  parts.push(a(count - 1, '尾页'));
  return `<div class="page">${parts.join(' ')} 共${count}页</div>`;
}

/** An article page: a report (with its attachment link) or a notice. */
export function articleResponse(model: SiteModel, item: CatalogItem, attachmentHref?: string): PortalResponse {
  if (item.kind === 'trap') return trapResponse(model);
  if (item.kind === 'notice') {
    const p = noticePage(model, item);
    return { status: 200, contentType: p.contentType, body: p.bytes, modified: model.modified(item.date) };
  }
  const p = reportPage(model, item);
  let body = p.bytes;
  if (item.attachment && attachmentHref) {
    const name = `${item.title}.${item.attachment}`;
    body = withSnippet(p, `<div class="attachments"><p>附件：<a href="${esc(attachmentHref)}" title="${esc(name)}">${esc(name)}</a></p></div>\n`, model.profile.encoding);
  }
  return { status: 200, contentType: p.contentType, body, modified: model.modified(item.date) };
}

/** The attachment of a report: a PDF or DOCX, named in Chinese. */
export function attachmentResponse(model: SiteModel, item: CatalogItem): PortalResponse {
  const ext = item.attachment ?? 'pdf';
  const rev = model.revisionOf(item.index);
  const body = ext === 'docx'
    ? makeDocx(textLines(reportPage(model, item).html))
    : makePdf([`${model.site.id} ${item.year} government information disclosure annual report`, `revision ${rev}`, `published ${item.date}`]);
  return {
    status: 200,
    contentType: CONTENT_TYPES[ext],
    body,
    headers: { 'Content-Disposition': contentDisposition(`${item.title}.${ext}`, `report-${item.year}.${ext}`) },
    modified: model.modified(item.date),
  };
}

/** What the robots-disallowed trap path answers (a crawler that obeys robots never sees it). */
export function trapResponse(model: SiteModel): PortalResponse {
  return htmlResponse(model, shell(model, { title: '内部校对稿', crumbs: ['内部'], main: '<p>内部校对稿，请勿抓取。</p>' }));
}

/** A plain 404 page in the site's chrome. */
export function notFound(model: SiteModel): PortalResponse {
  return htmlResponse(model, shell(model, { title: '页面不存在', crumbs: ['404'], main: '<p>您访问的页面不存在或已被删除。</p>' }), undefined, 404);
}

/** YYYYMM and YYYYMMDD parts of a date. */
export function ymd(date: string): { y: string; m: string; d: string; ym: string; ymd: string } {
  const [y, m, d] = date.split('-');
  return { y, m, d, ym: `${y}${m}`, ymd: `${y}${m}${d}` };
}
