// gkmlpt dialect (Guangdong's 政府信息公开目录 platform): lists come from the JSON API
// /gkmlpt/api/all/{catId}?page=N&sid=SID ({articles:[{id,title,url,…}], total}); articles
// are HTML pages /gkmlpt/content/X/Y/post_ID.html whose attachments are ordinary links.
// Category ids differ per site: the annual-report one is read from the portal, from the
// /gkmlpt/annualreport page (its column tree in `window._CONFIG`, or an annualreport#{id} link),
// unless the config names categories. A site may run the platform under a path (/dept/gkmlpt/).
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isAttachmentUrl, isParsable, isReportLink, reportRequests, resolveUrl, sitePatterns } from './links.js';

const idSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const gkmlptParams = z.strictObject({
  /** Site id of the platform (the `sid` query parameter). */
  sid: idSchema,
  /** Category ids whose lists are read (0 = everything); by default read from the portal's annual-report page. */
  categories: z.array(idSchema).min(1).optional(),
  /** A column of the portal's tree whose name matches this holds annual reports. */
  category_pattern: z.string().default('年报|年度报告'),
  /** Articles per API page (the platform answers a fixed page size). */
  page_size: z.number().int().min(1).max(1000).default(100),
  max_pages: z.number().int().min(1).max(10_000).default(200),
  /** API path template; {cat} is replaced by the category id. */
  api_path: z.string().default('/gkmlpt/api/all/{cat}'),
});
export type GkmlptParams = z.infer<typeof gkmlptParams>;

const apiResponse = z.looseObject({
  articles: z.array(z.looseObject({ id: z.union([z.number(), z.string()]).optional(), title: z.string().optional(), url: z.string().optional() })).default([]),
  total: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

/** The platform's root on a page's host: origin plus any path before /gkmlpt/ (e.g. https://host/dept). */
export function platformBase(pageUrl: string): string {
  const u = new URL(pageUrl);
  const i = u.pathname.indexOf('/gkmlpt');
  return u.origin + (i > 0 ? u.pathname.slice(0, i) : '');
}

interface TreeNode { id: number | string; name?: string; children?: TreeNode[] }

/** Annual-report category ids a gkmlpt page names: tree columns whose name matches, and annualreport#{id} links. */
export function annualCategories(html: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const cfg = /window\._CONFIG\s*=\s*(\{[\s\S]*?\})\s*;?\s*<\/script>/.exec(html);
  if (cfg) {
    let parsed: { TREE?: TreeNode[] } | null = null;
    try {
      parsed = JSON.parse(cfg[1]) as { TREE?: TreeNode[] };
    } catch {
      parsed = null;
    }
    const walk = (nodes: TreeNode[] | undefined) => {
      for (const n of nodes ?? []) {
        if (n && n.name && pattern.test(n.name) && /^\d+$/.test(String(n.id))) out.push(String(n.id));
        if (n && Array.isArray(n.children)) walk(n.children);
      }
    };
    if (parsed && Array.isArray(parsed.TREE)) walk(parsed.TREE);
    else {
      // Not strict JSON (a script object literal): read its {id, name} pairs.
      for (const m of cfg[1].matchAll(/["']?id["']?\s*:\s*(\d+)\s*,\s*["']?name["']?\s*:\s*["']([^"']+)["']/g)) if (pattern.test(m[2])) out.push(m[1]);
    }
  }
  for (const m of html.matchAll(/annualreport#(\d+)/g)) out.push(m[1]);
  return [...new Set(out)];
}

/** URL of page `page` (1-based) of a category's article list. */
export function apiUrl(origin: string, p: GkmlptParams, cat: string, page: number): string {
  const u = new URL(origin.replace(/\/$/, '') + p.api_path.replace('{cat}', encodeURIComponent(cat)));
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
    const reqs: DiscoveredRequest[] = [];
    for (const url of site.start_urls) {
      reqs.push({ url, kind: /\/gkmlpt\/api\//.test(url) ? 'data' : 'list', method: 'GET', depth: 0 });
    }
    const base = platformBase(site.start_urls.find((u) => u.includes('/gkmlpt')) ?? site.homepage);
    if (p.categories) for (const cat of p.categories) reqs.push({ url: apiUrl(base, p, cat, 1), kind: 'data', method: 'GET', depth: 0, label: `category ${cat}` });
    else if (!site.start_urls.some((u) => /\/gkmlpt\/annualreport/.test(u))) reqs.push({ url: `${base}/gkmlpt/annualreport`, kind: 'list', method: 'GET', depth: 0, label: 'annual-report page' });
    return dedupe(reqs);
  },
  parse(ctx: PageContext, p: GkmlptParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    switch (ctx.request.kind) {
      case 'data':
        return parseApi(ctx, p);
      case 'list': {
        // An HTML entry page: its lists are drawn by script, but static report links still count;
        // a gkmlpt page names the annual-report categories whose API lists are read.
        const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
        if (!p.categories && /\/gkmlpt\//.test(new URL(ctx.finalUrl).pathname)) {
          const base = platformBase(ctx.finalUrl);
          for (const cat of annualCategories(ctx.text, new RegExp(p.category_pattern))) out.push({ url: apiUrl(base, p, cat, 1), kind: 'data', method: 'GET', depth: depth + 1, label: `category ${cat}` });
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
