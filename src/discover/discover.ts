// Owns `ogi sites discover`: from a portal's homepage (or its 政府信息公开 page) read pages
// breadth-first within a page budget — annual-report columns first, then 政府信息公开 pages —
// fingerprint the platform, and collect the columns that hold reports, their pagination and
// the data calls their scripts make. The draft config is made by draft.ts.
import type { GlobalConfig } from '../config/schema.js';
import type { HostMapper } from '../fetch/http.js';
import { rankPlatforms, UNKNOWN, type Signal } from './fingerprint.js';
import { readPage, SUB_DEPT, SUB_YEAR, type FoundApi, type FoundReport, type PageReading } from './page.js';
import { Walker } from './walk.js';
import type { ColumnSeen, DiscoveryResult } from './draft.js';

export interface DiscoverOptions {
  global: GlobalConfig;
  hostMap?: HostMapper;
  delayMs?: number;
  /** Pages fetched at most (robots.txt not counted). */
  maxPages: number;
  now?: Date;
  /** Hosts besides the start URL's own domain that may be read (default: the start domain and *.gov.cn). */
  allowedHosts?: string[];
}

interface Task { url: string; label: string; why: string; prio: number; depth: number; parent?: string }

/** The walk itself, on already-read pages too (tests call it with saved pages through `pages`). */
export async function discover(startUrl: string, o: DiscoverOptions): Promise<DiscoveryResult> {
  const start = new URL(startUrl);
  const walker = new Walker({ global: o.global, hostMap: o.hostMap, delayMs: o.delayMs, allowedHosts: o.allowedHosts ?? ['*.gov.cn', start.hostname], maxPages: o.maxPages });
  const readings: PageReading[] = [];
  const fetched: DiscoveryResult['fetched'] = [];
  const queue: Task[] = [{ url: start.toString(), label: 'start', why: 'start URL', prio: 0, depth: 0 }];
  const queued = new Set<string>([start.toString()]);
  const push = (t: Task) => {
    if (queued.has(t.url)) return;
    queued.add(t.url);
    queue.push(t);
    queue.sort((a, b) => a.prio - b.prio);
  };
  const labelOf = new Map<string, { label: string; why: string; parent?: string }>();
  let homeTitle = '';
  try {
    while (queue.length && walker.canFetch) {
      const t = queue.shift()!;
      const page = await walker.get(t.url);
      if (!page) break;
      fetched.push({ url: t.url, status: page.status, outcome: page.outcome });
      if (!page.text) continue;
      const r = readPage(page.finalUrl, page.text);
      readings.push(r);
      labelOf.set(page.finalUrl, { label: t.label, why: t.why, parent: t.parent });
      if (t.depth === 0) homeTitle = r.title;
      if (t.depth >= 3) continue;
      for (const c of r.columns) push({ url: c.url, label: c.label, why: c.why, prio: 1, depth: t.depth + 1, parent: c.why === SUB_YEAR || c.why === SUB_DEPT ? page.finalUrl : undefined });
      if (!r.reports.length) for (const d of r.disclosure.slice(0, 4)) push({ url: d.url, label: d.label, why: d.why, prio: 2, depth: t.depth + 1 });
    }
    // gkmlpt names its annual-report column by convention: read it when the platform is seen
    const sig = readings.flatMap((x) => x.signals);
    if (rankPlatforms(sig)[0]?.platform === 'gkmlpt' && !readings.some((x) => x.reports.length || /\/gkmlpt\/annualreport/.test(x.url))) {
      const url = new URL('/gkmlpt/annualreport', start).toString();
      if (!queued.has(url) && walker.canFetch) {
        const page = await walker.get(url);
        if (page) {
          fetched.push({ url, status: page.status, outcome: page.outcome });
          if (page.text) {
            readings.push(readPage(page.finalUrl, page.text));
            labelOf.set(page.finalUrl, { label: '政府信息公开年报', why: 'the gkmlpt annual-report page' });
          }
        }
      }
    }
    // a report link robots.txt keeps the crawler from is no report link
    for (const r of readings) {
      const kept = [];
      for (const x of r.reports) if (await walker.allowed(x.url)) kept.push(x);
      r.reports = kept;
    }
  } finally {
    walker.close();
  }
  return summarise(startUrl, readings, fetched, labelOf, queue, homeTitle, o.now ?? new Date());
}

/** What a set of read pages says: platform, report columns, reports, data calls. */
export function summarise(
  startUrl: string,
  readings: readonly PageReading[],
  fetched: DiscoveryResult['fetched'],
  labelOf: Map<string, { label: string; why: string; parent?: string }> = new Map(),
  unvisited: Array<{ url: string; label: string; why: string }> = [],
  homeTitle = readings[0]?.title ?? '',
  now = new Date(),
): DiscoveryResult {
  const signals: Signal[] = readings.flatMap((r) => r.signals);
  // report URLs are platform signals too (a column's documents show the platform's URL shapes)
  const ranked = rankPlatforms(signals);
  const fp = ranked[0] ?? UNKNOWN;
  const columns: ColumnSeen[] = [];
  const reports: FoundReport[] = [];
  const seenReports = new Set<string>();
  for (const r of readings) {
    const looksColumn = r.isColumn || r.reports.length > 0 || r.scriptDrawn;
    if (!looksColumn) continue;
    const l = labelOf.get(r.url);
    const fresh = r.reports.filter((x) => !seenReports.has(x.url));
    for (const x of fresh) seenReports.add(x.url);
    reports.push(...fresh);
    // a page whose reports were all seen on an earlier column is another page of that column
    if (r.reports.length && !fresh.length) continue;
    columns.push({ url: r.url, label: l?.label && l.label !== 'start' ? l.label : r.title, reports: r.reports, pagination: r.pagination, scriptDrawn: r.scriptDrawn, why: l?.why ?? 'start URL', parent: l?.parent ?? enclosing(r.url, readings) });
  }
  const apis: FoundApi[] = [];
  for (const a of readings.flatMap((r) => r.apis)) if (!apis.some((x) => x.url === a.url)) apis.push(a);
  const params: Record<string, string> = {};
  for (const r of readings) for (const [k, v] of Object.entries(r.params)) params[k] ??= v;
  const visited = new Set(readings.map((r) => r.url));
  const colUrls = new Set(readings.flatMap((r) => r.columns.map((c) => c.url)));
  const left = unvisited.filter((u) => colUrls.has(u.url) && !visited.has(u.url));
  const home = new URL('/', startUrl).toString();
  return {
    start: startUrl, homepage: home, homeTitle, fingerprint: fp, others: ranked.slice(1, 3), columns, unvisited: left,
    reports, apis, params, fetched, when: now.toISOString(),
  };
}

/** The column page (read, and an annual-report column by its own chrome) whose folder holds `url`, if any. */
function enclosing(url: string, readings: readonly PageReading[]): string | undefined {
  const u = new URL(url);
  let best: string | undefined;
  for (const r of readings) {
    if (r.url === url || !r.isColumn) continue;
    const p = new URL(r.url);
    const dir = p.pathname.replace(/[^/]*$/, '');
    if (p.origin !== u.origin || dir.length < 2 || !u.pathname.startsWith(dir) || u.pathname.replace(/[^/]*$/, '') === dir) continue;
    if (!best || dir.length < new URL(best).pathname.length) best = r.url;
  }
  return best;
}
