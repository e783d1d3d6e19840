// Liaoning platform (鞍山, 丹东 and their departments and counties, each on its own host):
// articles are /html/{SITECODE}/YYYYMM/{ID}.html, and the site search
// /search/search.ct?siteCode=…&offset=N&limit=…&searchKey=… answers an HTML page of
// .result-li rows. Reports are found by searching for the report title and paging the results;
// start URLs (columns) are read as plain link lists too.
import { z } from 'zod';
import * as cheerio from 'cheerio';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, isParsable, linkLabel, reportRequests, resolveUrl, type PageLink } from './links.js';
import { defaultLinklistParams, plainListRequests } from './linklist.js';

export const liaoningParams = z.strictObject({
  /** The platform's site code (ASSZF for the 鞍山 city government). */
  site_code: z.string().regex(/^[A-Z0-9]+$/),
  /** Words searched for. */
  search_key: z.string().min(1).default('政府信息公开工作年度报告'),
  limit: z.number().int().min(1).max(100).default(15),
  /** `offset` counts pages (1, 2, …) or records (0, limit, 2·limit, …). */
  offset_unit: z.enum(['page', 'record']).default('page'),
  search_path: z.string().default('/search/search.ct'),
  max_pages: z.number().int().min(1).max(500).default(20),
});
export type LiaoningParams = z.infer<typeof liaoningParams>;

/** The search call for result page `page` (1-based). */
export function searchUrl(origin: string, p: LiaoningParams, page: number): string {
  const u = new URL(p.search_path, origin);
  const offset = p.offset_unit === 'page' ? page : (page - 1) * p.limit;
  u.search = new URLSearchParams({ siteCode: p.site_code, isAll: '0', offset: String(offset), limit: String(p.limit), template: p.site_code, searchKey: p.search_key }).toString();
  return u.toString();
}

/** The links of a search answer's .result-li rows. */
export function resultLinks(html: string, base: string): PageLink[] {
  const $ = cheerio.load(html);
  const out: PageLink[] = [];
  $('.result-li').each((_, li) => {
    const a = $(li).find('a[href]').first();
    const url = resolveUrl(a.attr('href'), base);
    if (url) out.push({ url, label: linkLabel(a.text(), a.attr('title')) });
  });
  return out;
}

function pageOf(url: string, p: LiaoningParams): number {
  const off = Number(new URL(url).searchParams.get('offset') ?? (p.offset_unit === 'page' ? '1' : '0'));
  return p.offset_unit === 'page' ? off : Math.floor(off / p.limit) + 1;
}

export const liaoning: Dialect<LiaoningParams> = {
  name: 'liaoning',
  params: liaoningParams,
  startRequests(site: SiteConfig, p: LiaoningParams): DiscoveredRequest[] {
    const reqs: DiscoveredRequest[] = site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
    reqs.push({ url: searchUrl(new URL(site.homepage).origin, p, 1), kind: 'data', method: 'GET', depth: 0, label: `search "${p.search_key}"` });
    return dedupe(reqs);
  },
  parse(ctx: PageContext, p: LiaoningParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    switch (ctx.request.kind) {
      case 'list':
        return plainListRequests(ctx, defaultLinklistParams);
      case 'data': {
        const rows = resultLinks(ctx.text, ctx.finalUrl);
        const out = reportRequests(rows, ctx.site, depth + 1);
        // The answer's rows are counted, not its total: a full page may have a next one.
        const page = pageOf(ctx.finalUrl, p);
        if (rows.length >= p.limit && page < p.max_pages) {
          out.push({ url: searchUrl(new URL(ctx.finalUrl).origin, p, page + 1), kind: 'data', method: 'GET', depth: depth + 1, label: `search page ${page + 1}` });
        }
        return dedupe(out);
      }
      case 'report':
        return attachmentRequests(ctx.text, ctx.finalUrl, depth + 1);
      default:
        return [];
    }
  },
};
