// Owns a crawl run's counts, derived from the fetch rows themselves (so a run continued
// after a kill still counts right): requests, new snapshots, unchanged, errors by kind.
import type { DB } from '../archive/db.js';

export interface SiteCounts {
  requests: number; ok: number; new_snapshots: number; unchanged: number; not_modified: number;
  reports: number; blocked: number; robots_disallowed: number; errors: Record<string, number>;
}

export function emptyCounts(): SiteCounts {
  return { requests: 0, ok: 0, new_snapshots: 0, unchanged: 0, not_modified: 0, reports: 0, blocked: 0, robots_disallowed: 0, errors: {} };
}

export function runCounts(db: DB, runId: number): { sites: Record<string, SiteCounts>; totals: SiteCounts } {
  // read from the fetch log's own tables (migration 008), not the `fetches` view: only these
  // columns are needed, and the view would spell out every row's headers and times. A snapshot
  // is new in this run when no earlier fetch (by log id) sighted it: two index look-ups per
  // stored fetch (shapes by snapshot, then their log rows before this one). Grouping all the
  // first sightings instead took 190 ms at the end of an 11,000-request run.
  const rows = db.prepare(`
    SELECT s.site_id, s.kind, s.outcome, s.error_kind, s.snapshot_sha256,
      CASE WHEN s.outcome = 'ok' AND s.snapshot_sha256 IS NOT NULL THEN NOT EXISTS (
        SELECT 1 FROM fetch_shapes s2 JOIN fetch_log l2 ON l2.shape_id = s2.id
        WHERE s2.snapshot_sha256 = s.snapshot_sha256 AND l2.id < l.id) ELSE 0 END AS first_sighting
    FROM fetch_log l JOIN fetch_shapes s ON s.id = l.shape_id WHERE l.run_id = ?`).all(runId) as Array<{ site_id: string; kind: string; outcome: string; error_kind: string | null; snapshot_sha256: string | null; first_sighting: number }>;
  const sites: Record<string, SiteCounts> = {};
  const totals = emptyCounts();
  for (const r of rows) {
    const c = (sites[r.site_id] ??= emptyCounts());
    for (const x of [c, totals]) {
      if (r.outcome !== 'robots_disallowed' && r.outcome !== 'off_host') x.requests++;
      if (r.outcome === 'ok') x.ok++;
      if (r.outcome === 'not_modified') { x.not_modified++; x.unchanged++; }
      if (r.outcome === 'ok' && r.snapshot_sha256) { if (r.first_sighting) x.new_snapshots++; else x.unchanged++; }
      if ((r.outcome === 'ok' || r.outcome === 'not_modified') && r.kind === 'report') x.reports++;
      if (r.outcome === 'blocked') x.blocked++;
      if (r.outcome === 'robots_disallowed') x.robots_disallowed++;
      if (r.error_kind) x.errors[r.error_kind] = (x.errors[r.error_kind] ?? 0) + 1;
    }
  }
  return { sites, totals };
}
