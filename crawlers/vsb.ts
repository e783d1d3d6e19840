// VSB (博达) dialect: a column is a static page {name}.htm whose further pages are
// {name}/{k}.htm numbered downwards (the page after the first is {name}/{n-1}.htm, the last
// {name}/1.htm); the pager writes <span class="p_t">1/n</span> and 下页/尾页 links.
// Articles are info/{column}/{id}.htm beside the column.
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isParsable, reportRequests } from './links.js';

export const vsbParams = z.strictObject({
  max_pages: z.number().int().min(1).max(10_000).default(100),
});
export type VsbParams = z.infer<typeof vsbParams>;

/** The page count a VSB list page shows: "1/n" in its pager, or the numbers of its page links. */
export function vsbPageCount(html: string, pageUrl: string): number | null {
  const t = /<span[^>]*class="[^"]*\bp_t\b[^"]*"[^>]*>\s*\d+\s*\/\s*(\d+)\s*<\/span>/.exec(html);
  if (t) return Number(t[1]);
  const stem = vsbStem(pageUrl);
  if (!stem) return null;
  let max = 0;
  for (const l of extractLinks(html, pageUrl)) {
    const m = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\d+)\\.htm$`).exec(l.url);
    if (m) max = Math.max(max, Number(m[1]) + 1);
  }
  return max || null;
}

/** The column URL without `.htm` for a first page (…/gknb.htm → …/gknb), or null for a later page. */
export function vsbStem(pageUrl: string): string | null {
  const u = new URL(pageUrl);
  u.search = '';
  const s = u.toString();
  if (/\/\d+\.htm$/.test(s) || !/\.htm$/.test(s)) return null;
  return s.replace(/\.htm$/, '');
}

/** URLs of pages 2…n of the column whose first page is `firstPage`. */
export function vsbPageUrls(firstPage: string, count: number, maxPages: number): string[] {
  const stem = vsbStem(firstPage);
  if (!stem) return [];
  const out: string[] = [];
  for (let k = count - 1; k >= 1 && out.length < maxPages - 1; k--) out.push(`${stem}/${k}.htm`);
  return out;
}

export const vsb: Dialect<VsbParams> = {
  name: 'vsb',
  params: vsbParams,
  startRequests(site: SiteConfig): DiscoveredRequest[] {
    return site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
  },
  parse(ctx: PageContext, p: VsbParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    const depth = depthOf(ctx);
    if (ctx.request.kind === 'report') return attachmentRequests(ctx.text, ctx.finalUrl, depth + 1);
    if (ctx.request.kind !== 'list') return [];
    const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
    // The first page names every other page; later pages add none.
    const count = vsbStem(ctx.finalUrl) ? vsbPageCount(ctx.text, ctx.finalUrl) : null;
    if (count && count > 1) {
      for (const url of vsbPageUrls(ctx.finalUrl, count, p.max_pages)) out.push({ url, kind: 'list', method: 'GET', depth: depth + 1, label: 'page' });
    }
    return dedupe(out);
  },
};
