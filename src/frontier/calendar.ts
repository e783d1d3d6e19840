// Owns the crawl calendar of incremental runs: whether a site's list pages are due tonight
// (every night in the publishing season, every N days otherwise) and whether a known report
// page is due for a conditional re-check.
import type { DB } from '../archive/db.js';
import type { GlobalConfig, SiteConfig } from '../config/schema.js';

const DAY = 86_400_000;

export interface SiteSchedule { seasonMonths: number[]; listIntervalDays: number; revisitDays: number }

export function scheduleOf(site: SiteConfig, global: GlobalConfig): SiteSchedule {
  return {
    seasonMonths: site.schedule.season_months ?? global.schedule.season_months,
    listIntervalDays: site.schedule.list_interval_days ?? global.schedule.list_interval_days,
    revisitDays: site.schedule.revisit_days ?? global.schedule.revisit_days,
  };
}

/** Time (ms) of the last run that read this site's list pages, or null. */
export function lastListRead(db: DB, siteId: string): number | null {
  const r = db.prepare(`SELECT MAX(cr.started_at) AS t FROM crawl_run_sites s JOIN crawl_runs cr ON cr.id = s.run_id
    WHERE s.site_id = ? AND s.lists_fetched > 0`).get(siteId) as { t: string | null };
  return r.t ? Date.parse(r.t) : null;
}

export function listsDue(db: DB, site: SiteConfig, sched: SiteSchedule, now: Date): { due: boolean; reason: string } {
  const last = lastListRead(db, site.id);
  if (last === null) return { due: true, reason: 'never read' };
  if (sched.seasonMonths.includes(now.getUTCMonth() + 1)) return { due: true, reason: 'publishing season' };
  const days = (now.getTime() - last) / DAY;
  return days + 1e-9 >= sched.listIntervalDays
    ? { due: true, reason: `last read ${days.toFixed(1)} days ago` }
    : { due: false, reason: `read ${days.toFixed(1)} days ago; next in ${(sched.listIntervalDays - days).toFixed(1)} days` };
}

/** A report URL already archived and checked within `revisitDays` (by run time) is not due. */
export class RevisitPolicy {
  private stmt;
  constructor(db: DB, private now: Date, private revisitDays: number) {
    this.stmt = db.prepare(`SELECT MAX(cr.started_at) AS t FROM fetches f JOIN crawl_runs cr ON cr.id = f.run_id
      WHERE f.url = ? AND f.outcome IN ('ok', 'not_modified')`);
  }

  due(url: string): boolean {
    const r = this.stmt.get(url) as { t: string | null };
    if (!r.t) return true;
    return (this.now.getTime() - Date.parse(r.t)) / DAY + 1e-9 >= this.revisitDays;
  }
}
