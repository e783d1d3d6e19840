// Owns a run's frontier in SQLite: which requests were discovered, in what order, and which are
// still pending. Being in the archive, it survives a killed run, which then continues here.
import { statementCache, type DB } from '../archive/db.js';
import type { DiscoveredRequest, RequestKind } from '../../crawlers/types.js';
import { canonicalUrl, requestKey } from './url.js';

export interface FrontierItem {
  run_id: number; key: string; site_id: string; url: string; method: 'GET' | 'POST'; body: string | null;
  kind: RequestKind; label: string | null; depth: number; parent_url: string | null; state: string; attempts: number; seq: number;
}

export class Frontier {
  private insert;
  private seq;
  private cursor = new Map<string, number>();
  private sql;
  constructor(db: DB, readonly runId: number) {
    this.sql = statementCache(db);
    this.insert = db.prepare(`INSERT OR IGNORE INTO frontier(run_id, key, site_id, url, method, body, kind, label, depth, parent_url, seq)
      VALUES (@run_id, @key, @site_id, @url, @method, @body, @kind, @label, @depth, @parent_url, @seq)`);
    this.seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM frontier WHERE run_id = ?').get(runId) as { s: number }).s;
  }

  /** Adds requests (canonicalised, deduplicated); returns how many were new. */
  add(siteId: string, reqs: DiscoveredRequest[], parentUrl: string | null): number {
    let added = 0;
    for (const r of reqs) {
      const url = canonicalUrl(r.url);
      if (!url) continue;
      const method = r.method ?? 'GET';
      const res = this.insert.run({
        run_id: this.runId, key: requestKey(method, url, r.body), site_id: siteId, url, method, body: r.body ?? null,
        kind: r.kind, label: r.label ?? null, depth: r.depth ?? 0, parent_url: parentUrl, seq: this.seq + 1,
      });
      if (res.changes) { this.seq++; added++; }
    }
    return added;
  }

  countFor(siteId: string): number {
    return (this.sql('SELECT COUNT(*) AS n FROM frontier WHERE run_id = ? AND site_id = ?').get(this.runId, siteId) as { n: number }).n;
  }

  /**
   * The next pending request of a site in discovery order. A request handed out stays pending
   * until its fetch is stored (which may finish after later requests have started), so each
   * site keeps a cursor: new requests always come after it, and a continued run starts from 0.
   */
  next(siteId: string): FrontierItem | undefined {
    const item = this.sql(`SELECT * FROM frontier WHERE run_id = ? AND site_id = ? AND state = 'pending' AND seq > ? ORDER BY seq LIMIT 1`)
      .get(this.runId, siteId, this.cursor.get(siteId) ?? 0) as FrontierItem | undefined;
    if (item) this.cursor.set(siteId, item.seq);
    return item;
  }

  /** Marks a site's pending requests (of the given kinds, or all) skipped; returns how many. */
  skipPending(siteId: string, kinds?: string[]): number {
    const kindSql = kinds ? ` AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
    return this.sql(`UPDATE frontier SET state = 'skipped' WHERE run_id = ? AND site_id = ? AND state = 'pending'${kindSql}`).run(this.runId, siteId, ...(kinds ?? [])).changes;
  }

  setState(key: string, state: 'done' | 'failed' | 'skipped' | 'fresh' | 'pending', attempts?: number): void {
    this.sql('UPDATE frontier SET state = ?, attempts = COALESCE(?, attempts) WHERE run_id = ? AND key = ?').run(state, attempts ?? null, this.runId, key);
  }

  /** Empties the queue of a finished run. */
  clear(): void {
    this.sql('DELETE FROM frontier WHERE run_id = ?').run(this.runId);
  }

  doneCount(siteId: string): number {
    return (this.sql(`SELECT COUNT(*) AS n FROM frontier WHERE run_id = ? AND site_id = ? AND state != 'pending'`).get(this.runId, siteId) as { n: number }).n;
  }
}
