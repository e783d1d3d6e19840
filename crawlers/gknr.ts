// ASP.NET 政府信息公开 platform (GKNR, e.g. Hebei cities' zfxxgk.* hosts): a department page
// /GKNR/gknr_depart?deptId=… sets an antiforgery cookie and names the department's menus;
// lists come from POST /GKNR/PageData (form indexPage, pageSize, deptId, menuId), answering
// an HTML fragment of <li><a href title>…</a><span>[date]</span></li> rows. The POST is refused
// without the cookie: the engine keeps a cookie jar per site, so the department page must be
// fetched first (it is: the data calls are found on it). Other pages are plain link lists.
import { z } from 'zod';
import * as cheerio from 'cheerio';
import type { SiteConfig } from '../src/config/schema.js';
import type { Dialect, DiscoveredRequest, PageContext } from './types.js';
import { attachmentRequests, dedupe, depthOf, extractLinks, isParsable, reportColumnNav, reportRequests } from './links.js';
import { defaultLinklistParams, plainListRequests } from './linklist.js';

const idSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const gknrParams = z.strictObject({
  /** Rows per PageData call. */
  page_size: z.number().int().min(1).max(200).default(15),
  /** Menu ids to list, when the department page does not name an annual-report menu. */
  menu_ids: z.array(idSchema).default([]),
  /** A menu whose name matches this is an annual-report menu. */
  menu_pattern: z.string().default('年报|年度报告'),
  data_path: z.string().default('/GKNR/PageData'),
  max_pages: z.number().int().min(1).max(1000).default(40),
});
export type GknrParams = z.infer<typeof gknrParams>;

export interface GknrMenu { id: string; name: string }

/** The menus a department page offers (elements carrying a menu id: data-menuid, menuId=… in href or onclick). */
export function parseMenus(html: string): GknrMenu[] {
  const $ = cheerio.load(html);
  const out = new Map<string, string>();
  $('[data-menuid], a[href*="menuId="], [onclick*="menuId"], [onclick*="getData("]').each((_, el) => {
    const $e = $(el);
    const raw = $e.attr('data-menuid') ?? /menuId\s*[=:,(]\s*['"]?(\d+)/i.exec(`${$e.attr('href') ?? ''} ${$e.attr('onclick') ?? ''}`)?.[1]
      ?? /getData\(\s*['"]?(\d+)/.exec($e.attr('onclick') ?? '')?.[1];
    const name = ($e.attr('title') ?? $e.text()).replace(/\s+/g, '');
    if (raw && /^\d+$/.test(raw) && !out.has(raw)) out.set(raw, name);
  });
  return [...out].map(([id, name]) => ({ id, name }));
}

export function pageDataRequest(origin: string, p: GknrParams, deptId: string, menuId: string, page: number, depth: number): DiscoveredRequest {
  const body = new URLSearchParams({ indexPage: String(page), pageSize: String(p.page_size), deptId, menuId }).toString();
  return { url: new URL(p.data_path, origin).toString(), kind: 'data', method: 'POST', body, label: `page ${page} of menu ${menuId} of department ${deptId}`, depth };
}

function parseDepartment(ctx: PageContext, p: GknrParams, deptId: string): DiscoveredRequest[] {
  const depth = depthOf(ctx);
  const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
  const re = new RegExp(p.menu_pattern);
  const menus = parseMenus(ctx.text).filter((m) => re.test(m.name)).map((m) => m.id);
  const ids = [...new Set([...menus, ...p.menu_ids])];
  const origin = new URL(ctx.finalUrl).origin;
  for (const m of ids) out.push(pageDataRequest(origin, p, deptId, m, 1, depth + 1));
  return dedupe(out);
}

function parseData(ctx: PageContext, p: GknrParams): DiscoveredRequest[] {
  const depth = depthOf(ctx);
  const out = reportRequests(extractLinks(ctx.text, ctx.finalUrl), ctx.site, depth + 1);
  const form = new URLSearchParams(ctx.request.body ?? '');
  const page = Number(form.get('indexPage') ?? '1');
  const rows = cheerio.load(ctx.text)('li').length;
  // The answer says nothing of a total: a full page means there may be another.
  if (rows >= p.page_size && page < p.max_pages && form.get('deptId') && form.get('menuId')) {
    out.push(pageDataRequest(new URL(ctx.finalUrl).origin, p, form.get('deptId')!, form.get('menuId')!, page + 1, depth + 1));
  }
  return dedupe(out);
}

export const gknr: Dialect<GknrParams> = {
  name: 'gknr',
  params: gknrParams,
  startRequests(site: SiteConfig): DiscoveredRequest[] {
    return site.start_urls.map((url) => ({ url, kind: 'list', method: 'GET', depth: 0 }));
  },
  parse(ctx: PageContext, p: GknrParams): DiscoveredRequest[] {
    if (!isParsable(ctx)) return [];
    switch (ctx.request.kind) {
      case 'list': {
        const u = new URL(ctx.finalUrl);
        const dept = /\/GKNR\/gknr_depart$/i.test(u.pathname) ? u.searchParams.get('deptId') : null;
        if (dept) return parseDepartment(ctx, p, dept);
        // The portal's own columns: plain lists, and (from its start pages) the column named 年报.
        const out = plainListRequests(ctx, defaultLinklistParams);
        if (depthOf(ctx) === 0) {
          const here = u.host;
          for (const l of reportColumnNav(extractLinks(ctx.text, ctx.finalUrl))) if (new URL(l.url).host === here) out.push({ url: l.url, kind: 'list', method: 'GET', label: l.label, depth: 1 });
        }
        return dedupe(out);
      }
      case 'data':
        return parseData(ctx, p);
      case 'report':
        return attachmentRequests(ctx.text, ctx.finalUrl, depthOf(ctx) + 1);
      default:
        return [];
    }
  },
};
