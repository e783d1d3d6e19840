// Owns the per-site rows of a crawl run: when each site started and finished, how, and the
// counts the morning report and site health need (lists read, report links, skipped pages).
// Rows are written to run_site_log (times as numbers, notes stored once in run_texts; migration
// 008) and read through the `crawl_run_sites` view.
import { statementCache, type DB } from '../archive/db.js';
import { isoMillis, millisAfter } from '../archive/compactTime.js';
import { runText } from '../frontier/runs.js';

export type Counter = 'lists_fetched' | 'report_links' | 'fresh_skipped' | 'parse_errors';

export class RunSites {
  private sql;
  constructor(private db: DB, private runId: number) {
    this.sql = statementCache(db);
  }

  /** The site's row as a killed run left it (read before `start`): whether it is new, and its status then. */
  before(siteId: string): { fresh: boolean; previous: string | null } {
    const old = this.sql('SELECT status FROM run_site_log WHERE run_id = ? AND site_id = ?').get(this.runId, siteId) as { status: string } | undefined;
    return { fresh: !old, previous: old?.status ?? null };
  }

  /** Starts (or, in a continued run, finds) a site's row; `previous` is the status it had before a kill. */
  start(siteId: string, now = new Date()): { fresh: boolean; previous: string | null } {
    const old = this.before(siteId);
    if (old.fresh) this.sql(`INSERT INTO run_site_log(run_id, site_id, started_at, status) VALUES (?, ?, ?, 'running')`).run(this.runId, siteId, isoMillis(now.toISOString()));
    else if (old.previous !== 'not_due') this.sql(`UPDATE run_site_log SET status = 'running', finished_at = NULL WHERE run_id = ? AND site_id = ?`).run(this.runId, siteId);
    return old;
  }

  bump(siteId: string, counter: Counter, by = 1): void {
    this.sql(`UPDATE run_site_log SET ${counter} = ${counter} + ? WHERE run_id = ? AND site_id = ?`).run(by, this.runId, siteId);
  }

  /** A list page was read and gave `links` report/attachment links. */
  addLinks(siteId: string, links: number): void {
    this.sql(`UPDATE run_site_log SET lists_fetched = lists_fetched + 1, report_links = report_links + ? WHERE run_id = ? AND site_id = ?`).run(links, this.runId, siteId);
  }

  finish(siteId: string, status: string, error: string | null, now = new Date()): void {
    const row = this.sql('SELECT started_at FROM run_site_log WHERE run_id = ? AND site_id = ?').safeIntegers().get(this.runId, siteId) as { started_at: bigint | string } | undefined;
    const finished = millisAfter(now.toISOString(), row?.started_at ?? now.toISOString());
    this.sql(`UPDATE run_site_log SET status = ?, error_id = ?, finished_at = ? WHERE run_id = ? AND site_id = ?`)
      .run(status, error === null ? null : runText(this.db, error), finished, this.runId, siteId);
  }
}
