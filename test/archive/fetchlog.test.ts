// The compact fetch log (migration 008): every row reads back from the `fetches` view exactly as
// the 006 schema gave it, whether it was written by the Recorder, through the view's insert
// trigger, or before the migration.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrate, type DB } from '../../src/archive/db.js';
import { archiveAt, currentArchive } from '../helpers/schema.js';
import { Recorder, type FetchRow } from '../../src/store/record.js';
import { isoMillis, dateOffset } from '../../src/archive/compactTime.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { crawl } from '../../src/crawl/crawler.js';
import { loadGlobalConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { replayHostMap } from '../../src/cli/hostmap.js';
import type { Attempted } from '../../src/fetch/polite.js';
import { shippedSites, tempStorage } from '../helpers/crawl.js';
import { openArchive } from '../../src/archive/db.js';

const COLUMNS = ['id', 'run_id', 'site_id', 'frontier_key', 'kind', 'method', 'url', 'final_url', 'redirects_json', 'parent_url', 'status', 'outcome',
  'error_kind', 'error', 'request_headers_json', 'response_headers_json', 'started_at', 'elapsed_ms', 'attempt', 'snapshot_sha256', 'size',
  'content_type', 'charset', 'etag', 'last_modified'];

/** Every column of every row as an SQL literal (so 5, 5.0, '5' and X'35' all differ). */
const dump = (db: DB) => db.prepare(`SELECT ${COLUMNS.map((c) => `quote(${c}) AS ${c}`).join(', ')} FROM fetches ORDER BY fetches.id`).all();

const SHA1 = 'a'.repeat(64);
const SHA2 = 'b'.repeat(64);
function seed(db: DB): DB {
  const site = db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES (?, ?, 'r', 'county', 'plain', 'http://x/', 'h', '{}', 'now')`);
  site.run('s1', 'one');
  site.run('s2', 'two');
  for (const id of [1, 2, 3]) db.prepare(`INSERT INTO crawl_runs(id, started_at, status) VALUES (?, ?, 'completed')`).run(id, `2025-06-0${id}T01:00:00.000Z`);
  for (const sha of [SHA1, SHA2]) db.prepare(`INSERT INTO snapshots(sha256, size, path, first_seen_at) VALUES (?, 10, 'p', 'now')`).run(sha);
  return db;
}

/** What the Recorder wrote under migration 006 (the reference for "as before"). */
function record006(db: DB, row: FetchRow): void {
  const r = row.attempted.result;
  const set = (json: string) => {
    db.prepare('INSERT OR IGNORE INTO header_sets(json) VALUES (?)').run(json);
    return db.prepare('SELECT id FROM header_sets WHERE json = ?').pluck().get(json);
  };
  const response: Record<string, string> = { ...r.headers };
  const date = 'date' in response ? response.date : null;
  if (date !== null) response.date = '';
  db.prepare(`INSERT INTO fetch_log(run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, parent_url,
      status, outcome, error_kind, error, request_headers_id, response_headers_id, response_date, started_at, elapsed_ms, attempt,
      snapshot_sha256, size, content_type, charset, etag, last_modified)
    VALUES (@run_id, @site_id, @frontier_key, @kind, @method, @url, @final_url, @redirects_json, @parent_url,
      @status, @outcome, @error_kind, @error, @request_headers_id, @response_headers_id, @response_date, @started_at, @elapsed_ms, @attempt,
      @snapshot_sha256, @size, @content_type, @charset, @etag, @last_modified)`).run({
    run_id: row.runId, site_id: row.siteId, frontier_key: row.frontierKey, kind: row.kind, method: row.method,
    url: r.url, final_url: r.finalUrl, redirects_json: JSON.stringify(r.redirects), parent_url: row.parentUrl,
    status: r.status, outcome: row.attempted.outcome, error_kind: row.attempted.errorKind, error: row.attempted.error,
    request_headers_id: set(JSON.stringify(r.requestHeaders)), response_headers_id: set(JSON.stringify(response)), response_date: date,
    started_at: r.startedAt, elapsed_ms: r.elapsedMs, attempt: row.attempted.attempt,
    snapshot_sha256: row.snapshotSha256, size: r.body?.length ?? null, content_type: r.headers['content-type'] ?? null,
    charset: row.charset, etag: r.headers.etag ?? row.carried?.etag ?? null, last_modified: r.headers['last-modified'] ?? row.carried?.last_modified ?? null,
  });
}

const UA = { 'User-Agent': 'ogi-archive/0.1 (+https://example.org)', Accept: 'text/html,*/*;q=0.5', 'Accept-Encoding': 'gzip, deflate, br' };
const LM = 'Sat, 01 Jun 2024 00:00:00 GMT';

function fetchRow(o: Partial<FetchRow> & { url?: string; finalUrl?: string | null; redirects?: Attempted['result']['redirects']; status?: number | null; headers?: Record<string, string>;
  requestHeaders?: Record<string, string>; body?: Buffer | null; startedAt?: string; elapsedMs?: number; outcome?: Attempted['outcome']; errorKind?: string | null; error?: string | null; attempt?: number }): FetchRow {
  const url = o.url ?? 'http://www.example.gov.cn/list/index.html';
  return {
    runId: o.runId ?? 1, siteId: o.siteId ?? 's1', frontierKey: o.frontierKey === undefined ? 'f'.repeat(40) : o.frontierKey, kind: o.kind ?? 'list', method: o.method ?? 'GET',
    parentUrl: o.parentUrl ?? null, snapshotSha256: o.snapshotSha256 === undefined ? SHA1 : o.snapshotSha256, charset: o.charset === undefined ? 'utf-8' : o.charset, carried: o.carried,
    attempted: {
      result: {
        url, finalUrl: (o.finalUrl === undefined ? url : o.finalUrl) as string, redirects: o.redirects ?? [], status: o.status === undefined ? 200 : o.status,
        headers: o.headers ?? { 'content-type': 'text/html; charset=utf-8', etag: '"e1"', 'last-modified': LM, date: 'Mon, 02 Jun 2025 01:00:01 GMT', server: 'nginx' },
        requestHeaders: o.requestHeaders ?? UA, body: o.body === undefined ? Buffer.from('0123456789') : o.body,
        startedAt: o.startedAt ?? '2025-06-02T01:00:00.500Z', elapsedMs: o.elapsedMs ?? 12, error: null,
      },
      outcome: o.outcome ?? 'ok', errorKind: o.errorKind ?? null, error: o.error ?? null, attempt: o.attempt ?? 1,
    },
  };
}

const nm = (over: Parameters<typeof fetchRow>[0] = {}) => fetchRow({
  status: 304, outcome: 'not_modified', body: null, charset: null, carried: { etag: '"e1"', last_modified: LM },
  requestHeaders: { ...UA, 'If-None-Match': '"e1"', 'If-Modified-Since': LM },
  headers: { server: 'nginx', etag: '"e1"', 'last-modified': LM, date: 'Tue, 03 Jun 2025 01:00:00 GMT', connection: 'keep-alive' }, ...over,
});

/** Fetch rows covering what the Recorder meets: redirects, errors, NULLs, odd dates and times, carried validators. */
const ROWS: FetchRow[] = [
  fetchRow({}),
  fetchRow({}), // the same again (shares its shape)
  nm({ runId: 2, startedAt: '2025-06-03T01:00:00.000Z' }),
  nm({ runId: 3, startedAt: '2025-06-04T01:00:00.999Z', headers: { server: 'nginx', etag: '"e1"', 'last-modified': LM, date: 'Wed, 04 Jun 2025 01:00:00 GMT', connection: 'keep-alive' } }),
  // a 304 that repeats no validator: they are carried from the stored snapshot
  nm({ url: 'http://www.example.gov.cn/robots.txt', kind: 'robots', frontierKey: null, headers: { date: 'Tue, 03 Jun 2025 01:00:00 GMT' } }),
  // only If-Modified-Since, and a weak ETag with a backslash
  nm({ url: 'http://www.example.gov.cn/a.html', carried: { etag: 'W/"a\\b"', last_modified: LM }, requestHeaders: { ...UA, 'If-None-Match': 'W/"a\\b"' }, headers: { etag: 'W/"a\\b"', date: 'Tue, 03 Jun 2025 01:00:00 GMT' } }),
  // validators with a control character, or headers with a NUL: no tokens
  nm({ url: 'http://www.example.gov.cn/b.html', carried: { etag: '"a\tb"', last_modified: null }, requestHeaders: { ...UA, 'If-None-Match': '"a\tb"' }, headers: { etag: '"a\tb"' } }),
  nm({ url: 'http://www.example.gov.cn/c.html', headers: { etag: '"e1"', 'x-odd': 'a\u0000b', date: 'Tue, 03 Jun 2025 01:00:00 GMT' } }),
  nm({ url: 'http://www.example.gov.cn/d.html', headers: { etag: '"e1"', 'x-odd': '\\u0000E', date: 'Tue, 03 Jun 2025 01:00:00 GMT' } }),
  // a changed page: the request's validators differ from the response's
  fetchRow({ requestHeaders: { ...UA, 'If-None-Match': '"e0"', 'If-Modified-Since': 'Fri, 31 May 2024 00:00:00 GMT' }, snapshotSha256: SHA2 }),
  // redirects, a parent, a POST
  fetchRow({ url: 'http://www.example.gov.cn/r', finalUrl: 'https://www.example.gov.cn/r', redirects: [{ url: 'http://www.example.gov.cn/r', status: 301, location: 'https://www.example.gov.cn/r' }],
    parentUrl: 'http://www.example.gov.cn/list/index.html', kind: 'report' }),
  fetchRow({ url: 'http://www.example.gov.cn/api', method: 'POST', kind: 'data', requestHeaders: { ...UA, 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8', 'Content-Length': '7' } }),
  fetchRow({ url: 'http://www.example.gov.cn/nofinal', finalUrl: null, headers: {}, body: null, snapshotSha256: null }),
  // a network error and a robots.txt refusal
  fetchRow({ url: 'http://down.example.gov.cn/', status: null, headers: {}, body: null, snapshotSha256: null, charset: null, outcome: 'network_error', errorKind: 'timeout', error: 'no response in 30000 ms', attempt: 3 }),
  fetchRow({ url: 'http://www.example.gov.cn/trap', status: null, headers: {}, requestHeaders: {}, body: null, snapshotSha256: null, charset: null, outcome: 'robots_disallowed', errorKind: 'robots', error: 'robots.txt', attempt: 0, elapsedMs: 0, siteId: 's2' }),
  // odd Date headers
  ...['Mon, 2 Jun 2025 01:00:00 GMT', 'Monday, 02-Jun-25 01:00:00 GMT', 'Mon Jun  2 01:00:00 2025', '', 'Wed, 02 Jun 2025 01:00:00 GMT', 'Mon, 02 Jun 2025 01:00:00 UTC',
    'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 01 Jan 1960 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'Mon, 02 Jun 2025 00:00:00 GMT', 'Mon, 02 Jun 2025 01:00:00 GMT\t', 'mon, 02 jun 2025 01:00:00 gmt']
    .map((date, i) => fetchRow({ url: `http://www.example.gov.cn/date${i}`, headers: { 'content-type': 'text/html', date } })),
  fetchRow({ url: 'http://www.example.gov.cn/Date', headers: { Date: 'Mon, 02 Jun 2025 01:00:00 GMT' } }),
  // odd start times
  ...['2025-06-02T01:00:00Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', 'not a time', '+010000-01-01T00:00:00.000Z', '2025-02-30T01:00:00.000Z', '2025-06-02 01:00:00.000']
    .map((startedAt, i) => fetchRow({ url: `http://www.example.gov.cn/time${i}`, startedAt })),
  // latin1 header text as Node hands it over
  fetchRow({ url: 'http://www.example.gov.cn/f.pdf', kind: 'attachment', headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="å¹´æ¥.pdf"', etag: '"é"' } }),
];

/** Rows as other writers insert them through the view (the 006 trigger's cases). */
const VIEW_ROWS: Array<Record<string, unknown>> = [
  { run_id: 1, site_id: 's1', kind: 'report', method: 'GET', url: 'http://v/1', outcome: 'ok', started_at: '2024-03-01T01:00:01.000Z' },
  { run_id: 1, site_id: 's1', kind: 'report', method: 'GET', url: 'http://v/2', final_url: 'http://v/2', redirects_json: '[]', outcome: 'ok', status: '200', started_at: 'now',
    request_headers_json: '{ "User-Agent" : "x" }', response_headers_json: '{ "date" : "Mon, 02 Jun 2025 01:00:00 GMT", "etag": "\\"e\\"" }', snapshot_sha256: SHA1, size: 5, etag: '"e"' },
  { run_id: 1, site_id: 's1', kind: 'report', method: 'GET', url: 'http://v/3', final_url: 'https://v/3', redirects_json: '[{"url":"http://v/3","status":301,"location":"https://v/3"}]',
    outcome: 'ok', started_at: '2025-06-02T01:00:00.123Z', response_headers_json: '{"date":"Mon, 02 Jun 2025 01:00:00 GMT","server":"x"}', elapsed_ms: 7, attempt: 2 },
  { run_id: 2, site_id: 's2', kind: 'list', method: 'GET', url: 'http://v/4', outcome: 'not_modified', status: 304, started_at: 1234, response_headers_json: '{"date":null}', attempt: null },
  { run_id: 2, site_id: 's2', kind: 'list', method: 'GET', url: 'http://v/5', outcome: 'ok', started_at: '2025-06-02T01:00:00.000Z', response_headers_json: '{"date":5}', parent_url: 'http://v/4', frontier_key: 'k' },
  { run_id: 2, site_id: 's2', kind: 'list', method: 'GET', url: 'http://v/6', outcome: 'ok', started_at: '2025-06-02T01:00:00.000Z', response_headers_json: '{"date":"Mon, 02 Jun 2025 01:00:00 GMT"}', status: 200.0, size: 3.0 },
  { run_id: 2, site_id: 's2', kind: 'list', method: 'GET', url: 'http://v/7', outcome: 'ok', started_at: '2025-06-02T01:00:00.000Z', response_headers_json: '{"a":{"b":[1, 2]},"date":"Mon, 02 Jun 2025 01:00:00 GMT"}' },
  { run_id: 3, site_id: 's1', kind: 'report', method: 'GET', url: 'http://v/1', outcome: 'ok', started_at: '2024-03-01T01:00:01.000Z' }, // repeats the first
  { id: 100, run_id: 3, site_id: 's1', kind: 'list', method: 'GET', url: 'http://v/8', final_url: null, outcome: 'http_error', error_kind: '4xx', error: 'HTTP 404', status: 404, started_at: '2024-03-01T01:00:01.000Z' },
];
const insertViewRows = (db: DB) => {
  for (const r of VIEW_ROWS) {
    const cols = Object.keys(r);
    db.prepare(`INSERT INTO fetches(${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(r);
  }
};

const recorder = (db: DB) => new Recorder(db, new SnapshotStore(tempStorage()));

describe('the compact fetch log (008)', () => {
  it('gives the same columns as before', () => {
    const a = archiveAt(7);
    const b = currentArchive();
    const cols = (db: DB) => (db.prepare('SELECT name FROM pragma_table_info(?)').all('fetches') as Array<{ name: string }>).map((c) => c.name);
    expect(cols(a)).toEqual(COLUMNS);
    expect(cols(b)).toEqual(COLUMNS);
  });

  it('reads back every Recorder row exactly as migration 006 stored it', () => {
    const before = seed(archiveAt(7));
    for (const row of ROWS) record006(before, row);
    const after = seed(currentArchive());
    const rec = recorder(after);
    for (const row of ROWS) rec.record(row, null);
    const expected = dump(before);
    expect(expected.length).toBe(ROWS.length);
    expect(dump(after)).toEqual(expected);
    // and a second Recorder (ids from the database, not from its cache) stores them again the same way
    const again = recorder(after);
    for (const row of ROWS) again.record({ ...row, runId: 3 }, null);
    const twice = dump(after) as Array<Record<string, unknown>>;
    expect(twice.length).toBe(2 * ROWS.length);
    for (let i = 0; i < ROWS.length; i++) expect({ ...twice[ROWS.length + i], id: 0, run_id: 0 }, String(i)).toEqual({ ...(expected[i] as object), id: 0, run_id: 0 });
    expect(twice.slice(ROWS.length).map((r) => ({ ...r, id: 0, run_id: 0 }))).toEqual(expected.map((r) => ({ ...(r as object), id: 0, run_id: 0 })));
    expect((after.prepare('SELECT COUNT(*) FROM fetch_shapes').pluck().get() as number)).toBeLessThan(ROWS.length);
    // validators repeated by the request and the response are kept once, in the shape
    expect(after.prepare('SELECT COUNT(*) FROM fetch_shapes WHERE header_tokens = 1').pluck().get()).toBeGreaterThan(3);
    expect(after.prepare(`SELECT COUNT(*) FROM header_sets WHERE json LIKE '%"e1"%'`).pluck().get()).toBe(0);
  });

  it('migrates rows of 006 (Recorder rows and rows inserted through the view) without changing a value', () => {
    const db = seed(archiveAt(7));
    for (const row of ROWS) record006(db, row);
    insertViewRows(db);
    const before = dump(db);
    expect(migrate(db)[0]).toBe(8); // and any later migrations
    expect(dump(db)).toEqual(before);
    expect(db.prepare('SELECT COUNT(*) FROM sqlite_temp_master').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('stores inserts through the view as 006 did', () => {
    const before = seed(archiveAt(7));
    insertViewRows(before);
    const after = seed(currentArchive());
    insertViewRows(after);
    expect(dump(after)).toEqual(dump(before));
    expect(after.prepare('SELECT COUNT(*) FROM fetch_shapes').pluck().get()).toBe(VIEW_ROWS.length - 1);
    // what the view gives, inserted again through it, reads back the same (the trigger is the view's inverse)
    const copy = seed(currentArchive());
    for (const r of after.prepare('SELECT * FROM fetches ORDER BY id').all() as Array<Record<string, unknown>>) {
      copy.prepare(`INSERT INTO fetches(${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run(r);
    }
    expect(dump(copy)).toEqual(dump(after));
    expect(() => after.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, outcome, started_at) VALUES (1, 's1', 'list', 'GET', NULL, 'ok', 'now')`).run()).toThrow(/NOT NULL/);
    expect(() => after.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, outcome, started_at) VALUES (1, 's1', 'list', 'GET', 'http://v/9', 'ok', NULL)`).run()).toThrow(/NOT NULL/);
    expect(() => after.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, outcome, started_at) VALUES (1, 'nope', 'list', 'GET', 'http://v/9', 'ok', 'now')`).run()).toThrow(/FOREIGN KEY/);
  });

  it('encodes times only when the view gives the same text back', () => {
    expect(isoMillis('2025-06-02T01:00:00.123Z')).toBe(1748826000123n);
    expect(isoMillis('2025-06-02T01:00:00Z')).toBe('2025-06-02T01:00:00Z');
    expect(isoMillis('1969-12-31T23:59:59.999Z')).toBe('1969-12-31T23:59:59.999Z');
    expect(dateOffset('Mon, 02 Jun 2025 01:00:01 GMT', 1748826000123n)).toBe(1n);
    expect(dateOffset('Mon, 02 Jun 2025 00:59:59 GMT', 1748826000123n)).toBe(-1n);
    expect(dateOffset('Wed, 02 Jun 2025 01:00:00 GMT', 1748826000123n)).toBe('Wed, 02 Jun 2025 01:00:00 GMT');
    expect(dateOffset('Mon, 02 Jun 2025 01:00:01 GMT', '2025-06-02T01:00:00Z')).toBe('Mon, 02 Jun 2025 01:00:01 GMT');
    const db = seed(currentArchive());
    recorder(db).record(fetchRow({}), null);
    expect(db.prepare('SELECT typeof(started_at) AS s, typeof(response_date) AS d, response_date AS v FROM fetch_log').get()).toEqual({ s: 'integer', d: 'integer', v: 1 });
  });

  it('records inside a transaction of the caller, and a rolled-back row leaves no stale id behind', () => {
    const db = seed(currentArchive());
    const rec = recorder(db);
    expect(() => db.transaction(() => {
      rec.record(fetchRow({ url: 'http://www.example.gov.cn/rolled-back', parentUrl: 'http://www.example.gov.cn/p' }), null);
      throw new Error('rollback');
    })()).toThrow('rollback');
    expect(db.prepare('SELECT COUNT(*) FROM urls').pluck().get()).toBe(0);
    db.prepare(`INSERT INTO urls(url) VALUES ('http://www.example.gov.cn/other'), ('http://www.example.gov.cn/other2')`).run();
    const id = rec.record(fetchRow({ url: 'http://www.example.gov.cn/rolled-back', parentUrl: 'http://www.example.gov.cn/p' }), null);
    expect(db.prepare('SELECT url, parent_url FROM fetches WHERE id = ?').get(id)).toEqual({ url: 'http://www.example.gov.cn/rolled-back', parent_url: 'http://www.example.gov.cn/p' });
    const inner = db.transaction(() => rec.record(fetchRow({ url: 'http://www.example.gov.cn/inner' }), null))();
    expect(db.prepare('SELECT url FROM fetches WHERE id = ?').pluck().get(inner)).toBe('http://www.example.gov.cn/inner');
    expect(rec.previous('http://www.example.gov.cn/inner', 'GET')).toEqual({ snapshot_sha256: SHA1, etag: '"e1"', last_modified: LM });
  });

  it('finds the last good response of a URL', () => {
    const db = seed(currentArchive());
    const rec = recorder(db);
    expect(rec.previous('http://www.example.gov.cn/list/index.html', 'GET')).toBeUndefined();
    rec.record(fetchRow({}), null);
    rec.record(fetchRow({ snapshotSha256: SHA2, headers: { etag: '"e2"' } }), null);
    rec.record(fetchRow({ status: 500, outcome: 'http_error', snapshotSha256: null, headers: {} }), null);
    expect(rec.previous('http://www.example.gov.cn/list/index.html', 'GET')).toEqual({ snapshot_sha256: SHA2, etag: '"e2"', last_modified: null });
    rec.record(fetchRow({}), null); // the first shape again, now the newest
    expect(rec.previous('http://www.example.gov.cn/list/index.html', 'GET')).toEqual({ snapshot_sha256: SHA1, etag: '"e1"', last_modified: LM });
    expect(rec.previous('http://www.example.gov.cn/list/index.html', 'POST')).toBeUndefined();
  });

  it('answers look-ups by URL, snapshot and run from indexes', () => {
    const db = seed(currentArchive());
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    for (const sql of [`SELECT * FROM fetches WHERE url = 'x'`, `SELECT * FROM fetches WHERE snapshot_sha256 = 'x'`, `SELECT * FROM fetches WHERE run_id = 1 AND site_id = 's1'`,
      `SELECT MAX(cr.started_at) FROM fetches f JOIN crawl_runs cr ON cr.id = f.run_id WHERE f.url = 'x' AND f.outcome IN ('ok', 'not_modified')`]) {
      expect(plan(sql), sql).not.toMatch(/\bSCAN\b/);
    }
  });
});

describe('the compact fetch log on nightly crawls of the replay', () => {
  let replay: Replay;
  let db: DB;
  const dir = tempStorage();
  beforeAll(async () => {
    replay = await startReplay({});
    db = openArchive(join(dir, 'archive.sqlite'));
    const sites = shippedSites().filter((s) => s.render === 'http');
    for (let n = 0; n < 3; n++) {
      await crawl({ db, storageDir: dir, sites, global: loadGlobalConfig(), log: silentLogger, delayMs: 1, now: new Date(Date.parse('2025-01-06T01:00:00Z') + n * 86_400_000),
        incremental: true, hostMap: replayHostMap(`127.0.0.1:${replay.port}`) });
    }
  }, 120_000);
  afterAll(async () => { db?.close(); await replay?.close(); });

  it('re-checks with the validators of the last response, and stores each repeated 304 once', () => {
    const nights = db.prepare(`SELECT run_id, COUNT(*) AS n FROM fetches GROUP BY run_id ORDER BY run_id`).all() as Array<{ run_id: number; n: number }>;
    expect(nights.length).toBe(3);
    const rechecks = db.prepare(`SELECT url, request_headers_json, response_headers_json, etag, last_modified FROM fetches WHERE outcome = 'not_modified'`).all() as Array<Record<string, string>>;
    expect(rechecks.length).toBeGreaterThan(10);
    for (const r of rechecks) {
      const req = JSON.parse(r.request_headers_json) as Record<string, string>;
      expect(req['If-None-Match'], r.url).toBe(r.etag);
      expect(req['If-Modified-Since'], r.url).toBe(r.last_modified);
      expect((JSON.parse(r.response_headers_json) as Record<string, string>).date).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    }
    // night 3 repeats night 2: no new shape, URL or header set
    const newIn = (table: string, id: string) => db.prepare(`SELECT COUNT(*) FROM ${table} WHERE id > (SELECT MAX(${id}) FROM fetch_log WHERE run_id = 2)`).pluck();
    expect(newIn('fetch_shapes', 'shape_id').get()).toBe(0);
    expect(db.prepare(`SELECT COUNT(DISTINCT shape_id) FROM fetch_log WHERE run_id = 3`).pluck().get()).toBe(nights[2].n);
    expect(db.prepare(`SELECT COUNT(*) FROM fetch_log WHERE run_id = 3 AND shape_id NOT IN (SELECT shape_id FROM fetch_log WHERE run_id = 2)`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM fetch_log WHERE typeof(started_at) != 'integer' OR (response_date IS NOT NULL AND typeof(response_date) != 'integer')`).pluck().get()).toBe(0);
  });

  it('gives the same rows when they are written again through the view', () => {
    const copy = new Database(':memory:');
    copy.pragma('foreign_keys = ON');
    migrate(copy);
    copy.exec(`ATTACH '${join(dir, 'archive.sqlite')}' AS src`);
    for (const t of ['sites', 'crawl_runs', 'snapshots']) copy.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
    copy.exec(`INSERT INTO main.fetches(${COLUMNS.join(', ')}) SELECT ${COLUMNS.join(', ')} FROM src.fetches ORDER BY id`);
    expect(dump(copy)).toEqual(dump(db));
    copy.close();
  });
});

describe('a new archive', () => {
  it('gives back the pages a finished run\'s frontier leaves free; an existing archive keeps its setting', () => {
    const dir = tempStorage();
    const db = seed(openArchive(join(dir, 'archive.sqlite')));
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(1);
    const ins = db.prepare(`INSERT INTO frontier(run_id, key, site_id, url, kind, label, seq) VALUES (1, ?, 's1', ?, 'report', ?, ?)`);
    db.transaction(() => { for (let i = 0; i < 2000; i++) ins.run(`k${i}`, `http://www.example.gov.cn/${'x'.repeat(80)}/${i}.html`, '政府信息公开工作年度报告'.repeat(3), i); })();
    const full = db.pragma('page_count', { simple: true }) as number;
    db.prepare('DELETE FROM frontier WHERE run_id = 1').run();
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(db.pragma('page_count', { simple: true })).toBeLessThan(full);
    db.close();
    const old = join(tempStorage(), 'archive.sqlite');
    const plain = new Database(old);
    plain.exec('CREATE TABLE t(x)');
    plain.close();
    const reopened = openArchive(old);
    expect(reopened.pragma('auto_vacuum', { simple: true })).toBe(0);
    reopened.close();
  });
});
