// Hanweb JCMS dialect: column pages /col/colN/index.html carry a <datastore> of CDATA records
// and a total count; further records come from POST dataproxy.jsp calls, whose path the page's
// jpage script names (Zhejiang's sites /module/jpage/dataproxy.jsp, others
// /module/web/jpage/dataproxy.jsp). A report column may hold per-year sub-columns (links named
// by a year); Zhejiang's sites also answer an annual-report module whose page is the year's report
// itself, /module/xxgk/xxgkAnnualReport.jsp?area={code}&fbtime={year} (area: the government's
// unified social credit code, e.g. 113325000026455663 for 丽水). Articles live at
// /art/Y/M/D/art_C_ID.html, attachments behind module/download/downfile.jsp.
import { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isParsable, reportRequests, type PageLink } from './links.js';

const idSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const hanwebParams = z.strictObject({
  /** Column ids of the annual-report columns (their pages are /col/col{id}/index.html unless a start URL says otherwise). */
  columns: z.array(idSchema).default([]),
  webid: idSchema.optional(),
  unitid: idSchema.optional(),
  webname: z.string().optional(),
  /** Records per list page (jpage perPage). */
  perpage: z.number().int().min(1).max(500).default(15),
  /** List pages fetched per data call (jpage groupSize); a call asks for perpage × group_size records. */
  group_size: z.number().int().min(1).max(50).default(3),
  /** Path of the data calls when the column page does not name one (its jpage proxyUrl). */
  dataproxy: z.string().default('/module/web/jpage/dataproxy.jsp'),
  /** The annual-report module: the area (the government's unified social credit code) and the years (first, last) to ask it for. */
  annual_report: z.strictObject({
    area: z.string().regex(/^[0-9A-Z]{6,18}$/),
    years: z.tuple([z.number().int().min(2000).max(2100), z.number().int().min(2000).max(2100)]),
    path: z.string().default('/module/xxgk/xxgkAnnualReport.jsp'),
  }).optional(),
  /** Upper bound on records listed per column (guards against absurd totals). */
  max_records: z.number().int().min(1).default(5000),
});
export type HanwebParams = z.infer<typeof hanwebParams>;

/** The first records of a column and how the page says to ask for more. */
export interface Datastore {
  records: string[];
  total?: number;
  /** Query parameters of the dataproxy link inside <nextgroup>, if any. */
  next?: Record<string, string>;
}

const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/;

/** Reads the <datastore> XML (inline in a column page or returned by dataproxy.jsp). */
export function parseDatastore(text: string): Datastore | null {
  const ds = /<datastore>([\s\S]*?)<\/datastore>/i.exec(text);
  const body = ds ? ds[1] : text;
  const records: string[] = [];
  for (const m of body.matchAll(/<record>([\s\S]*?)<\/record>/gi)) {
    const c = CDATA.exec(m[1]);
    records.push(c ? c[1] : m[1]);
  }
  if (!ds && records.length === 0 && !/<totalrecord>/i.test(text)) return null;
  const tot = /<totalrecord>\s*(\d+)\s*<\/totalrecord>/i.exec(text) ?? /totalRecord\s*[:=]\s*['"]?(\d+)/.exec(text);
  let next: Record<string, string> | undefined;
  const ng = /<nextgroup>([\s\S]*?)<\/nextgroup>/i.exec(body);
  if (ng) {
    const inner = CDATA.exec(ng[1])?.[1] ?? ng[1];
    const href = /href\s*=\s*["']([^"']+)["']/i.exec(inner)?.[1];
    if (href) {
      const q = href.includes('?') ? href.slice(href.indexOf('?') + 1) : '';
      next = Object.fromEntries(new URLSearchParams(q.replace(/&amp;/g, '&')));
    }
  }
  return { records, total: tot ? Number(tot[1]) : undefined, next };
}

/** Column id in a /col/colN/ URL. */
export function columnIdOf(url: string): string | undefined {
  return /\/col\/col(\d+)\//.exec(url)?.[1];
}

/** The dataproxy path a column page's jpage script names (proxyUrl), if any. */
export function proxyUrlOf(text: string): string | undefined {
  return /proxyUrl\s*:\s*['"]([^'"]+)['"]/.exec(text)?.[1];
}

/** Sub-column pages a column page links by a year (2019, 2019年, 2019年度) or as 年报 columns. */
export function yearColumnLinks(links: readonly PageLink[], here: string): PageLink[] {
  return links.filter((l) => l.url !== here && columnIdOf(l.url) !== undefined && /^(20\d{2})\s*年?度?$|年报|年度报告$/.test(l.label.replace(/\s+/g, '')));
}

/** The annual-report module's page for one year. */
export function annualReportUrl(origin: string, a: NonNullable<HanwebParams['annual_report']>, year: number): string {
  const u = new URL(a.path, origin);
  u.search = new URLSearchParams({ area: a.area, fbtime: String(year) }).toString();
  return u.toString();
}

/** The dataproxy.jsp request for records [start, end] of a column. */
export function dataRequest(origin: string, p: HanwebParams, columnid: string, start: number, end: number, extra: Record<string, string> = {}, depth = 1): DiscoveredRequest {
  const url = new URL(extra.proxy ?? p.dataproxy, origin);
  url.search = new URLSearchParams({ startrecord: String(start), endrecord: String(end), perpage: String(p.perpage) }).toString();
  const form = new URLSearchParams({
    col: '1',
    appid: extra.appid ?? '1',
    webid: extra.webid ?? p.webid ?? '',
    path: extra.path ?? '/',
    columnid,
    sourceContentType: extra.sourceContentType ?? '1',
    unitid: extra.unitid ?? p.unitid ?? '',
    webname: extra.webname ?? p.webname ?? '',
    permissiontype: extra.permissiontype ?? '0',
  });
  return { url: url.toString(), kind: 'data', method: 'POST', body: form.toString(), label: `records ${start}-${end} of column ${columnid}`, depth };
}

function recordLinks(records: string[], base: string): PageLink[] {
  return records.flatMap((r) => extractLinks(r, base));
}

function parseColumnOrData(ctx: PageContext, p: HanwebParams): DiscoveredRequest[] {
  const depth = depthOf(ctx);
  const base = ctx.finalUrl;
  const ds = parseDatastore(ctx.text);
  const out: DiscoveredRequest[] = [];
  // Links outside the datastore (static lists, the column page's own body).
  const pageLinks = ctx.request.kind === 'data' ? [] : extractLinks(ctx.text.replace(/<script[\s\S]*?<\/script>/gi, ''), base);
  const links = [...(ds ? recordLinks(ds.records, base) : []), ...pageLinks];
  out.push(...reportRequests(links, ctx.site, depth + 1));
  if (ctx.request.kind === 'list' && depth < 3) {
    const reports = new Set(out.map((r) => r.url));
    for (const l of yearColumnLinks(links, base)) if (!reports.has(l.url)) out.push({ url: l.url, kind: 'list', method: 'GET', label: l.label, depth: depth + 1 });
  }
  if (!ds || ds.total === undefined) return dedupe(out);

  const origin = new URL(base).origin;
  const form = ctx.request.body ? Object.fromEntries(new URLSearchParams(ctx.request.body)) : {};
  const columnid = ds.next?.columnid ?? form.columnid ?? columnIdOf(base) ?? p.columns[0];
  if (!columnid) return dedupe(out);
  const total = Math.min(ds.total, p.max_records);
  const chunk = p.perpage * p.group_size;
  let start: number;
  if (ctx.request.kind === 'data') {
    // Only the first data call of a column fans out the rest (the column page normally does).
    const q = new URL(ctx.request.url).searchParams;
    const s = Number(q.get('startrecord') ?? '1');
    const e = Number(q.get('endrecord') ?? String(s + chunk - 1));
    if (s !== 1) return dedupe(out);
    start = e + 1;
  } else {
    start = ds.records.length + 1;
  }
  const proxy = ctx.request.kind === 'data' ? new URL(ctx.request.url).pathname : proxyUrlOf(ctx.text);
  const extra: Record<string, string> = { ...(ds.next ?? {}), ...form, ...(proxy ? { proxy } : {}) };
  for (let s = start; s <= total; s += chunk) {
    out.push(dataRequest(origin, p, columnid, s, Math.min(s + chunk - 1, total), extra, depth + 1));
  }
  return dedupe(out);
}

export const hanweb: Dialect<HanwebParams> = {
  name: 'hanweb',
  params: hanwebParams,
  startRequests(site: SiteConfig, p: HanwebParams): DiscoveredRequest[] {
    const origin = new URL(site.start_urls[0] ?? site.homepage).origin;
    const reqs: DiscoveredRequest[] = site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
    const listed = new Set(site.start_urls.map(columnIdOf).filter(Boolean));
    for (const c of p.columns) {
      if (!listed.has(c)) reqs.push({ url: new URL(`/col/col${c}/index.html`, origin).toString(), kind: 'list', method: 'GET', depth: 0 });
    }
    const a = p.annual_report;
    if (a) {
      // The module's page is the report of that year (not a list).
      for (let y = a.years[0]; y <= a.years[1]; y++) reqs.push({ url: annualReportUrl(origin, a, y), kind: 'report', method: 'GET', depth: 0, label: `annual-report module ${y}` });
    }
    return dedupe(reqs);
  },
  parse(ctx: PageContext, p: HanwebParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    switch (ctx.request.kind) {
      case 'list':
      case 'data':
        return parseColumnOrData(ctx, p);
      case 'report':
        return attachmentRequests(ctx.text, ctx.finalUrl, depthOf(ctx) + 1);
      default:
        return [];
    }
  },
};
