// Owns the per-site rows of a crawl run: when each site started and finished, how, and the
// counts the morning report and site health need (lists read, report links, skipped pages).
import type { DB } from '../archive/db.js';

type Counter = 'lists_fetched' | 'report_links' | 'fresh_skipped' | 'parse_errors';

export class RunSites {
  constructor(private db: DB, private runId: number) {}

  /** Starts (or, in a continued run, finds) a site's row; `previous` is the status it had before a kill. */
  start(siteId: string): { fresh: boolean; previous: string | null } {
    const old = this.db.prepare('SELECT status FROM crawl_run_sites WHERE run_id = ? AND site_id = ?').get(this.runId, siteId) as { status: string } | undefined;
    if (!old) this.db.prepare(`INSERT INTO crawl_run_sites(run_id, site_id, started_at, status) VALUES (?, ?, ?, 'running')`).run(this.runId, siteId, new Date().toISOString());
    else if (old.status !== 'not_due') this.db.prepare(`UPDATE crawl_run_sites SET status = 'running', finished_at = NULL WHERE run_id = ? AND site_id = ?`).run(this.runId, siteId);
    return { fresh: !old, previous: old?.status ?? null };
  }

  bump(siteId: string, counter: Counter, by = 1): void {
    this.db.prepare(`UPDATE crawl_run_sites SET ${counter} = ${counter} + ? WHERE run_id = ? AND site_id = ?`).run(by, this.runId, siteId);
  }

  /** A list page was read and gave `links` report/attachment links. */
  addLinks(siteId: string, links: number): void {
    this.db.prepare(`UPDATE crawl_run_sites SET lists_fetched = lists_fetched + 1, report_links = report_links + ? WHERE run_id = ? AND site_id = ?`).run(links, this.runId, siteId);
  }

  finish(siteId: string, status: string, error: string | null): void {
    this.db.prepare(`UPDATE crawl_run_sites SET status = ?, error = ?, finished_at = ? WHERE run_id = ? AND site_id = ?`).run(status, error, new Date().toISOString(), this.runId, siteId);
  }
}
