// Owns merging shard archives (the same archive format, written by queue workers or by any
// crawl elsewhere) into one archive: snapshot files copied once by hash and re-hashed on the
// way, sites, crawl runs, their per-site rows and fetch rows copied with run ids remapped,
// then the merged snapshots extracted here. Records are not copied: they are a pure function
// of the snapshot bytes and the extractor version, and the document and issuer identities they
// join are this archive's own, so extracting here gives the records a single crawl would have.
// Idempotent (a shard's run is copied once, a running one continued from its last fetch) and
// resumable (each run is one transaction; snapshot files go first and are durable).
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { DB } from './db.js';
import { SnapshotStore, snapshotRelPath } from '../store/snapshots.js';
import { archivePathOf } from '../store/paths.js';
import { pidAlive } from '../frontier/runs.js';

export interface ShardMergeResult {
  shard: string;
  uuid: string;
  runs: number;
  runsSkipped: number;
  fetches: number;
  snapshotsCopied: number;
  snapshotsKnown: number;
  sites: number;
}

export class MergeError extends Error {
  constructor(readonly shard: string, message: string) {
    super(`${shard}: ${message}`);
    this.name = 'MergeError';
  }
}

type Row = Record<string, unknown>;

/** The uuid of an archive (migration 013 gives every archive one). */
export function archiveUuid(db: DB): string {
  return db.prepare(`SELECT value FROM archive_meta WHERE key = 'uuid'`).pluck().get() as string;
}

/** Whether a live process holds the shard's crawl lock (its running run is still going on). */
function shardLockedLive(dir: string): boolean {
  try {
    const j = JSON.parse(readFileSync(join(dir, 'crawl.lock'), 'utf8')) as { pid?: number };
    return typeof j.pid === 'number' && pidAlive(j.pid);
  } catch {
    return false;
  }
}

function columnsOf(db: Database.Database, view: string): string[] {
  return (db.prepare(`PRAGMA table_info(${view})`).all() as Array<{ name: string }>).map((c) => c.name);
}

/**
 * Merges one shard folder into the archive `db` whose snapshots live in `store`. The shard is
 * opened read-only; it may be written to meanwhile (its unfinished runs are copied as far as
 * they go and continued on the next merge).
 */
export function mergeShard(db: DB, store: SnapshotStore, shardDir: string): ShardMergeResult {
  const dir = resolve(shardDir);
  const file = archivePathOf(dir);
  if (!existsSync(file)) throw new MergeError(shardDir, `no archive at ${file}`);
  const shard = new Database(file, { readonly: true, fileMustExist: true });
  shard.pragma('busy_timeout = 10000');
  try {
    const hasMeta = shard.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'archive_meta'`).get();
    if (!hasMeta) throw new MergeError(shardDir, 'the shard archive predates migration 013; open it once with this version of ogi (e.g. `ogi verify --storage DIR`)');
    const uuid = shard.prepare(`SELECT value FROM archive_meta WHERE key = 'uuid'`).pluck().get() as string;
    if (uuid === archiveUuid(db)) throw new MergeError(shardDir, 'is the target archive itself');
    const shardStore = new SnapshotStore(dir, shard);
    const live = shardLockedLive(dir);
    const out: ShardMergeResult = { shard: dir, uuid, runs: 0, runsSkipped: 0, fetches: 0, snapshotsCopied: 0, snapshotsKnown: 0, sites: 0 };

    // Sites: the newest config wins.
    const siteCols = columnsOf(shard, 'sites');
    const upsertSite = db.prepare(`INSERT INTO sites(${siteCols.join(', ')}) VALUES (${siteCols.map((c) => '@' + c).join(', ')})
      ON CONFLICT(id) DO UPDATE SET ${siteCols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')} WHERE excluded.updated_at > sites.updated_at`);
    db.transaction(() => { for (const s of shard.prepare('SELECT * FROM sites').iterate() as Iterable<Row>) { upsertSite.run(s); out.sites++; } }).immediate();

    const runCols = columnsOf(shard, 'crawl_runs').filter((c) => c !== 'id');
    const siteRunCols = columnsOf(shard, 'crawl_run_sites').filter((c) => c !== 'run_id');
    const fetchCols = columnsOf(shard, 'fetches').filter((c) => c !== 'id' && c !== 'run_id');
    const snapCols = columnsOf(shard, 'snapshots');
    const done = db.prepare('SELECT run_id, fetch_id_max, status FROM merged_runs WHERE shard_uuid = ? AND shard_run_id = ?');
    const insRun = db.prepare(`INSERT INTO crawl_runs(${runCols.join(', ')}) VALUES (${runCols.map((c) => '@' + c).join(', ')})`);
    const lastRun = db.prepare('SELECT MAX(id) FROM crawl_runs').pluck();
    const updRun = db.prepare(`UPDATE crawl_runs SET finished_at = @finished_at, status = @status, counts_json = @counts_json, resumed_count = @resumed_count WHERE id = @id`);
    const delSiteRuns = db.prepare('DELETE FROM run_site_log WHERE run_id = ?');
    const insSiteRun = db.prepare(`INSERT INTO crawl_run_sites(run_id, ${siteRunCols.join(', ')}) VALUES (@run_id, ${siteRunCols.map((c) => '@' + c).join(', ')})`);
    const insFetch = db.prepare(`INSERT INTO fetches(run_id, ${fetchCols.join(', ')}) VALUES (@run_id, ${fetchCols.map((c) => '@' + c).join(', ')})`);
    const insSnap = db.prepare(`INSERT OR IGNORE INTO snapshots(${snapCols.join(', ')}) VALUES (${snapCols.map((c) => '@' + c).join(', ')})`);
    const knownSnap = db.prepare('SELECT 1 FROM snapshots WHERE sha256 = ?').pluck();
    const mark = db.prepare(`INSERT INTO merged_runs(shard_uuid, shard_path, shard_run_id, run_id, fetch_id_max, status, merged_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(shard_uuid, shard_run_id) DO UPDATE SET shard_path = excluded.shard_path, fetch_id_max = excluded.fetch_id_max, status = excluded.status, merged_at = excluded.merged_at`);
    const fetchesOf = shard.prepare('SELECT * FROM fetches WHERE run_id = ? AND id > ? ORDER BY id');
    const siteRunsOf = shard.prepare('SELECT * FROM crawl_run_sites WHERE run_id = ?');
    const snapOf = shard.prepare('SELECT * FROM snapshots WHERE sha256 = ?');

    for (const run of shard.prepare('SELECT * FROM crawl_runs ORDER BY id').all() as Row[]) {
      const prev = done.get(uuid, run.id) as { run_id: number; fetch_id_max: number; status: string } | undefined;
      // a run marked running whose process is gone was killed: copy it as interrupted
      const status = run.status === 'running' && !live ? 'interrupted' : (run.status as string);
      if (prev && prev.status === status && prev.status !== 'running') { out.runsSkipped++; continue; }
      const fetches = fetchesOf.all(run.id, prev?.fetch_id_max ?? 0) as Row[];
      // 1. snapshot files first, durable and re-hashed, so no row ever points at a missing file;
      // a body small enough to be kept in the archive goes in with its row (step 2)
      const rows: Row[] = [];
      const inline = new Map<string, Buffer>();
      for (const f of fetches) {
        const sha = f.snapshot_sha256 as string | null;
        if (!sha || knownSnap.get(sha) || rows.some((r) => r.sha256 === sha)) continue;
        const snap = snapOf.get(sha) as Row | undefined;
        if (!snap) throw new MergeError(shardDir, `fetch ${String(f.id)} names snapshot ${sha}, which the shard does not have`);
        if (!store.has(sha)) {
          let bytes: Buffer;
          try { bytes = shardStore.get(sha); } catch (e) { throw new MergeError(shardDir, `snapshot ${shardStore.describe(sha)} cannot be read: ${(e as Error).message}`); }
          const put = store.put(bytes);
          if (put.sha256 !== sha) throw new MergeError(shardDir, `snapshot ${shardStore.describe(sha)} does not hash to its name (${put.sha256})`);
          if (put.inline) inline.set(sha, bytes);
          rows.push({ ...snap, path: put.path });
          out.snapshotsCopied++;
        } else {
          out.snapshotsKnown++;
          // a file here with no row (an orphan of a killed run) is the copy: the row names it, not where the shard kept it
          rows.push({ ...snap, path: snapshotRelPath(sha) });
        }
      }
      // 2. the rows, one transaction per run, with the marker that makes it idempotent
      db.transaction(() => {
        for (const s of rows) {
          insSnap.run(s);
          const body = inline.get(s.sha256 as string);
          if (body) store.insertInline(s.sha256 as string, body);
        }
        let runId: number;
        const values: Row = { ...run, status };
        if (prev) {
          runId = prev.run_id;
          updRun.run({ ...values, id: runId });
        } else {
          insRun.run(Object.fromEntries(runCols.map((c) => [c, values[c] ?? null])));
          runId = lastRun.get() as number;
        }
        delSiteRuns.run(runId);
        for (const sr of siteRunsOf.all(run.id) as Row[]) {
          const st = sr.status === 'running' && status !== 'running' ? 'interrupted' : sr.status;
          insSiteRun.run({ ...Object.fromEntries(siteRunCols.map((c) => [c, sr[c] ?? null])), status: st, run_id: runId });
        }
        for (const f of fetches) insFetch.run({ ...Object.fromEntries(fetchCols.map((c) => [c, f[c] ?? null])), run_id: runId });
        const max = fetches.length ? (fetches[fetches.length - 1].id as number) : prev?.fetch_id_max ?? 0;
        mark.run(uuid, dir, run.id, runId, max, status, new Date().toISOString());
      }).immediate();
      out.runs++;
      out.fetches += fetches.length;
    }
    return out;
  } finally {
    shard.close();
  }
}
