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
  private insSnap; private insFetch; private lastOk; private nextId; private knownSnap;
  constructor(private db: DB, private store: SnapshotStore) {
    this.insSnap = db.prepare(`INSERT OR IGNORE INTO snapshots(sha256, size, content_type, charset, charset_source, path, first_seen_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.knownSnap = db.prepare('SELECT 1 FROM snapshots WHERE sha256 = ?');
    this.nextId = db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM fetch_log');
    this.insFetch = db.prepare(`INSERT INTO fetches(id, run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, parent_url,
      status, outcome, error_kind, error, request_headers_json, response_headers_json, started_at, elapsed_ms, attempt,
      snapshot_sha256, size, content_type, charset, etag, last_modified)
      VALUES (@id, @run_id, @site_id, @frontier_key, @kind, @method, @url, @final_url, @redirects_json, @parent_url,
      @status, @outcome, @error_kind, @error, @request_headers_json, @response_headers_json, @started_at, @elapsed_ms, @attempt,
      @snapshot_sha256, @size, @content_type, @charset, @etag, @last_modified)`);
    this.lastOk = db.prepare(`SELECT snapshot_sha256, etag, last_modified FROM fetches
      WHERE url = ? AND method = ? AND outcome IN ('ok','not_modified') AND snapshot_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1`);
  }

  /** Validators of the last good response for a URL, to make a conditional request. */
  previous(url: string, method: string): { snapshot_sha256: string; etag: string | null; last_modified: string | null } | undefined {
    return this.lastOk.get(url, method) as { snapshot_sha256: string; etag: string | null; last_modified: string | null } | undefined;
  }

  /** Writes the body to the store (durably, off the event loop) and returns its hash; the row is added by `record`. */
  putBody(bytes: Buffer): Promise<{ sha256: string; path: string; created: boolean }> {
    return this.store.putAsync(bytes, (hash) => this.knownSnap.get(hash) !== undefined);
  }

  /** Records one fetch (and its snapshot row) plus any extra writes, atomically; returns the fetch id. */
  record(row: FetchRow, snapshot: { sha256: string; path: string; size: number; contentType: string | null; charset: string | null; charsetSource: string | null } | null, extra?: () => void): number {
    const r = row.attempted.result;
    return this.db.transaction(() => {
      if (snapshot) this.insSnap.run(snapshot.sha256, snapshot.size, snapshot.contentType, snapshot.charset, snapshot.charsetSource, snapshot.path, r.startedAt);
      // `fetches` is a view whose trigger writes fetch_log (migration 006); the id is chosen here,
      // inside the write transaction, since a trigger's insert does not report its rowid.
      const id = (this.nextId.get() as { id: number }).id;
      this.insFetch.run({
        id, run_id: row.runId, site_id: row.siteId, frontier_key: row.frontierKey, kind: row.kind, method: row.method,
        url: r.url, final_url: r.finalUrl, redirects_json: JSON.stringify(r.redirects), parent_url: row.parentUrl,
        status: r.status, outcome: row.attempted.outcome, error_kind: row.attempted.errorKind, error: row.attempted.error,
        request_headers_json: JSON.stringify(r.requestHeaders), response_headers_json: JSON.stringify(r.headers),
        started_at: r.startedAt, elapsed_ms: r.elapsedMs, attempt: row.attempted.attempt,
        snapshot_sha256: row.snapshotSha256, size: r.body?.length ?? null, content_type: r.headers['content-type'] ?? null,
        charset: row.charset, etag: r.headers.etag ?? row.carried?.etag ?? null, last_modified: r.headers['last-modified'] ?? row.carried?.last_modified ?? null,
      });
      extra?.();
      return id;
    }).immediate();
  }
}
