// Owns site health: which sites need a human, with the evidence. Read from the archive: the
// site's latest crawled run against its earlier runs, and its series of reports; and, given the
// site configs, the config's own evidence: report URLs seen in public material whose year the
// archive lacks (the crawl never reached them).
import type { DB } from '../archive/db.js';
import type { Evidence, SiteConfig } from '../config/schema.js';

export type HealthIssue = 'crawl_failed' | 'no_report_links' | 'link_drop' | 'antibot' | 'robots' | 'unreachable' | 'missing_years' | 'evidence_years' | 'never_crawled';
export interface SiteHealth { site: string; ok: boolean; lastRun: number | null; issues: Array<{ kind: HealthIssue; evidence: string }> }

interface RunSiteRow { run_id: number; status: string; error: string | null; lists_fetched: number; report_links: number; started_at: string }

/** The report and attachment evidence of a config, by year (evidence without a year is left out). */
function evidenceByYear(site: SiteConfig | undefined): Map<number, Evidence[]> {
  const out = new Map<number, Evidence[]>();
  for (const e of site?.evidence ?? []) {
    if ((e.kind !== 'report' && e.kind !== 'attachment') || e.year === undefined) continue;
    out.set(e.year, [...(out.get(e.year) ?? []), e]);
  }
  return out;
}

const describeEvidence = (e: Evidence) => `${e.url} (${e.what}; ${e.source})`;

/** Health of each site; with `configs`, each site is also held against its config's evidence. */
export function siteHealth(db: DB, siteIds: string[], configs?: ReadonlyMap<string, SiteConfig>): SiteHealth[] {
  const runsOf = db.prepare(`SELECT s.run_id, s.status, s.error, s.lists_fetched, s.report_links, r.started_at FROM crawl_run_sites s JOIN crawl_runs r ON r.id = s.run_id
    WHERE s.site_id = ? AND s.status NOT IN ('not_due', 'running') ORDER BY s.run_id DESC LIMIT 10`);
  const blocked = db.prepare(`SELECT url, status, error FROM fetches WHERE run_id = ? AND site_id = ? AND outcome = 'blocked' ORDER BY id`);
  const disallowed = db.prepare(`SELECT f.url, f.kind, f.error,
      (SELECT COUNT(*) FROM fetches g WHERE g.url = f.url AND g.run_id < f.run_id AND g.outcome IN ('ok', 'not_modified')) AS fetched_before
    FROM fetches f WHERE f.run_id = ? AND f.site_id = ? AND f.outcome = 'robots_disallowed' AND f.kind IN ('list', 'data', 'report', 'attachment') ORDER BY f.id`);
  const okCount = db.prepare(`SELECT COUNT(*) AS n FROM fetches WHERE run_id = ? AND site_id = ? AND outcome IN ('ok', 'not_modified') AND kind != 'robots'`);
  const failures = db.prepare(`SELECT error_kind, COUNT(*) AS n, MIN(url) AS url FROM fetches WHERE run_id = ? AND site_id = ? AND outcome IN ('network_error', 'http_error') GROUP BY error_kind`);
  const yearsArchived = db.prepare(`SELECT DISTINCT year FROM report_records WHERE site_id = ? AND year IS NOT NULL`);
  const fetchedOk = db.prepare(`SELECT 1 FROM fetches WHERE site_id = ? AND url = ? AND outcome IN ('ok', 'not_modified') LIMIT 1`);
  const missing = db.prepare(`SELECT m.issuer, m.missing_year FROM missing_years m
    WHERE m.issuer_key IN (SELECT rr.issuer_key FROM report_records rr WHERE rr.site_id = ?) ORDER BY m.issuer, m.missing_year`);

  return siteIds.map((site) => {
    const runs = runsOf.all(site) as RunSiteRow[];
    const h: SiteHealth = { site, ok: true, lastRun: runs[0]?.run_id ?? null, issues: [] };
    const add = (kind: HealthIssue, evidence: string) => { h.issues.push({ kind, evidence }); h.ok = false; };
    if (!runs.length) { add('never_crawled', 'no crawl run has read this site yet'); return h; }
    const last = runs[0];
    if (last.status === 'failed') add('crawl_failed', `run ${last.run_id}: ${last.error ?? 'failed'}`);
    const b = blocked.all(last.run_id, site) as Array<{ url: string; status: number; error: string }>;
    if (b.length) add('antibot', `${b.length} response(s) in run ${last.run_id} looked like an anti-bot challenge, e.g. HTTP ${b[0].status} at ${b[0].url} (${b[0].error})`);
    const d = disallowed.all(last.run_id, site) as Array<{ url: string; kind: string; error: string; fetched_before: number }>;
    // robots.txt that could not be fetched disallows everything (RFC 9309): that host is unreachable, not walled by robots
    const ruled = d.filter((x) => !/^robots\.txt unreachable/.test(x.error ?? ''));
    const lists = ruled.filter((x) => x.kind === 'list' || x.kind === 'data');
    const newly = ruled.filter((x) => x.fetched_before > 0);
    if (lists.length || newly.length) {
      const x = lists[0] ?? newly[0];
      add('robots', `robots.txt ${newly.length ? 'newly ' : ''}disallows ${lists.length ? 'the list page' : 'a page fetched before'} ${x.url} (${x.error}${newly.length ? `; ${newly.length} URL(s) fetched in earlier runs` : ''})`);
    }
    const ok = (okCount.get(last.run_id, site) as { n: number }).n;
    const f = ok === 0 && !b.length && !lists.length ? failures.all(last.run_id, site) as Array<{ error_kind: string; n: number; url: string }> : [];
    // a site that failed before asking anything (no browser) was not unreachable: its reason says why
    if (ok === 0 && !b.length && !lists.length && (f.length || last.status !== 'failed')) {
      add('unreachable', `no successful response in run ${last.run_id}${f.length ? `: ${f.map((x) => `${x.error_kind} ×${x.n}`).join(', ')} (e.g. ${f[0].url})` : ''}`);
    }
    const evidence = evidenceByYear(configs?.get(site));
    const shown = [...evidence.values()].flat();
    if (last.lists_fetched > 0 && last.report_links === 0) {
      add('no_report_links', `${last.lists_fetched} list page(s) read in run ${last.run_id} gave no report link (layout changed?)${shown.length ? `; the config's evidence shows reports at ${shown.slice(0, 3).map(describeEvidence).join(', ')}` : ''}`);
    }
    else {
      const earlier = runs.slice(1).map((r) => r.report_links).filter((n) => n > 0).sort((a, z) => a - z);
      const median = earlier.length ? earlier[Math.floor(earlier.length / 2)] : 0;
      if (median >= 4 && last.lists_fetched > 0 && last.report_links < median / 2) add('link_drop', `report links fell to ${last.report_links} in run ${last.run_id} from a median of ${median} in the ${earlier.length} run(s) before`);
    }
    if (evidence.size && last.lists_fetched > 0) {
      const have = new Set((yearsArchived.all(site) as Array<{ year: number }>).map((r) => r.year));
      const lacking = [...evidence].filter(([year, es]) => !have.has(year) && !es.some((e) => fetchedOk.get(site, e.url))).sort((a, b) => a[0] - b[0]);
      if (lacking.length) add('evidence_years', `no report archived for ${lacking.map(([y]) => y).join(', ')} although the config's evidence shows ${lacking.map(([y, es]) => `${y}: ${describeEvidence(es[0])}`).join('; ')}`);
    }
    const gaps = missing.all(site) as Array<{ issuer: string; missing_year: number }>;
    if (gaps.length) add('missing_years', `no report for ${gaps.map((g) => `${g.issuer} ${g.missing_year}`).join(', ')} although earlier and later years are archived`);
    return h;
  });
}
