// TRS WCM dialect: a column is index.html, index_1.html … index_{n-1}.html (.shtml, .htm), the
// page count given to createPageHTML(count, current, "index", "html") (or `var countPage = n`);
// articles sit at ./YYYYMM/tYYYYMMDD_ID.html (.shtml, .htm, or the mobile _app.shtml), attachments
// at ./P0….pdf. A column may hold sub-columns (per year, per department) in directories below it.
// Fujian's TRS sites write page 1 of a list statically and serve the rest as JSON from
// POST /fjdzapp/search (channelid, classsql=chnlid=N, page, prepage → {pageCount, data:[{docpuburl|
// chnldocurl, doctitle, docreltime}]}).
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isParsable, maxDepth, reportRequests, resolveUrl } from './links.js';

export const trsParams = z.strictObject({
  /** Upper bound on list pages per column (index.html counts as one). */
  max_pages: z.number().int().min(1).max(10_000).default(100),
  /** Extension of list pages when the page does not say (html or shtml). */
  ext: z.enum(['html', 'shtml', 'htm']).optional(),
  max_depth: z.number().int().min(0).optional(),
  /** Follow links to sub-columns (index pages in directories below the start column). */
  subcolumns: z.boolean().default(false),
  /** The Fujian JSON list API, for sites whose lists page by it. */
  search_api: z.strictObject({
    path: z.string().default('/fjdzapp/search'),
    /** The site's document library (channelid). */
    channelid: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String),
    /** Column ids (chnlid) to list when the list page does not name its own. */
    chnlids: z.array(z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String)).default([]),
    prepage: z.number().int().min(1).max(500).default(15),
  }).optional(),
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

/** Sub-column index pages linked from `pageUrl`: index pages (or bare directories) below its directory. */
export function subcolumnUrls(html: string, pageUrl: string): string[] {
  const dir = new URL('./', pageUrl).toString();
  const out: string[] = [];
  for (const l of extractLinks(html, pageUrl)) {
    if (!l.url.startsWith(dir) || l.url === dir) continue;
    const rest = l.url.slice(dir.length).replace(/[?#].*$/, '');
    if (/^([\w-]+\/)+(index\.s?html?)?$/.test(rest)) out.push(l.url);
  }
  return [...new Set(out)];
}

/** The chnlid a Fujian list page names for its JSON pages (classsql=chnlid=N, chnlid: N). */
export function chnlidOf(html: string): string | undefined {
  return /chnlid\s*(?:=|:|%3D)\s*['"]?(\d+)/i.exec(html)?.[1];
}

export type SearchApi = NonNullable<TrsParams['search_api']>;

export function searchApiRequest(origin: string, api: SearchApi, chnlid: string, page: number, depth: number): DiscoveredRequest {
  const body = new URLSearchParams({ channelid: api.channelid, sortfield: '-docorderpri,-docreltime', classsql: `chnlid=${chnlid}`, page: String(page), prepage: String(api.prepage) }).toString();
  return { url: new URL(api.path, origin).toString(), kind: 'data', method: 'POST', body, label: `page ${page} of column ${chnlid}`, depth };
}

const searchAnswer = z.looseObject({
  pageCount: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  data: z.array(z.looseObject({ docpuburl: z.string().optional(), chnldocurl: z.string().optional(), doctitle: z.string().optional() })).default([]),
});

/** Reads a /fjdzapp/search answer: its report links and, on page 1, the calls for the other pages. */
export function parseSearchAnswer(ctx: PageContext, api: SearchApi): DiscoveredRequest[] {
  let json: unknown;
  try {
    json = JSON.parse(ctx.text.replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  const r = searchAnswer.safeParse(json);
  if (!r.success) return [];
  const depth = depthOf(ctx);
  const links = r.data.data.flatMap((d) => {
    const url = resolveUrl(d.docpuburl || d.chnldocurl, ctx.finalUrl);
    return url ? [{ url, label: (d.doctitle ?? '').replace(/<[^>]+>/g, '').trim() }] : [];
  });
  const out = reportRequests(links, ctx.site, depth + 1);
  const form = new URLSearchParams(ctx.request.body ?? '');
  const chnlid = /chnlid=(\d+)/.exec(form.get('classsql') ?? '')?.[1];
  if (form.get('page') === '1' && chnlid && r.data.pageCount) {
    for (let i = 2; i <= Math.min(r.data.pageCount, 1000); i++) out.push(searchApiRequest(new URL(ctx.finalUrl).origin, api, chnlid, i, depth + 1));
  }
  return dedupe(out);
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
    if (ctx.request.kind === 'data') return p.search_api ? parseSearchAnswer(ctx, p.search_api) : [];
    if (ctx.request.kind !== 'list') return [];
    const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
    const deep = depth < maxDepth(ctx, p.max_depth);
    if (p.subcolumns && deep) {
      for (const url of subcolumnUrls(ctx.text, ctx.finalUrl)) out.push({ url, kind: 'list', method: 'GET', depth: depth + 1, label: 'sub-column' });
    }
    if (p.search_api) {
      // Page 1 is static; the JSON pages start again at 1 (they also tell the page count).
      const chnlids = [chnlidOf(ctx.text), ...(depth === 0 ? p.search_api.chnlids : [])].filter((c): c is string => !!c);
      for (const c of new Set(chnlids)) out.push(searchApiRequest(new URL(ctx.finalUrl).origin, p.search_api, c, 1, depth + 1));
      if (chnlids.length) return dedupe(out);
    }
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
