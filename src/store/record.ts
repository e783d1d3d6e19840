// Owns writing what a fetch saw: the snapshot row (its bytes already durable in the store),
// the fetch row, and the frontier update, in one transaction.
import type { DB } from '../archive/db.js';
import type { SnapshotStore } from './snapshots.js';
import type { Attempted } from '../fetch/polite.js';

export interface FetchRow {
  runId: number; siteId: string; frontierKey: string | null; kind: string; method: string; parentUrl: string | null;
  attempted: Attempted; snapshotSha256: string | null; charset: string | null;
  /** Validators carried over from the stored snapshot when a 304 does not repeat them. */
  carried?: { etag: string | null; last_modified: string | null };
}

export class Recorder {
  private insSnap; private insFetch; private lastOk; private knownSnap; private insHeaders; private headerId;
  /** Header set JSON → id, for the sets this process has seen (most requests repeat one). */
  private headerIds = new Map<string, number>();
  constructor(private db: DB, private store: SnapshotStore) {
    this.insSnap = db.prepare(`INSERT OR IGNORE INTO snapshots(sha256, size, content_type, charset, charset_source, path, first_seen_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.knownSnap = db.prepare('SELECT 1 FROM snapshots WHERE sha256 = ?');
    this.insHeaders = db.prepare('INSERT OR IGNORE INTO header_sets(json) VALUES (?)');
    this.headerId = db.prepare('SELECT id FROM header_sets WHERE json = ?').pluck();
    // written straight to fetch_log (the `fetches` view's insert trigger does the same for other writers)
    this.insFetch = db.prepare(`INSERT INTO fetch_log(run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, parent_url,
      status, outcome, error_kind, error, request_headers_id, response_headers_id, response_date, started_at, elapsed_ms, attempt,
      snapshot_sha256, size, content_type, charset, etag, last_modified)
      VALUES (@run_id, @site_id, @frontier_key, @kind, @method, @url, @final_url, @redirects_json, @parent_url,
      @status, @outcome, @error_kind, @error, @request_headers_id, @response_headers_id, @response_date, @started_at, @elapsed_ms, @attempt,
      @snapshot_sha256, @size, @content_type, @charset, @etag, @last_modified)`);
    this.lastOk = db.prepare(`SELECT snapshot_sha256, etag, last_modified FROM fetch_log
      WHERE url = ? AND method = ? AND outcome IN ('ok','not_modified') AND snapshot_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1`);
  }

  /** Conditional request headers from a previous good response (none when there was none). */
  static conditionalHeaders(prev: { etag: string | null; last_modified: string | null } | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    if (prev?.etag) headers['If-None-Match'] = prev.etag;
    if (prev?.last_modified) headers['If-Modified-Since'] = prev.last_modified;
    return headers;
  }

  /** The stored bytes a 304 confirmed, or null when the previous response has no readable snapshot. */
  storedBody(prev: { snapshot_sha256: string } | undefined): Buffer | null {
    return prev && this.store.has(prev.snapshot_sha256) ? this.store.get(prev.snapshot_sha256) : null;
  }

  /** Validators of the last good response for a URL, to make a conditional request. */
  previous(url: string, method: string): { snapshot_sha256: string; etag: string | null; last_modified: string | null } | undefined {
    return this.lastOk.get(url, method) as { snapshot_sha256: string; etag: string | null; last_modified: string | null } | undefined;
  }

  /** Writes the body to the store (durably, off the event loop) and returns its hash; the row is added by `record`. */
  putBody(bytes: Buffer): Promise<{ sha256: string; path: string; created: boolean }> {
    return this.store.putAsync(bytes, (hash) => this.knownSnap.get(hash) !== undefined);
  }

  /** The id of a header set (stored once); call inside the write transaction. */
  private headerSet(json: string): number {
    let id = this.headerIds.get(json);
    if (id === undefined) {
      this.insHeaders.run(json);
      id = this.headerId.get(json) as number;
      this.headerIds.set(json, id);
    }
    return id;
  }

  /** Records one fetch (and its snapshot row) plus any extra writes, atomically; returns the fetch id. */
  record(row: FetchRow, snapshot: { sha256: string; path: string; size: number; contentType: string | null; charset: string | null; charsetSource: string | null } | null, extra?: () => void): number {
    const r = row.attempted.result;
    return this.db.transaction(() => {
      if (snapshot) this.insSnap.run(snapshot.sha256, snapshot.size, snapshot.contentType, snapshot.charset, snapshot.charsetSource, snapshot.path, r.startedAt);
      // the response's Date is kept apart so that its header set repeats (migration 006)
      const response: Record<string, string> = { ...r.headers };
      const date = 'date' in response ? response.date : null;
      if (date !== null) response.date = '';
      const info = this.insFetch.run({
        run_id: row.runId, site_id: row.siteId, frontier_key: row.frontierKey, kind: row.kind, method: row.method,
        url: r.url, final_url: r.finalUrl, redirects_json: JSON.stringify(r.redirects), parent_url: row.parentUrl,
        status: r.status, outcome: row.attempted.outcome, error_kind: row.attempted.errorKind, error: row.attempted.error,
        request_headers_id: this.headerSet(JSON.stringify(r.requestHeaders)), response_headers_id: this.headerSet(JSON.stringify(response)), response_date: date,
        started_at: r.startedAt, elapsed_ms: r.elapsedMs, attempt: row.attempted.attempt,
        snapshot_sha256: row.snapshotSha256, size: r.body?.length ?? null, content_type: r.headers['content-type'] ?? null,
        charset: row.charset, etag: r.headers.etag ?? row.carried?.etag ?? null, last_modified: r.headers['last-modified'] ?? row.carried?.last_modified ?? null,
      });
      extra?.();
      return Number(info.lastInsertRowid);
    }).immediate();
  }
}
