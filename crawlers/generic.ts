// Generic dialect, for platforms no other dialect knows: report links are recognised by their
// titles (an annual-report title with a year) or the site's patterns; on a page that is an
// annual-report column, links to detail pages whose text names a year are reports too.
// Pagination is read from the usual pager shapes: 下一页/尾页/page-number links, index_N.html,
// page=N / pageIndex=N / pageNo=N query parameters (the whole range up to the last page is
// queued), and createPageHTML(...) / countPage scripts. A start page that is no report column
// (a homepage, a 政府信息公开 page) leads to the columns it names; a report column to its per-year
// and per-department sub-columns. Lists drawn in the browser are read through the engine's
// `render: browser`; this dialect then sees the rendered HTML.
import * as cheerio from 'cheerio';
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isAttachmentUrl, isParsable, maxDepth, reportRequests, yearOf, type PageLink } from './links.js';
import { parseTrsPaging, trsPageUrls } from './trs.js';

const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const genericParams = z.strictObject({
  /** Regular expression a list page's URL matches. */
  pagination: regex.default(PAGER_URL_SOURCE()),
  /** Regular expression a pagination link's text matches. */
  pagination_text: regex.default('^(下一页|下页|后页|尾页|末页|最后一页|next|›|»|>>?|\\d{1,4})$'),
  /** Regular expression naming an annual-report column in a page's title, heading or breadcrumb. */
  column_words: regex.default('(信息公开|政务公开)(工作)?(年度报告|年报|工作报告)|年度报告|工作年报|公开年报'),
  /** Upper bound on the list pages generated from one pager (its last page number). */
  max_pages: z.number().int().min(1).max(10_000).default(200),
  /** Follow pagination only on the start page's host. */
  same_host: z.boolean().default(true),
  /** From pages that are no report column (a homepage as start URL), follow links that name an annual-report column. */
  follow_columns: z.boolean().default(true),
  max_depth: z.number().int().min(0).optional(),
});
export type GenericParams = z.infer<typeof genericParams>;

function PAGER_URL_SOURCE(): string {
  return '(?:^|/)(?:index|list|default|Index|List)_\\d+\\.(?:s?html?|aspx?|jsp|php)$|[?&](?:page|pageIndex|pageNo|pageNum|pagenum|curpage|currentPage|p|pn)=\\d+';
}

/** A page-number shape of a pager URL: where the number sits, so sibling pages can be written. */
interface PagerShape {
  /** The URL with the page number replaced by {n}. */
  template: string;
  n: number;
}

const QUERY_PAGE = /([?&])(page|pageIndex|pageNo|pageNum|pagenum|curpage|currentPage|p|pn)=(\d+)/;
const PATH_PAGE = /_(\d+)(\.(?:s?html?|aspx?|jsp|php))$/;

/** The page number in a pager URL and the template of its siblings, or null. */
export function pagerShape(url: string): PagerShape | null {
  const u = new URL(url);
  const q = QUERY_PAGE.exec(u.search);
  if (q) {
    const search = u.search.replace(QUERY_PAGE, `${q[1]}${q[2]}={n}`);
    return { template: `${u.origin}${u.pathname}${search}`, n: Number(q[3]) };
  }
  const p = PATH_PAGE.exec(u.pathname);
  if (p) return { template: `${u.origin}${u.pathname.replace(PATH_PAGE, `_{n}${p[2]}`)}${u.search}`, n: Number(p[1]) };
  return null;
}

const LAST_TEXT = /^(尾页|末页|最后一页|尾\s*页|last|»»?)$/i;

/** Pagination links on a page: by URL shape with a short label, or by pager text on the same host. */
export function pagerLinks(links: readonly PageLink[], pageUrl: string, p: GenericParams): PageLink[] {
  const urlRe = new RegExp(p.pagination);
  const textRe = new RegExp(p.pagination_text, 'i');
  const here = new URL(pageUrl);
  return links.filter((l) => {
    const u = new URL(l.url);
    if (p.same_host && u.host !== here.host) return false;
    if (u.toString() === here.toString() || isAttachmentUrl(l.url, l.label)) return false;
    const label = l.label.replace(/\s+/g, '');
    if (urlRe.test(l.url)) return textRe.test(label) || !/[\u4e00-\u9fff]{6,}/.test(label);
    // A pager link in another shape (…/2.html, ?start=20): only by its text, and on the list's own folder.
    return textRe.test(label) && /\D/.test(label) && u.pathname.startsWith(here.pathname.replace(/[^/]*$/, ''));
  });
}

/** Every page between the pager's first and last, when a last-page link gives the count. */
export function pagerRange(links: readonly PageLink[], pageUrl: string, p: GenericParams): string[] {
  const shapes = links.map((l) => ({ l, s: pagerShape(l.url) })).filter((x): x is { l: PageLink; s: PagerShape } => x.s !== null);
  if (!shapes.length) return [];
  const byTemplate = new Map<string, { nums: number[]; last: number | null }>();
  for (const { l, s } of shapes) {
    const e = byTemplate.get(s.template) ?? { nums: [], last: null };
    e.nums.push(s.n);
    if (LAST_TEXT.test(l.label.replace(/\s+/g, ''))) e.last = Math.max(e.last ?? 0, s.n);
    byTemplate.set(s.template, e);
  }
  const out: string[] = [];
  const here = pagerShape(pageUrl);
  for (const [template, e] of byTemplate) {
    if (here && here.template === template) e.nums.push(here.n);
    const last = e.last ?? Math.max(...e.nums);
    const lo = Math.min(...e.nums);
    const first = lo <= 1 ? lo : 2;
    for (let n = first; n <= Math.min(last, first + p.max_pages - 1); n++) out.push(template.replace('{n}', String(n)));
  }
  return out;
}

/** True when the page (title, headings, breadcrumb, current column) names an annual-report column. */
export function isReportColumn(html: string, words: RegExp): boolean {
  const $ = cheerio.load(html);
  const bits = [
    $('title').text(),
    $('h1, h2, h3, .title, [class*=title], [class*=lm], [class*=crumb], [class*=position], [class*=location], .pos, .dqwz, .CurrChnlCls, [class*=current]').map((_, el) => $(el).text()).get().join(' '),
  ].join(' ').replace(/\s+/g, '');
  return words.test(bits);
}

/** A URL shaped like a document (detail) page of a CMS rather than a column, search or pager. */
export function looksLikeDetailUrl(url: string): boolean {
  const path = new URL(url).pathname;
  return /\/t\d{8}_\d+(_\w+)?\.s?html?$/.test(path)
    || /\/art\/\d{4}\/\d{1,2}\/\d{1,2}\/art_\d+_\d+\.html$/.test(path)
    || /\/(post|content|art|info|detail|show|view|article)[_-]?\d+\.\w+$/i.test(path)
    || /\/\d{4}[-/]?\d{2}([-/]?\d{2})?\/[\w-]{6,}\.s?html?$/.test(path)
    || /\/(Item|info|doc|content)\/(\d+\/)*\d+\.\w+$/i.test(path)
    || /\/[0-9a-f]{32}\.s?html?$/i.test(path)
    || /[?&](id|articleId|infoid|docid|contentId)=\d+/i.test(new URL(url).search);
}

/** A label that is little more than a year ("2019年度", "2015年（PDF）", "市政府2020年报告"). */
function yearOnly(t: string): boolean {
  const rest = t.replace(/(19|20)\d{2}|[〇○零一二三四五六七八九]{4}/, '')
    .replace(/年度|年|报告|年报|全文|下载|附件|PDF|pdf|WORD|word|DOCX?|docx?|[（）()【】\[\]：:·\-—]|政府信息公开|信息公开|政务公开|工作|人民政府|政府|办公室|办公厅/g, '');
  return rest.length <= 4;
}

/** A report title cut short by the list ("…政府信息公开工作年度报…"). */
function cutReportTitle(t: string): boolean {
  return /(…|\.\.\.)$/.test(t) && /(信息公开|政务公开|政府信息)/.test(t);
}

/** Links of an annual-report column page that lead to detail pages and name a year (titles cut short, "2019年度"). */
export function columnDetailLinks(links: readonly PageLink[], pageUrl: string): PageLink[] {
  const host = new URL(pageUrl).host;
  return links.filter((l) => {
    if (new URL(l.url).host !== host) return false;
    const t = l.label.replace(/\s+/g, '');
    if (!t || t.length > 60 || yearOf(t) === undefined) return false;
    if (/(通知|要点|解读|图解|读懂|会议|考核|评估|指南|目录|制度|方案|意见|新闻|动态)/.test(t)) return false;
    if (!looksLikeDetailUrl(l.url) && !isAttachmentUrl(l.url, l.label)) return false;
    return yearOnly(t) || cutReportTitle(t);
  });
}

/** Link text naming an annual-report column (政府信息公开年报, 信息公开年度报告, 年报 …). */
export const COLUMN_TEXT = /(政府信息公开|信息公开|政务公开|政府信息)(工作)?(年度报告|年报|工作报告)|^(年度报告|年报|工作年报|信息公开年报)$|年度报告$|年报$/;

/** Link text of a site's 政府信息公开 pages, where annual-report columns are usually linked. */
export const DISCLOSURE_TEXT = /^(政府信息公开|信息公开|政务公开|政府信息公开专栏|政府信息公开目录|政府信息公开平台|法定主动公开内容)$/;

/** Links of a start page to annual-report columns (or, with `disclosure`, to 政府信息公开 pages) on the site's own hosts. */
export function columnLinks(links: readonly PageLink[], pageUrl: string, disclosure = false): PageLink[] {
  const base = new URL(pageUrl).hostname.replace(/^www\./, '');
  return links.filter((l) => {
    const t = l.label.replace(/\s+/g, '');
    const h = new URL(l.url).hostname;
    if (!(h === base || h.endsWith(`.${base}`)) || l.url === pageUrl || isAttachmentUrl(l.url, l.label)) return false;
    return (t.length <= 30 && COLUMN_TEXT.test(t) && yearOf(t) === undefined) || (disclosure && DISCLOSURE_TEXT.test(t));
  });
}

/** Link texts of per-year and per-department sub-columns of an annual-report column. */
export const YEAR_SUB = /^(20\d{2})\s*(年|年度)?(报告|年报)?$/;
export const DEPT_SUB = /^(市直部门|市政府部门|部门|县市区|区县|县（市、区）|县区|乡镇|乡镇街道|街道|区县政府|市级部门)(政府信息公开)?(年报|年度报告)?$/;

/** Sub-column links of an annual-report column page (same host, not documents, not files). */
export function subColumnLinks(links: readonly PageLink[], pageUrl: string): PageLink[] {
  const host = new URL(pageUrl).host;
  return links.filter((l) => {
    const t = l.label.replace(/\s+/g, '');
    return new URL(l.url).host === host && l.url !== pageUrl && (YEAR_SUB.test(t) || DEPT_SUB.test(t)) && !looksLikeDetailUrl(l.url) && !isAttachmentUrl(l.url, l.label);
  });
}

/** The requests a list page leads to: reports, attachments and further list pages. */
export function genericListRequests(text: string, pageUrl: string, site: SiteConfig, p: GenericParams, depth: number, followPages: boolean): DiscoveredRequest[] {
  const links = extractLinks(text, pageUrl);
  const out = reportRequests(links, site, depth + 1);
  const seen = new Set(out.map((r) => r.url));
  const column = isReportColumn(text, new RegExp(p.column_words));
  if (column) {
    for (const l of columnDetailLinks(links, pageUrl)) {
      if (seen.has(l.url)) continue;
      seen.add(l.url);
      out.push({ url: l.url, kind: isAttachmentUrl(l.url, l.label) ? 'attachment' : 'report', method: 'GET', label: l.label, depth: depth + 1 });
    }
  }
  if (!followPages) return dedupe(out);
  if (column) for (const l of subColumnLinks(links, pageUrl)) if (!seen.has(l.url)) out.push({ url: l.url, kind: 'list', method: 'GET', label: l.label, depth: depth + 1 });
  // from a start page that is no report column (a homepage, a 政府信息公开 page): the columns it links
  if (!column && depth < 2 && p.follow_columns) for (const l of columnLinks(links, pageUrl, depth === 0)) if (!seen.has(l.url)) out.push({ url: l.url, kind: 'list', method: 'GET', label: l.label, depth: depth + 1 });
  const here = new URL(pageUrl).toString();
  const pages = new Set<string>();
  const paging = parseTrsPaging(text);
  if (paging) for (const u of trsPageUrls(pageUrl, paging, p.max_pages)) pages.add(u);
  const pager = pagerLinks(links, pageUrl, p);
  for (const u of pagerRange(pager, pageUrl, p)) pages.add(u);
  for (const l of pager) pages.add(l.url);
  for (const url of pages) {
    if (url === here || seen.has(url)) continue;
    out.push({ url, kind: 'list', method: 'GET', label: 'page', depth: depth + 1 });
  }
  return dedupe(out);
}

export const generic: Dialect<GenericParams> = {
  name: 'generic',
  params: genericParams,
  startRequests(site: SiteConfig): DiscoveredRequest[] {
    return site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
  },
  parse(ctx: PageContext, p: GenericParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    if (ctx.request.kind === 'report') return attachmentRequests(ctx.text, ctx.finalUrl, depth + 1);
    if (ctx.request.kind !== 'list') return [];
    const limit = maxDepth(ctx, p.max_depth, 10);
    return genericListRequests(ctx.text, ctx.finalUrl, ctx.site, p, depth, depth < limit);
  },
};
