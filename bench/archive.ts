// Benchmarks of the archive: re-extraction of N stored snapshots with 1 worker and with 2
// (the speed-up on two cores), and the archive's size after 30 nightly crawls of an unchanged
// replay against its size after the first.
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { openArchive, type DB } from '../src/archive/db.js';
import { SnapshotStore } from '../src/store/snapshots.js';
import { reextract } from '../src/archive/reextract.js';
import { EXTRACTOR_VERSION } from '../src/extract/index.js';
import { startReplay } from '../src/replay/server.js';
import { crawl } from '../src/crawl/crawler.js';
import { extractPending } from '../src/archive/extraction.js';
import { extract } from '../src/extract/index.js';
import { loadGlobalConfig, loadSites } from '../src/config/load.js';
import { silentLogger } from '../src/util/log.js';
import { replayHostMap } from '../src/cli/hostmap.js';
import { median, spread } from './stats.js';

/** Stores N generated report pages as snapshots fetched by one crawl run. */
export async function seedArchive(dir: string, n: number): Promise<DB> {
  const { generateCorpus } = await import('../src/replay/generator/index.js');
  const db = openArchive(join(dir, 'archive.sqlite'));
  const store = new SnapshotStore(dir);
  db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES ('bench', 'bench', 'bench', 'county', 'linklist', 'http://bench.gov.cn/', '-', '{}', 'now')`).run();
  db.prepare(`INSERT INTO crawl_runs(id, started_at, status) VALUES (1, 'now', 'completed')`).run();
  const insSnap = db.prepare(`INSERT OR IGNORE INTO snapshots(sha256, size, content_type, path, first_seen_at) VALUES (?, ?, ?, ?, 'now')`);
  const insFetch = db.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, outcome, started_at, snapshot_sha256, content_type) VALUES (1, 'bench', 'report', 'GET', ?, 'ok', 'now', ?, ?)`);
  const corpus = generateCorpus(Math.min(n, 1000), 7);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const g = corpus[i % corpus.length];
      // distinct bytes per snapshot: the same report under a different comment
      const bytes = Buffer.concat([g.bytes, Buffer.from(`\n<!-- copy ${i} -->`)]);
      const put = store.put(bytes);
      insSnap.run(put.sha256, bytes.length, g.contentType, put.path);
      insFetch.run(`http://bench.gov.cn/r${i}.html`, put.sha256, g.contentType);
    }
  })();
  return db;
}

let pinnedOk = false;
/** "On 1 core" and "on 2 cores": the CPUs a pass with this many workers is pinned to. */
const cpusFor = (workers: number) => (workers === 1 ? '0' : `0-${Math.min(availableParallelism(), 2) - 1}`);
/** Pins this process (all its threads, and the workers it starts later) to the given CPUs. */
function pin(cpus: string): boolean {
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
  pinnedOk = r.status === 0;
  return pinnedOk;
}

/**
 * Re-extraction of N snapshots with 1 worker on one CPU and 2 on two, and the floor (the same
 * pages only parsed into a DOM) the same way. This machine's speed swings by a third from one
 * minute to the next, so the pairs run `repeats` times in turn and the verdict takes the median
 * of the paired speed-ups, with their spread.
 */
export async function benchReextract(n = 10_000, repeats = Number(process.env.OGI_BENCH_REPEATS ?? 3)): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-re-'));
  try {
    const db = await seedArchive(dir, n);
    const cores = availableParallelism();
    // an untimed first pass stores the documents (their full-text index): the timed passes then
    // do the same work, whichever runs first
    await reextract(db, { storageDir: dir, version: `${EXTRACTOR_VERSION}+bench0`, workers: 2, force: true });
    const files = (db.prepare('SELECT path FROM snapshots').pluck().all() as string[]).map((p) => join(dir, p));
    const ours: Array<Record<number, number>> = [];
    const floor: Array<Record<number, number>> = [];
    for (let rep = 0; rep < repeats; rep++) {
      const t: Record<number, number> = {};
      for (const workers of [1, 2]) {
        // the whole process (the writing thread and its workers) is pinned to that many CPUs when
        // taskset is there; otherwise only the workers differ
        pin(cpusFor(workers));
        const t0 = performance.now();
        const r = await reextract(db, { storageDir: dir, version: `${EXTRACTOR_VERSION}+bench${rep}.${workers}`, workers, force: true });
        t[workers] = performance.now() - t0;
        if (r.counts.snapshots !== n) throw new Error(`re-extracted ${r.counts.snapshots} of ${n}`);
      }
      ours.push(t);
      // the machine's own scaling of such work: the same pages only parsed into a DOM, same pinning
      const f: Record<number, number> = {};
      for (const workers of [1, 2]) {
        pin(cpusFor(workers));
        const t0 = performance.now();
        await Promise.all(Array.from({ length: workers }, (_, k) => new Promise((resolve, reject) => {
          const w = new Worker(new URL('./contenders/parseFloor.mjs', import.meta.url), { workerData: { files: files.filter((_, i) => i % workers === k) } });
          w.once('message', resolve);
          w.once('error', reject);
        })));
        f[workers] = performance.now() - t0;
      }
      floor.push(f);
      console.log(`reextract ${n} snapshots, run ${rep + 1}/${repeats}: 1 worker ${Math.round(t[1])} ms, 2 workers ${Math.round(t[2])} ms (×${(t[1] / t[2]).toFixed(2)}); the floor ×${(f[1] / f[2]).toFixed(2)} (${Math.round(f[1])} → ${Math.round(f[2])} ms)`);
    }
    db.close();
    pin(`0-${cores - 1}`);
    const speedups = ours.map((t) => t[1] / t[2]);
    const floorSpeedups = floor.map((f) => f[1] / f[2]);
    const speedup = median(speedups);
    const result = {
      snapshots: n, repeats, pinned_with_taskset: pinnedOk,
      one_worker_ms: Math.round(median(ours.map((t) => t[1]))), two_workers_ms: Math.round(median(ours.map((t) => t[2]))),
      speedup: Number(speedup.toFixed(2)), speedup_spread: spread(speedups, 2), per_s_two_workers: Math.round(n / (median(ours.map((t) => t[2])) / 1000)),
      floor_one_worker_ms: Math.round(median(floor.map((f) => f[1]))), floor_two_workers_ms: Math.round(median(floor.map((f) => f[2]))),
      floor_speedup: Number(median(floorSpeedups).toFixed(2)), floor_speedup_spread: spread(floorSpeedups, 2),
      target: `speed-up >= 1.8 on 2 cores (median of ${repeats} paired runs)`, met: speedup >= 1.8 ? 'met' : 'missed',
    };
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function folderSize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? folderSize(p) : statSync(p).size;
  }
  return total;
}

/** Bytes per table and index (dbstat), to name what grows. */
function tableBytes(db: DB): Map<string, number> {
  try {
    return new Map((db.prepare('SELECT name, SUM(pgsize) AS b FROM dbstat GROUP BY name').all() as Array<{ name: string; b: number }>).map((r) => [r.name, r.b]));
  } catch {
    return new Map(); // SQLite built without dbstat
  }
}

export async function benchArchiveGrowth(nights = 30, start = '2025-06-02T01:00:00Z'): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-size-'));
  const replay = await startReplay({});
  try {
    const db = openArchive(join(dir, 'archive.sqlite'));
    const global = loadGlobalConfig();
    // the portals the replay plays (config/sites also holds real sites it has no copy of: those
    // would fail every night, and a failed site is due again the next night)
    const played = new Set(replay.sites.map((s) => s.id));
    const sites = loadSites().sites.filter((s) => s.render === 'http' && played.has(s.id));
    const sizes: number[] = [];
    const fetchRows: number[] = [];
    let firstTables = new Map<string, number>();
    const base = Date.parse(start);
    for (let n = 0; n < nights; n++) {
      const s = await crawl({ db, storageDir: dir, sites, global, log: silentLogger, delayMs: 1, now: new Date(base + n * 86_400_000), incremental: true, hostMap: replayHostMap(`127.0.0.1:${replay.port}`) });
      await extractPending(db, new SnapshotStore(dir), extract, EXTRACTOR_VERSION, 'crawl', s.runId);
      db.pragma('wal_checkpoint(TRUNCATE)');
      sizes.push(folderSize(dir));
      fetchRows.push(db.prepare('SELECT COUNT(*) FROM fetches').pluck().get() as number);
      if (n === 0) firstTables = tableBytes(db);
    }
    const lastTables = tableBytes(db);
    const free = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    db.close();
    const added = sizes[sizes.length - 1] - sizes[0];
    const rowsAdded = fetchRows[fetchRows.length - 1] - fetchRows[0];
    const growth = sizes[sizes.length - 1] / sizes[0] - 1;
    const grew = [...new Set([...firstTables.keys(), ...lastTables.keys()])]
      .map((name) => [name, (lastTables.get(name) ?? 0) - (firstTables.get(name) ?? 0)] as const).filter(([, b]) => b !== 0).sort((a, b) => b[1] - a[1]);
    const result = {
      nights, from: start.slice(0, 10), first_bytes: sizes[0], last_bytes: sizes[sizes.length - 1], growth_pct: Number((growth * 100).toFixed(2)),
      bytes_per_night: Math.round(added / Math.max(1, nights - 1)), fetch_rows_per_night: Number((rowsAdded / Math.max(1, nights - 1)).toFixed(1)),
      bytes_per_fetch_row: rowsAdded ? Math.round(added / rowsAdded) : null,
      // the fetch log's own tables and indexes only (fetch_log, fetch_shapes, urls, header_sets), from dbstat: whole pages
      fetch_log_bytes_per_row: rowsAdded && lastTables.size ? Math.round(grew.filter(([name]) => /fetch_|urls|header_sets/.test(name)).reduce((a, [, b]) => a + b, 0) / rowsAdded) : null,
      target: 'growth within 1%',
      met: growth <= 0.01 ? 'met' : 'missed',
    };
    console.log(`archive growth: ${nights} nightly crawls from ${start.slice(0, 10)} of an unchanged replay: ${sizes[0]} → ${sizes[sizes.length - 1]} bytes (${result.growth_pct}%), ${result.bytes_per_night} bytes a night, ${rowsAdded} fetch rows (${result.bytes_per_fetch_row} bytes each, all tables)`);
    console.log(`  grew (dbstat): ${grew.map(([name, b]) => `${name} +${b}`).join(', ') || 'nothing'}${free ? `; free pages ${free}` : ''}`);
    return result;
  } finally {
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
