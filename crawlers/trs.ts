// TRS WCM dialect: a column is index.html, index_1.html … index_{n-1}.html, the page count
// given to createPageHTML(count, current, "index", "html") (or `var countPage = n`);
// articles sit at ./YYYYMM/tYYYYMMDD_ID.html (or .shtml), attachments at ./P0….pdf.
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isParsable, maxDepth, reportRequests } from './links.js';

export const trsParams = z.strictObject({
  /** Upper bound on list pages per column (index.html counts as one). */
  max_pages: z.number().int().min(1).max(10_000).default(100),
  /** Extension of list pages when the page does not say (html or shtml). */
  ext: z.enum(['html', 'shtml', 'htm']).optional(),
  max_depth: z.number().int().min(0).optional(),
});
export type TrsParams = z.infer<typeof trsParams>;

export interface TrsPaging {
  count: number;
  current: number;
  prefix: string;
  ext: string;
}

/** Reads createPageHTML(count, current, "index", "html") or `var countPage = n` paging. */
export function parseTrsPaging(text: string): TrsPaging | null {
  const m = /createPageHTML\s*\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/.exec(text);
  if (m) return { count: Number(m[1]), current: Number(m[2]), prefix: m[3], ext: m[4] };
  const c = /\bcountPage\s*=\s*['"]?(\d+)/.exec(text);
  if (!c) return null;
  const cur = /\bcurrentPage\s*=\s*['"]?(\d+)/.exec(text);
  const pre = /\bprefix\s*=\s*['"]([\w-]+)['"]/.exec(text);
  const ext = /\bsuffix\s*=\s*['"](\w+)['"]/.exec(text);
  return { count: Number(c[1]), current: cur ? Number(cur[1]) : 0, prefix: pre ? pre[1] : 'index', ext: ext ? ext[1] : '' };
}

/** URLs of every page of the column that `pageUrl` belongs to (page 0 is prefix.ext, page i prefix_i.ext). */
export function trsPageUrls(pageUrl: string, paging: TrsPaging, maxPages: number): string[] {
  const dir = new URL('./', pageUrl);
  const ext = paging.ext || (/\.(s?html?)$/.exec(new URL(pageUrl).pathname)?.[1] ?? 'html');
  const out: string[] = [];
  for (let i = 0; i < Math.min(paging.count, maxPages); i++) {
    out.push(new URL(i === 0 ? `${paging.prefix}.${ext}` : `${paging.prefix}_${i}.${ext}`, dir).toString());
  }
  return out;
}

/** TRS article URL (…/YYYYMM/tYYYYMMDD_ID.html). */
export function isTrsArticle(url: string): boolean {
  return /\/\d{6}\/t\d{8}_\d+\.s?html?$/.test(new URL(url).pathname);
}

export const trs: Dialect<TrsParams> = {
  name: 'trs',
  params: trsParams,
  startRequests(site: SiteConfig): DiscoveredRequest[] {
    return site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
  },
  parse(ctx: PageContext, p: TrsParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    if (ctx.request.kind === 'report') return attachmentRequests(ctx.text, ctx.finalUrl, depth + 1);
    if (ctx.request.kind !== 'list') return [];
    const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
    const paging = parseTrsPaging(ctx.text);
    // Every page of the column is one step from the start page (the frontier drops repeats).
    if (paging && depth < maxDepth(ctx, p.max_depth)) {
      const here = new URL(ctx.finalUrl).toString();
      const pages = trsPageUrls(ctx.finalUrl, { ...paging, ext: paging.ext || p.ext || '' }, p.max_pages);
      for (const url of pages) if (url !== here) out.push({ url, kind: 'list', method: 'GET', depth: depth + 1, label: 'page' });
    }
    return dedupe(out);
  },
};
