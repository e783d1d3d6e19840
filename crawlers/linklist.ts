// Plain link-list dialect: start pages list reports as ordinary links; links whose text or
// URL reads like a report are reports, links matching the pagination pattern (or reading
// 下一页/尾页/a page number) are further list pages, followed up to a depth.
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isAttachmentUrl, isParsable, maxDepth, reportRequests, type PageLink } from './links.js';

const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const linklistParams = z.strictObject({
  /** Regular expression a list page's URL matches (index_2.html, page=2, Index_3.aspx …). */
  pagination: regex.default('(index|list|Index|List)_\\d+\\.(s?html?|aspx?|jsp)$|[?&](page|pageIndex|pageNo|pageNum|curpage|p)=\\d+'),
  /** Regular expression a pagination link's text matches. */
  pagination_text: regex.default('^(下一页|下页|上一页|上页|尾页|末页|首页|next|›|»|\\d{1,4})$'),
  /** Follow pagination only on the start page's host. */
  same_host: z.boolean().default(true),
  max_depth: z.number().int().min(0).optional(),
});
export type LinklistParams = z.infer<typeof linklistParams>;

/** Pagination links among `links` (by URL pattern, or by text when the URL stays on the same path family). */
export function paginationLinks(links: readonly PageLink[], pageUrl: string, p: LinklistParams): PageLink[] {
  const urlRe = new RegExp(p.pagination);
  const textRe = new RegExp(p.pagination_text, 'i');
  const here = new URL(pageUrl);
  return links.filter((l) => {
    const u = new URL(l.url);
    if (p.same_host && u.host !== here.host) return false;
    if (u.toString() === here.toString() || isAttachmentUrl(l.url, l.label)) return false;
    if (urlRe.test(l.url)) return textRe.test(l.label.trim()) || !/[\u4e00-\u9fff]{8,}/.test(l.label);
    return false;
  });
}

export const linklist: Dialect<LinklistParams> = {
  name: 'linklist',
  params: linklistParams,
  startRequests(site: SiteConfig): DiscoveredRequest[] {
    return site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
  },
  parse(ctx: PageContext, p: LinklistParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    if (ctx.request.kind === 'report') return attachmentRequests(ctx.text, ctx.finalUrl, depth + 1);
    if (ctx.request.kind !== 'list') return [];
    return plainListRequests(ctx, p);
  },
};

/** Report links and pagination of a plain server-rendered list page (also used by platform
 * dialects for the ordinary columns of a portal that runs their platform beside it). */
export function plainListRequests(ctx: PageContext, p: LinklistParams): DiscoveredRequest[] {
  const depth = depthOf(ctx);
  const links = extractLinks(ctx.text, ctx.finalUrl);
  const out = reportRequests(links, ctx.site, depth + 1);
  if (depth < maxDepth(ctx, p.max_depth, 10)) {
    const reports = new Set(out.map((r) => r.url));
    for (const l of paginationLinks(links, ctx.finalUrl, p)) {
      if (!reports.has(l.url)) out.push({ url: l.url, kind: 'list', method: 'GET', label: l.label, depth: depth + 1 });
    }
  }
  return dedupe(out);
}

/** The default link-list parameters (for dialects that read plain columns too). */
export const defaultLinklistParams: LinklistParams = linklistParams.parse({});
