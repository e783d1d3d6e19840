// Owns the morning report of a crawl run: per site, requests, new reports found (issuer and
// year), unchanged pages, failures by kind and duration, plus the run's totals. It is derived
// from the archive, so `ogi runs show` gives the same report any time later.
import type { DB } from '../archive/db.js';
import { runCounts, emptyCounts } from './counts.js';

export const FAILURE_KINDS = ['dns', 'timeout', 'network', '4xx', '5xx', 'robots', 'antibot', 'parse'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export function failureKind(errorKind: string): FailureKind {
  switch (errorKind) {
    case 'dns': case 'timeout': case '4xx': case '5xx': case 'robots': case 'antibot': return errorKind;
    case '429': return '4xx';
    default: return 'network';
  }
}

export interface SiteReport {
  site: string; status: string; requests: number; new_reports: Array<{ issuer: string | null; year: number | null }>;
  unchanged: number; new_snapshots: number; failures: Partial<Record<FailureKind, number>>; duration_s: number | null; note: string | null;
}
export interface RunReport { run: { id: number; started_at: string; finished_at: string | null; status: string; resumed_count: number }; sites: SiteReport[]; totals: Omit<SiteReport, 'site' | 'status' | 'duration_s' | 'note'> & { duration_s: number | null } }

export function runReport(db: DB, runId: number): RunReport {
  const run = db.prepare('SELECT id, started_at, finished_at, status, resumed_count FROM crawl_runs WHERE id = ?').get(runId) as RunReport['run'] | undefined;
  if (!run) throw new Error(`no crawl run ${runId} (see \`ogi runs list\`)`);
  const sites = db.prepare('SELECT * FROM crawl_run_sites WHERE run_id = ? ORDER BY site_id').all(runId) as Array<{ site_id: string; status: string; started_at: string; finished_at: string | null; parse_errors: number; error: string | null; fresh_skipped: number }>;
  const counts = runCounts(db, runId).sites; // the same counts the crawl's summary gives
  const newReports = db.prepare(`SELECT DISTINCT r.site_id, r.issuer, r.year FROM records r JOIN extraction_runs e ON e.id = r.extraction_run_id
    JOIN document_snapshots ds ON ds.snapshot_sha256 = r.snapshot_sha256 AND ds.extractor_version = r.extractor_version AND ds.rule = 'first_text'
    WHERE e.crawl_run_id = ? AND r.kind = 'report' ORDER BY r.site_id, r.issuer, r.year`).all(runId) as Array<{ site_id: string; issuer: string | null; year: number | null }>;
  const extractionErrors = db.prepare(`SELECT r.site_id, COUNT(*) AS n FROM records r JOIN extraction_runs e ON e.id = r.extraction_run_id WHERE e.crawl_run_id = ? AND r.kind = 'error' GROUP BY r.site_id`).all(runId) as Array<{ site_id: string; n: number }>;
  const out: SiteReport[] = sites.map((s) => {
    const c = counts[s.site_id] ?? emptyCounts();
    const failures: SiteReport['failures'] = {};
    for (const [kind, n] of Object.entries(c.errors)) { const k = failureKind(kind); failures[k] = (failures[k] ?? 0) + n; }
    const parse = s.parse_errors + (extractionErrors.find((e) => e.site_id === s.site_id)?.n ?? 0);
    if (parse) failures.parse = parse;
    return {
      site: s.site_id, status: s.status,
      requests: c.requests,
      new_reports: newReports.filter((r) => r.site_id === s.site_id).map(({ issuer, year }) => ({ issuer, year })),
      unchanged: c.unchanged + s.fresh_skipped,
      new_snapshots: c.new_snapshots,
      failures,
      duration_s: s.finished_at ? Math.round((Date.parse(s.finished_at) - Date.parse(s.started_at)) / 100) / 10 : null,
      note: s.error,
    };
  });
  const totals = { requests: 0, new_reports: [] as SiteReport['new_reports'], unchanged: 0, new_snapshots: 0, failures: {} as SiteReport['failures'], duration_s: run.finished_at ? Math.round((Date.parse(run.finished_at) - Date.parse(run.started_at)) / 100) / 10 : null };
  for (const s of out) {
    totals.requests += s.requests; totals.unchanged += s.unchanged; totals.new_snapshots += s.new_snapshots; totals.new_reports.push(...s.new_reports);
    for (const [k, v] of Object.entries(s.failures)) totals.failures[k as FailureKind] = (totals.failures[k as FailureKind] ?? 0) + (v ?? 0);
  }
  return { run, sites: out, totals };
}

const fmtFailures = (f: SiteReport['failures']) => FAILURE_KINDS.filter((k) => f[k]).map((k) => `${k} ${f[k]}`).join(', ') || '-';
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export function formatRunReport(r: RunReport): string {
  const lines = [`Crawl run ${r.run.id} — ${r.run.status}, started ${r.run.started_at}${r.run.resumed_count ? `, continued ${r.run.resumed_count}× after a kill` : ''}`];
  lines.push(`${pad('site', 12)} ${pad('status', 10)} ${'requests'.padStart(8)} ${'new'.padStart(4)} ${'unchanged'.padStart(9)} ${'time s'.padStart(7)}  failures / new reports`);
  for (const s of r.sites) {
    const nr = s.new_reports.map((x) => `${x.issuer ?? '?'} ${x.year ?? '?'}`).join('; ');
    const note = s.note && s.status !== 'failed' ? ` | ${s.note}` : '';
    lines.push(`${pad(s.site, 12)} ${pad(s.status, 10)} ${String(s.requests).padStart(8)} ${String(s.new_reports.length).padStart(4)} ${String(s.unchanged).padStart(9)} ${String(s.duration_s ?? '-').padStart(7)}  ${fmtFailures(s.failures)}${nr ? ` | ${nr}` : ''}${note}`);
  }
  const t = r.totals;
  lines.push(`${pad('total', 12)} ${pad('', 10)} ${String(t.requests).padStart(8)} ${String(t.new_reports.length).padStart(4)} ${String(t.unchanged).padStart(9)} ${String(t.duration_s ?? '-').padStart(7)}  ${fmtFailures(t.failures)}`);
  const failed = r.sites.filter((s) => s.status === 'failed');
  if (failed.length) lines.push(`${failed.length} site(s) failed:`, ...failed.map((s) => `  ${s.site}: ${s.note ?? 'failed'}`));
  return lines.join('\n');
}
