// Owns `ogi sites check`: one polite pass over a site's lists, driven by its own dialect (list
// pages and data calls only, within a page budget; reports are counted, not fetched), that says
// whether the start URLs answer, how many report links it found and for which years, and what
// the config's evidence predicted that the pass did not find. A passing check may stamp the
// config's `verified:` with the date, written back into the YAML file with its comments kept.
import { readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { getDialect } from '../../crawlers/index.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { yearOf } from '../../crawlers/links.js';
import type { GlobalConfig, SiteConfig } from '../config/schema.js';
import { canonicalUrl, hostAllowed } from '../frontier/url.js';
import type { HostMapper } from '../fetch/http.js';
import { Walker } from './walk.js';

export interface CheckResult {
  site: string;
  when: string;
  start: Array<{ url: string; status: number | null; outcome: string; error: string | null }>;
  /** List pages and data calls read. */
  lists: number;
  reports: Array<{ url: string; label: string; year?: number }>;
  years: number[];
  /** Evidence report/attachment URLs the pass did not see linked. */
  missingEvidence: Array<{ url: string; year?: number; what: string }>;
  /** Years the evidence shows that no report link of the pass names. */
  missingYears: number[];
  /** Problems that make the check fail. */
  problems: string[];
  /** The page budget ran out before the lists did (the pass saw part of the site). */
  truncated: boolean;
  ok: boolean;
}

export interface CheckOptions { global: GlobalConfig; hostMap?: HostMapper; delayMs?: number; maxPages: number; now?: Date }

export async function checkSite(site: SiteConfig, o: CheckOptions): Promise<CheckResult> {
  const dialect = getDialect(site.dialect);
  if (!dialect) throw new Error(`${site.id}: unknown dialect ${site.dialect}`);
  const params = dialect.params.parse(site.params);
  const walker = new Walker({ global: o.global, hostMap: o.hostMap, delayMs: o.delayMs ?? site.politeness.delay_ms, allowedHosts: site.allowed_hosts, maxPages: o.maxPages, encoding: site.encoding });
  const queue: DiscoveredRequest[] = dialect.startRequests(site, params).map((r) => ({ ...r, depth: 0 }));
  const key = (r: DiscoveredRequest) => `${r.method ?? 'GET'} ${r.url} ${r.body ?? ''}`;
  const seen = new Set(queue.map(key));
  const startUrls = new Set(queue.map((r) => r.url));
  const res: CheckResult = { site: site.id, when: (o.now ?? new Date()).toISOString(), start: [], lists: 0, reports: [], years: [], missingEvidence: [], missingYears: [], problems: [], truncated: false, ok: false };
  const reportSeen = new Map<string, { url: string; label: string; year?: number }>();
  const disallowed = new Set<string>();
  try {
    while (queue.length) {
      if (!walker.canFetch) { res.truncated = true; break; }
      const req = queue.shift()!;
      const page = await walker.get(req.url, { method: req.method, body: req.body });
      if (!page) { res.truncated = true; break; }
      if (startUrls.has(req.url) && req.depth === 0) res.start.push({ url: req.url, status: page.status, outcome: page.outcome, error: page.error });
      if (page.text === null) continue;
      res.lists++;
      let found: DiscoveredRequest[] = [];
      try {
        found = dialect.parse({ site, request: req, finalUrl: page.finalUrl, status: page.status ?? 0, contentType: page.contentType, text: page.text }, params);
      } catch (e) {
        res.problems.push(`${req.url}: the ${site.dialect} dialect could not read the page: ${(e as Error).message}`);
      }
      for (const f of found) {
        const url = canonicalUrl(f.url);
        if (!url || !hostAllowed(new URL(url).hostname, site.allowed_hosts)) continue;
        if (f.kind === 'report' || f.kind === 'attachment') {
          if (reportSeen.has(url) || disallowed.has(url)) continue;
          // a report link the crawl may not fetch (robots.txt) is no report link
          if (await walker.allowed(url)) reportSeen.set(url, { url, label: f.label ?? '', year: yearOf(f.label ?? '') });
          else disallowed.add(url);
          continue;
        }
        if (f.kind !== 'list' && f.kind !== 'data') continue;
        const next = { ...f, url, depth: (req.depth ?? 0) + 1 };
        if (seen.has(key(next))) continue;
        seen.add(key(next));
        queue.push(next);
      }
    }
  } finally {
    walker.close();
  }
  res.reports = [...reportSeen.values()];
  res.years = [...new Set(res.reports.map((r) => r.year).filter((y): y is number => y !== undefined))].sort();
  const canon = (u: string) => canonicalUrl(u) ?? u;
  const linked = new Set(res.reports.map((r) => canon(r.url)));
  for (const e of site.evidence) {
    if (e.kind !== 'report' && e.kind !== 'attachment') continue;
    if (!linked.has(canon(e.url))) res.missingEvidence.push({ url: e.url, year: e.year, what: e.what });
  }
  const evYears = [...new Set(site.evidence.filter((e) => (e.kind === 'report' || e.kind === 'attachment') && e.year).map((e) => e.year!))].sort();
  res.missingYears = evYears.filter((y) => !res.years.includes(y));
  const bad = res.start.filter((s) => s.outcome !== 'ok' && s.outcome !== 'not_modified');
  for (const b of bad) res.problems.push(`start URL ${b.url} did not answer: ${b.outcome}${b.status ? ` (HTTP ${b.status})` : ''}${b.error ? `: ${b.error}` : ''}`);
  if (!res.reports.length) res.problems.push(`no report link found${site.render === 'browser' ? ' (the site is render: browser; this pass reads pages over HTTP, so script-drawn lists show no rows: crawl it to check)' : ''}`);
  if (res.missingYears.length && !res.truncated) res.problems.push(`no report link for year(s) the evidence shows: ${res.missingYears.join(', ')}`);
  res.ok = res.problems.length === 0;
  return res;
}

/** Sets `verified: YYYY-MM-DD` in a site config file, keeping its comments and layout. */
export function stampVerified(file: string, date: string): void {
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'));
  doc.set('verified', date);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}
