// gkmlpt dialect (Guangdong's 政府信息公开目录 platform): lists come from the JSON API
// /gkmlpt/api/all/{catId}?page=N&sid=SID ({articles:[{id,title,url,…}], total}); articles
// are HTML pages /gkmlpt/content/X/Y/post_ID.html whose attachments are ordinary links.
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isAttachmentUrl, isParsable, isReportLink, reportRequests, resolveUrl, sitePatterns } from './links.js';

const idSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const gkmlptParams = z.strictObject({
  /** Site id of the platform (the `sid` query parameter). */
  sid: idSchema,
  /** Category ids whose lists are read (0 = everything the site publishes). */
  categories: z.array(idSchema).min(1).default(['0']),
  /** Articles per API page (the platform answers a fixed page size). */
  page_size: z.number().int().min(1).max(1000).default(100),
  max_pages: z.number().int().min(1).max(10_000).default(200),
  /** API path template; {cat} is replaced by the category id. */
  api_path: z.string().default('/gkmlpt/api/all/{cat}'),
});
export type GkmlptParams = z.infer<typeof gkmlptParams>;

export interface GkmlptArticle {
  id?: number | string;
  title?: string;
  url?: string;
  first_publish_time?: number;
}

const apiResponse = z.looseObject({
  articles: z.array(z.looseObject({ id: z.union([z.number(), z.string()]).optional(), title: z.string().optional(), url: z.string().optional() })).default([]),
  total: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

/** URL of page `page` (1-based) of a category's article list. */
export function apiUrl(origin: string, p: GkmlptParams, cat: string, page: number): string {
  const u = new URL(p.api_path.replace('{cat}', encodeURIComponent(cat)), origin);
  u.searchParams.set('page', String(page));
  u.searchParams.set('sid', p.sid);
  return u.toString();
}

function parseApi(ctx: PageContext, p: GkmlptParams): DiscoveredRequest[] {
  let json: unknown;
  try {
    json = JSON.parse(ctx.text.replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  const r = apiResponse.safeParse(json);
  if (!r.success) return [];
  const depth = depthOf(ctx);
  const patterns = sitePatterns(ctx.site);
  const out: DiscoveredRequest[] = [];
  for (const a of r.data.articles) {
    const url = resolveUrl(a.url, ctx.finalUrl);
    const title = (a.title ?? '').replace(/<[^>]+>/g, '').trim();
    if (!url || !isReportLink(url, title, patterns)) continue;
    out.push({ url, kind: isAttachmentUrl(url, title) ? 'attachment' : 'report', method: 'GET', label: title, depth: depth + 1 });
  }
  const here = new URL(ctx.finalUrl);
  const page = Number(here.searchParams.get('page') ?? '1');
  if (page === 1 && r.data.total !== undefined) {
    const pages = Math.min(Math.ceil(r.data.total / p.page_size), p.max_pages);
    for (let i = 2; i <= pages; i++) {
      const u = new URL(here);
      u.searchParams.set('page', String(i));
      out.push({ url: u.toString(), kind: 'data', method: 'GET', label: `page ${i}`, depth: depth + 1 });
    }
  }
  return dedupe(out);
}

export const gkmlpt: Dialect<GkmlptParams> = {
  name: 'gkmlpt',
  params: gkmlptParams,
  startRequests(site: SiteConfig, p: GkmlptParams): DiscoveredRequest[] {
    const origin = new URL(site.homepage).origin;
    const reqs: DiscoveredRequest[] = [];
    for (const url of site.start_urls) {
      reqs.push({ url, kind: /\/gkmlpt\/api\//.test(url) ? 'data' : 'list', method: 'GET', depth: 0 });
    }
    for (const cat of p.categories) reqs.push({ url: apiUrl(origin, p, cat, 1), kind: 'data', method: 'GET', depth: 0, label: `category ${cat}` });
    return dedupe(reqs);
  },
  parse(ctx: PageContext, p: GkmlptParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    switch (ctx.request.kind) {
      case 'data':
        return parseApi(ctx, p);
      case 'list':
        // An HTML entry page: its lists are drawn by script, but static report links still count.
        return reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
      case 'report':
        return attachmentRequests(ctx.text, ctx.finalUrl, depth + 1);
      default:
        return [];
    }
  },
};
