// Owns writing what a fetch saw: the snapshot row (its bytes already durable in the store),
// the fetch row, and the frontier update, in one transaction. A fetch row is stored compactly
// (migration 008): URLs, header sets and the fetch's shape (everything but its run and times)
// once each, and per request only a `fetch_log` row; the `fetches` view gives it back whole.
import type { DB } from '../archive/db.js';
import type { SnapshotStore, Put } from './snapshots.js';
import type { Attempted } from '../fetch/polite.js';
import { isoMillis, dateOffset } from '../archive/compactTime.js';

export interface FetchRow {
  runId: number; siteId: string; frontierKey: string | null; kind: string; method: string; parentUrl: string | null;
  attempted: Attempted; snapshotSha256: string | null; charset: string | null;
  /** Validators carried over from the stored snapshot when a 304 does not repeat them. */
  carried?: { etag: string | null; last_modified: string | null };
}

/** In a header set of a shape with header_tokens = 1, these values stand for the shape's etag and last_modified. */
export const ETAG_TOKEN = '\u0000E';
export const LAST_MODIFIED_TOKEN = '\u0000L';

/** A validator the view can put back with json_quote exactly as JSON.stringify wrote it. */
const tokenable = (v: string | null): v is string => v !== null && !/[\u0000-\u001f]/.test(v);

type Pending = Array<[Map<string, number>, string, number]>;

/** A snapshot row to insert with a fetch; `inlineBody`: its bytes, kept in the archive (path INLINE_PATH) in the same transaction. */
export interface SnapshotRow {
  sha256: string; path: string; size: number; contentType: string | null; charset: string | null; charsetSource: string | null; inlineBody?: Buffer;
}

/** Entries each id cache (URLs, header sets) keeps at most. */
const CACHE_ENTRIES = 20_000;

export class Recorder {
  private insSnap; private knownSnap; private insHeaders; private headerId; private insUrl; private urlId;
  private findShape; private insShape; private insFetch; private lastOk;
  /** Runs a function in a transaction of its own, or a savepoint inside the caller's (one wrapper for every record). */
  private tx: <T>(f: () => T) => T;
  /** Ids of the URLs and header sets this process has seen (committed ones only, at most CACHE_ENTRIES each). */
  private urlIds = new Map<string, number>();
  private headerIds = new Map<string, number>();
  /** Ids made inside a caller's still open transaction (see `committed`). */
  private uncommitted: Pending = [];
  constructor(private db: DB, private store: SnapshotStore) {
    const run = db.transaction((f: () => unknown) => f());
    this.tx = <T>(f: () => T) => run.immediate(f) as T;
    this.insSnap = db.prepare(`INSERT OR IGNORE INTO snapshots(sha256, size, content_type, charset, charset_source, path, first_seen_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.knownSnap = db.prepare('SELECT 1 FROM snapshots WHERE sha256 = ?');
    this.insHeaders = db.prepare('INSERT INTO header_sets(json) VALUES (?)');
    this.headerId = db.prepare('SELECT id FROM header_sets WHERE json = ?').pluck();
    this.insUrl = db.prepare('INSERT INTO urls(url) VALUES (?)');
    this.urlId = db.prepare('SELECT id FROM urls WHERE url = ?').pluck();
    // the same comparison as the `fetches` view's insert trigger (NULLs equal)
    this.findShape = db.prepare(`SELECT id FROM fetch_shapes WHERE url_id = @url_id AND site_id IS @site_id AND frontier_key IS @frontier_key
      AND kind IS @kind AND method IS @method AND final_url_id IS @final_url_id AND redirects_json IS @redirects_json AND parent_url_id IS @parent_url_id
      AND status IS @status AND outcome IS @outcome AND error_kind IS @error_kind AND error IS @error
      AND request_headers_id = @request_headers_id AND response_headers_id = @response_headers_id AND header_tokens = @header_tokens AND attempt IS @attempt
      AND snapshot_sha256 IS @snapshot_sha256 AND size IS @size AND content_type IS @content_type AND charset IS @charset
      AND etag IS @etag AND last_modified IS @last_modified LIMIT 1`).pluck();
    this.insShape = db.prepare(`INSERT INTO fetch_shapes(site_id, frontier_key, kind, method, url_id, final_url_id, redirects_json, parent_url_id,
      status, outcome, error_kind, error, request_headers_id, response_headers_id, header_tokens, attempt, snapshot_sha256, size, content_type, charset, etag, last_modified)
      VALUES (@site_id, @frontier_key, @kind, @method, @url_id, @final_url_id, @redirects_json, @parent_url_id,
      @status, @outcome, @error_kind, @error, @request_headers_id, @response_headers_id, @header_tokens, @attempt, @snapshot_sha256, @size, @content_type, @charset, @etag, @last_modified)`);
    // written straight to fetch_log (the `fetches` view's insert trigger does the same for other writers)
    this.insFetch = db.prepare('INSERT INTO fetch_log(run_id, shape_id, started_at, elapsed_ms, response_date) VALUES (?, ?, ?, ?, ?)');
    this.lastOk = db.prepare(`SELECT s.snapshot_sha256, s.etag, s.last_modified FROM fetch_shapes s
      WHERE s.url_id = (SELECT id FROM urls WHERE url = ?) AND s.method = ? AND s.outcome IN ('ok', 'not_modified') AND s.snapshot_sha256 IS NOT NULL
      ORDER BY (SELECT MAX(f.id) FROM fetch_log f WHERE f.shape_id = s.id) DESC LIMIT 1`);
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

  /**
   * Stores the body and returns its hash; the row is added by `record`. A file is written durably
   * without blocking (on libuv's pool); a small body comes back `inline`, for `record` to write in
   * the row's own transaction. `inline: false` (a body no row will hold) always makes a file.
   */
  putBody(bytes: Buffer, opts: { inline?: boolean } = {}): Promise<Put> {
    return this.store.putAsync(bytes, (hash) => this.knownSnap.get(hash) !== undefined, opts);
  }

  /** The id of a stored value from the cache, the table, or a new row; call inside the write transaction.
   * New cache entries wait in `pending` until the transaction has committed (a rolled-back id must not be reused). */
  private intern(cache: Map<string, number>, key: string, pending: Pending, find: () => unknown, insert: () => number): number {
    let id = cache.get(key);
    if (id === undefined) {
      id = (find() as number | undefined) ?? insert();
      pending.push([cache, key, id]);
    }
    return id;
  }

  /** The URL's id, and whether its row was made just now (a new URL has no fetch shape yet). */
  private url(url: string, pending: Pending): number {
    return this.intern(this.urlIds, url, pending, () => this.urlId.get(url), () => { this.newUrl = true; return Number(this.insUrl.run(url).lastInsertRowid); });
  }
  private newUrl = false;

  private headerSet(json: string, pending: Pending): number {
    return this.intern(this.headerIds, json, pending, () => this.headerId.get(json), () => Number(this.insHeaders.run(json).lastInsertRowid));
  }

  /** Records one fetch (and its snapshot row) plus any extra writes, atomically; returns the fetch id. */
  record(row: FetchRow, snapshot: SnapshotRow | null, extra?: () => void): number {
    const r = row.attempted.result;
    const etag = r.headers.etag ?? row.carried?.etag ?? null;
    const lastModified = r.headers['last-modified'] ?? row.carried?.last_modified ?? null;
    const request: Record<string, string> = { ...r.requestHeaders };
    // the response's Date is kept apart so that its header set repeats (migration 006)
    const response: Record<string, string> = { ...r.headers };
    const date = 'date' in response ? response.date : null;
    if (date !== null) response.date = '';
    // validators equal to the row's etag / last_modified are kept in the shape only, so that header sets repeat across URLs (008)
    let tokens = 0;
    let requestJson = JSON.stringify(request);
    let responseJson = JSON.stringify(response);
    if ((tokenable(etag) || tokenable(lastModified)) && !requestJson.includes('\\u0000') && !responseJson.includes('\\u0000')) {
      const slots: Array<[Record<string, string>, string, string | null, string]> = [
        [request, 'If-None-Match', etag, ETAG_TOKEN], [request, 'If-Modified-Since', lastModified, LAST_MODIFIED_TOKEN],
        [response, 'etag', etag, ETAG_TOKEN], [response, 'last-modified', lastModified, LAST_MODIFIED_TOKEN]];
      for (const [headers, name, value, token] of slots) {
        if (tokenable(value) && headers[name] === value) { headers[name] = token; tokens = 1; }
      }
      if (tokens) { requestJson = JSON.stringify(request); responseJson = JSON.stringify(response); }
    }
    const startedAt = isoMillis(r.startedAt);
    const responseDate = dateOffset(date, startedAt);
    const redirects = JSON.stringify(r.redirects);
    const pending: Pending = [];
    const outer = this.db.inTransaction;
    this.newUrl = false;
    const id = this.tx(() => {
      if (snapshot) {
        this.insSnap.run(snapshot.sha256, snapshot.size, snapshot.contentType, snapshot.charset, snapshot.charsetSource, snapshot.path, r.startedAt);
        if (snapshot.inlineBody) this.store.insertInline(snapshot.sha256, snapshot.inlineBody);
      }
      const shape = {
        site_id: row.siteId, frontier_key: row.frontierKey, kind: row.kind, method: row.method, url_id: this.url(r.url, pending),
        final_url_id: r.finalUrl === null || r.finalUrl === undefined ? 0 : r.finalUrl === r.url ? null : this.url(r.finalUrl, pending),
        redirects_json: redirects === '[]' ? null : redirects, parent_url_id: row.parentUrl === null ? null : this.url(row.parentUrl, pending),
        status: r.status, outcome: row.attempted.outcome, error_kind: row.attempted.errorKind, error: row.attempted.error,
        request_headers_id: this.headerSet(requestJson, pending), response_headers_id: this.headerSet(responseJson, pending),
        header_tokens: tokens, attempt: row.attempted.attempt, snapshot_sha256: row.snapshotSha256, size: r.body?.length ?? r.bodyLength ?? null,
        content_type: r.headers['content-type'] ?? null, charset: row.charset, etag, last_modified: lastModified,
      };
      // a URL first seen in this fetch has no shape to share: no need to look for one
      const urlIsNew = this.newUrl;
      // (shapes are not cached: within a run a shape seldom repeats, and a cache of them would grow with the run)
      const shapeId = (urlIsNew ? undefined : this.findShape.get(shape) as number | undefined) ?? Number(this.insShape.run(shape).lastInsertRowid);
      const info = this.insFetch.run(row.runId, shapeId, startedAt, r.elapsedMs, responseDate);
      extra?.();
      return Number(info.lastInsertRowid);
    });
    // inside a caller's transaction nothing is committed yet: those ids wait for `committed`
    if (!outer) this.remember(pending);
    else this.uncommitted.push(...pending);
    return id;
  }

  /** The caller's transaction (a group commit) has committed: the ids made inside it may be cached. */
  committed(): void {
    this.remember(this.uncommitted);
    this.uncommitted = [];
  }

  /** Caches committed ids; a cache past its size is emptied, so a long run's memory stays flat (a miss costs one look-up). */
  private remember(pending: Pending): void {
    for (const [cache, key, value] of pending) {
      if (cache.size >= CACHE_ENTRIES) cache.clear();
      cache.set(key, value);
    }
  }

  /** The caller's transaction was rolled back: its ids are gone. */
  rolledBack(): void {
    this.uncommitted = [];
  }
}
