// Anhui dialect: the province's two disclosure platforms.
// - The /public/ platform (2019 on): a column page /public/column/{organId}?type=4&action=list&catId=N
//   is an empty shell whose list a script fetches from the label API
//   /site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId=…&organId=…&catId=…
//   &pageSize=…&pageIndex=N (an HTML fragment); the shell carries pageCount. Articles are
//   /public/{organId}/{id}.html.
// - The older PHP site (xxgk.*): static lists list.php?unit=…&xxflid=… and
//   all_list.php?xxflid=…&page=N whose last page is the 最后一页 link; reports gknb_show.php?id=….
// A unit's page (list.php?unit=…) or an organ's page (/public/column/{organId} without catId) is
// read for its columns named 年报; other pages of the portal are read as plain link lists.
import { z } from 'zod';
import * as cheerio from 'cheerio';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isParsable, reportRequests, resolveUrl, type PageLink } from './links.js';
import { defaultLinklistParams, plainListRequests } from './linklist.js';

const idSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const anhuiParams = z.strictObject({
  /** siteId of the label API, when the column page does not name it. */
  site_id: idSchema.optional(),
  /** Rows per label call (the platform's pageSize). */
  page_size: z.number().int().min(1).max(200).default(15),
  /** The label's template (`file=` of the real calls), sent only when given. */
  label_file: z.string().optional(),
  /** Upper bound on list pages per column (label calls and PHP pages alike). */
  max_pages: z.number().int().min(1).max(1000).default(50),
});
export type AnhuiParams = z.infer<typeof anhuiParams>;

export const LABEL_PATH = '/site/label/8888';

/** What a /public/column/ shell says about its list: organ, category, site and page count. */
export interface PublicColumn { organId: string; catId: string; siteId?: string; pageCount?: number }

export function parsePublicColumn(url: string, text: string): PublicColumn | null {
  const u = new URL(url);
  const organ = /^\/public\/column\/(\d+)/.exec(u.pathname)?.[1];
  const catId = u.searchParams.get('catId');
  if (!organ || !catId) return null;
  const siteId = /\bsiteId\s*[:=]\s*['"]?(\d+)/.exec(text)?.[1] ?? /[?&]siteId=(\d+)/.exec(text)?.[1];
  const pc = /\bpageCount\s*[:=]\s*['"]?(\d+)/.exec(text)?.[1];
  return { organId: organ, catId, siteId, pageCount: pc ? Number(pc) : undefined };
}

/** The label API call for page `page` (1-based) of a /public/ column. */
export function labelUrl(origin: string, col: PublicColumn & { siteId: string }, p: AnhuiParams, page: number): string {
  const u = new URL(LABEL_PATH, origin);
  const q: Record<string, string> = {
    IsAjax: '1', dataType: 'html', labelName: 'publicInfoList', siteId: col.siteId, organId: col.organId,
    catId: col.catId, pageSize: String(p.page_size), pageIndex: String(page), action: 'list', type: '4',
  };
  if (p.label_file) q.file = p.label_file;
  u.search = new URLSearchParams(q).toString();
  return u.toString();
}

/** The last page number of an old PHP list, read from its 最后一页 (or 尾页) link. */
export function phpLastPage(text: string, base: string): number | null {
  // Every anchor, not extractLinks: 下一页 and 最后一页 often share one URL.
  const $ = cheerio.load(text);
  let last: number | null = null;
  $('a[href]').each((_, el) => {
    if (last !== null || !/^(最后一页|尾页|末页)$/.test($(el).text().trim())) return;
    const url = resolveUrl($(el).attr('href'), base);
    const n = url ? Number(new URL(url).searchParams.get('page')) : NaN;
    if (Number.isInteger(n) && n >= 1) last = n;
  });
  return last;
}

const PHP_LIST = /\/(all_)?list\.php$/;

/** Columns a unit or organ page links by an annual-report name (list.php?…xxflid=…, /public/column/…catId=…). */
export function reportColumnLinks(html: string, base: string): PageLink[] {
  return extractLinks(html, base).filter((l) => {
    const u = new URL(l.url);
    const column = (PHP_LIST.test(u.pathname) && u.searchParams.has('xxflid')) || (/^\/public\/column\/\d+/.test(u.pathname) && u.searchParams.has('catId'));
    return column && /年报|年度报告/.test(l.label) && u.toString() !== new URL(base).toString();
  });
}

function parseList(ctx: PageContext, p: AnhuiParams): DiscoveredRequest[] {
  const depth = depthOf(ctx);
  const url = new URL(ctx.finalUrl);
  const col = parsePublicColumn(ctx.finalUrl, ctx.text);
  const isUnitPage = (PHP_LIST.test(url.pathname) && !url.searchParams.has('xxflid')) || (/^\/public\/column\/\d+/.test(url.pathname) && !col);
  if (isUnitPage) {
    const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
    for (const l of reportColumnLinks(ctx.text, ctx.finalUrl)) out.push({ url: l.url, kind: 'list', method: 'GET', label: l.label, depth: depth + 1 });
    return dedupe(out);
  }
  if (col) {
    const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
    const siteId = col.siteId ?? p.site_id;
    if (!siteId) return out; // nothing to call the label API with: the config must name site_id
    const pages = Math.min(Math.max(col.pageCount ?? 1, 1), p.max_pages);
    for (let i = 1; i <= pages; i++) {
      out.push({ url: labelUrl(url.origin, { ...col, siteId }, p, i), kind: 'data', method: 'GET', label: `page ${i} of column ${col.catId}`, depth: depth + 1 });
    }
    return dedupe(out);
  }
  if (PHP_LIST.test(url.pathname)) {
    const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
    // Only the first page fans out the others (every page carries the same 最后一页 link).
    const current = Number(url.searchParams.get('page') ?? '1');
    const last = phpLastPage(ctx.text, ctx.finalUrl);
    if (current === 1 && last) {
      for (let i = 2; i <= Math.min(last, p.max_pages); i++) {
        const next = new URL(url);
        next.searchParams.set('page', String(i));
        out.push({ url: next.toString(), kind: 'list', method: 'GET', label: `page ${i}`, depth: depth + 1 });
      }
    }
    return dedupe(out);
  }
  return plainListRequests(ctx, defaultLinklistParams);
}

export const anhui: Dialect<AnhuiParams> = {
  name: 'anhui',
  params: anhuiParams,
  startRequests(site: SiteConfig): DiscoveredRequest[] {
    return site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
  },
  parse(ctx: PageContext, p: AnhuiParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    switch (ctx.request.kind) {
      case 'list':
        return parseList(ctx, p);
      case 'data':
        // A label fragment: rows of links to /public/{organId}/{id}.html.
        return reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
      case 'report':
        return attachmentRequests(ctx.text, ctx.finalUrl, depth + 1);
      default:
        return [];
    }
  },
};
