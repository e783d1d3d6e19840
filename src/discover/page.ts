// Owns reading one fetched page for discovery: its report links (with years), the annual-report
// columns it links (by link text and URL, per-year and per-department sub-columns included),
// the 政府信息公开 pages it links, its pagination, the data calls written in its scripts and
// the platform signals. Pure: the walk (discover.ts) fetches, this reads.
import * as cheerio from 'cheerio';
import { extractLinks, isAttachmentUrl, looksLikeReportTitle, yearOf, type PageLink } from '../../crawlers/links.js';
import { COLUMN_TEXT, DISCLOSURE_TEXT, columnDetailLinks, DEPT_SUB, genericParams, isReportColumn, pagerLinks, pagerRange, YEAR_SUB } from '../../crawlers/generic.js';
import { parseTrsPaging, trsPageUrls } from '../../crawlers/trs.js';
import { signalsOf, type Signal } from './fingerprint.js';

export interface FoundReport { url: string; title: string; year?: number; attachment: boolean }
export interface FoundLink { url: string; label: string; why: string }
export interface FoundApi { url: string; what: string; method?: 'GET' | 'POST' }

export interface PageReading {
  url: string;
  title: string;
  /** The page itself is an annual-report column (by its title, headings or breadcrumb). */
  isColumn: boolean;
  reports: FoundReport[];
  /** Links to annual-report columns and their per-year / per-department sub-columns. */
  columns: FoundLink[];
  /** Links to 政府信息公开 / 政务公开 pages (where columns are usually linked from). */
  disclosure: FoundLink[];
  /** Further list pages of this list, and how they were recognised. */
  pages: string[];
  pagination: string[];
  apis: FoundApi[];
  signals: Signal[];
  /** Values the platform's dialect needs (hanweb webid/unitid/columnid, gkmlpt sid …). */
  params: Record<string, string>;
  /** The HTML has a list container or data call but no report rows: lists drawn by script. */
  scriptDrawn: boolean;
}

const COLUMN_URL = /(xxgknb|zfxxgknb|gknb|ndbg|xxgkndbg|ndxxgkbg|ndgzbg|gzndbg|annualreport|AnnualReport|zwgknb|xxgkgzndbg)(\b|[/_.])/i;
const DISCLOSURE_URL = /\/(xxgk|zwgk|zfxxgk|gkml|xxgkml|zfxxgkzl|openness|gk)(\/|\b|index)/i;

const APIS: Array<{ re: RegExp; what: string; method?: 'GET' | 'POST' }> = [
  { re: /\/module\/(web\/)?jpage\/dataproxy\.jsp[^"'\s<>]*/g, what: 'Hanweb jpage data call', method: 'POST' },
  { re: /\/module\/xxgk\/xxgkAnnualReport\.jsp[^"'\s<>]*/g, what: 'Hanweb annual-report module' },
  { re: /\/site\/label\/8888[^"'\s<>]*/g, what: 'Anhui platform label call (HTML fragment)' },
  { re: /\/gkmlpt\/api\/[^"'\s<>]*/g, what: 'gkmlpt JSON list call' },
  { re: /\/GKNR\/PageData[^"'\s<>]*/g, what: 'ASP.NET PageData list call', method: 'POST' },
  { re: /\/fjdzapp\/search[^"'\s<>]*/g, what: 'Fujian TRS JSON list call', method: 'POST' },
  { re: /\/search\/search\.ct\?[^"'\s<>]*/g, what: 'Liaoning platform site search' },
];

export const SUB_YEAR = 'per-year sub-column of the annual-report column';
export const SUB_DEPT = 'per-department sub-column of the annual-report column';

function clean(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Reads one page (`html` as fetched from `url`). */
export function readPage(url: string, html: string): PageReading {
  const $ = cheerio.load(html);
  const title = $('title').first().text().replace(/\s+/g, ' ').trim();
  const links = extractLinks(html, url);
  const p = genericParams.parse({});
  const isColumn = isReportColumn(html, new RegExp(p.column_words));
  const reports: FoundReport[] = [];
  const seen = new Set<string>();
  const addReport = (l: PageLink) => {
    if (seen.has(l.url)) return;
    seen.add(l.url);
    reports.push({ url: l.url, title: l.label, year: yearOf(l.label), attachment: isAttachmentUrl(l.url, l.label) });
  };
  for (const l of links) if (looksLikeReportTitle(l.label)) addReport(l);
  if (isColumn) for (const l of columnDetailLinks(links, url)) addReport(l);

  const pagerSet = new Set(pagerLinks(links, url, p).map((l) => l.url));
  const columns: FoundLink[] = [];
  const disclosure: FoundLink[] = [];
  const host = new URL(url).hostname.replace(/^www\./, '');
  for (const l of links) {
    if (seen.has(l.url) || pagerSet.has(l.url) || l.url === url || isAttachmentUrl(l.url, l.label)) continue;
    const t = clean(l.label);
    const sameSite = new URL(l.url).hostname.endsWith(host) || host.endsWith(new URL(l.url).hostname.replace(/^www\./, ''));
    if (t.length <= 30 && COLUMN_TEXT.test(t) && yearOf(t) === undefined) columns.push({ url: l.url, label: l.label, why: 'link text names an annual-report column' });
    else if (isColumn && YEAR_SUB.test(t)) columns.push({ url: l.url, label: l.label, why: SUB_YEAR });
    else if (isColumn && DEPT_SUB.test(t)) columns.push({ url: l.url, label: l.label, why: SUB_DEPT });
    else if (COLUMN_URL.test(new URL(l.url).pathname) && yearOf(t) === undefined && t.length <= 30 && !looksLikeReportTitle(t)) columns.push({ url: l.url, label: l.label, why: 'URL names an annual-report column' });
    else if (sameSite && (DISCLOSURE_TEXT.test(t) || (t.length <= 12 && /公开/.test(t) && DISCLOSURE_URL.test(new URL(l.url).pathname)))) disclosure.push({ url: l.url, label: l.label, why: 'link to the 政府信息公开 pages' });
  }

  const pages = new Set<string>();
  const pagination: string[] = [];
  const paging = parseTrsPaging(html);
  if (paging) {
    pagination.push(/createPageHTML/.test(html) ? `createPageHTML script: ${paging.count} pages named ${paging.prefix}_N` : `countPage script: ${paging.count} pages named ${paging.prefix}_N`);
    for (const u of trsPageUrls(url, paging, p.max_pages)) if (u !== url) pages.add(u);
  }
  const pager = pagerLinks(links, url, p);
  if (pager.length) {
    const texts = [...new Set(pager.map((l) => clean(l.label)).filter((t) => /\D/.test(t)))];
    pagination.push(`pager links${texts.length ? ` (${texts.join(', ')})` : ''} such as ${new URL(pager[0].url).pathname}${new URL(pager[0].url).search}`);
    for (const u of pagerRange(pager, url, p)) pages.add(u);
    for (const l of pager) pages.add(l.url);
  }
  pages.delete(url);

  const apis: FoundApi[] = [];
  const scripts = $('script').map((_, el) => $(el).html() ?? '').get().join('\n') + '\n' + $('script[src]').map((_, el) => $(el).attr('src') ?? '').get().join('\n');
  for (const a of APIS) {
    for (const m of (html.match(a.re) ?? []).slice(0, 2)) {
      const abs = new URL(m.replace(/&amp;/g, '&'), url).toString();
      if (!apis.some((x) => x.url === abs)) apis.push({ url: abs, what: a.what, method: a.method });
    }
  }

  const params: Record<string, string> = {};
  const num = (re: RegExp) => re.exec(scripts)?.[1] ?? re.exec(html)?.[1];
  for (const [k, re] of [
    ['webid', /\bwebid\s*[:=]\s*['"]?(\d+)/i], ['unitid', /\bunitid\s*[:=]\s*['"]?(\d+)/i], ['columnid', /\bcolumnid\s*[:=]\s*['"]?(\d+)/i],
    ['sid', /\bsid["']?\s*[:=]\s*['"]?(\d+)/i], ['siteCode', /\/html\/([A-Z]{3,})\//], ['organId', /organId=(\d+)/], ['catId', /catId=(\d+)/], ['siteId', /siteId=(\d+)/],
  ] as Array<[string, RegExp]>) {
    const v = num(re);
    if (v) params[k] = v;
  }
  const col = /\/col\/col(\d+)\//.exec(url)?.[1];
  if (col) params.columnid ??= col;

  const hasListScript = apis.length > 0 || /XMLHttpRequest|\$\.(ajax|get|post)\s*\(|fetch\s*\(/.test(scripts);
  const scriptDrawn = reports.length === 0 && hasListScript && (isColumn || /加载中|loading/i.test($('body').text()));
  return { url, title, isColumn, reports, columns: dedupeLinks(columns), disclosure: dedupeLinks(disclosure), pages: [...pages], pagination, apis, signals: signalsOf(url, html), params, scriptDrawn };
}

function dedupeLinks(links: FoundLink[]): FoundLink[] {
  const seen = new Set<string>();
  return links.filter((l) => (seen.has(l.url) ? false : (seen.add(l.url), true)));
}
