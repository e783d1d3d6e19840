// Owns re-extraction: the current extractor over stored snapshots, offline, as a new
// extraction run, spread over worker threads (one per core) while this thread writes the
// archive. Snapshots already extracted by this extractor version are skipped unless forced.
import { Worker } from 'node:worker_threads';
import { workerStart } from '../util/workerBundle.js';
import { availableParallelism } from 'node:os';
import type { DB } from './db.js';
import { SnapshotStore } from '../store/snapshots.js';
import { RecordWriter, snapshotJobs, pendingJobs, startExtractionRun, finishExtractionRun, tally, emptyCounts, type SnapshotJob, type ExtractionCounts, type Extracted } from './extraction.js';

export interface ReextractOptions {
  storageDir: string; version: string;
  /** URL of a module exporting `extract` to use instead of src/extract (its version is `version`). */
  extractorModule?: string;
  siteId?: string; force?: boolean; workers?: number; batchSize?: number; onProgress?: (done: number, total: number) => void }

const bootUrl = new URL('./extractWorkerBoot.mjs', import.meta.url);

/** `dbPath`: the archive the worker reads small bodies from (read-only); null for one in memory, whose bodies travel with the jobs. */
function spawnWorker(storageDir: string, dbPath: string | null, extractorModule?: string): Worker {
  // a named extractor module may be TypeScript, which only the tsx boot can load
  const start = extractorModule ? { url: bootUrl } : workerStart(new URL('./extractWorker.ts', import.meta.url), bootUrl);
  return new Worker(start.url, { execArgv: start.execArgv, workerData: { storageDir, dbPath, extractorModule } });
}

export async function reextract(db: DB, o: ReextractOptions): Promise<{ runId: number; counts: ExtractionCounts; skipped: number }> {
  const all = snapshotJobs(db, o.siteId ? 'f.site_id = ?' : '1 = 1', o.siteId ? [o.siteId] : []);
  const jobs = o.force ? all : pendingJobs(db, o.version, o.siteId);
  const runId = startExtractionRun(db, o.version, 'reextract');
  const counts = emptyCounts();
  const writer = new RecordWriter(db);
  const size = o.batchSize ?? 25;
  const batches: SnapshotJob[][] = [];
  for (let i = 0; i < jobs.length; i += size) batches.push(jobs.slice(i, i + size));
  const n = Math.max(1, Math.min(o.workers ?? availableParallelism(), batches.length || 1));
  const workers = Array.from({ length: batches.length ? n : 0 }, () => spawnWorker(o.storageDir, db.memory ? null : db.name, o.extractorModule));
  // an archive in memory cannot be opened by the workers: the bodies it keeps go with the jobs
  const memStore = db.memory ? new SnapshotStore(o.storageDir, db) : null;
  const bodyOf = (sha: string) => { try { return memStore!.get(sha); } catch { return undefined; } }; // missing: the worker says so
  const withBodies = (batch: SnapshotJob[]) => (memStore ? batch.map((j) => ({ ...j, body: bodyOf(j.sha256) })) : batch);
  try {
    let next = 0;
    // two batches in flight per worker: it extracts the next while this thread writes the last
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const inFlight = new Map<number, SnapshotJob[]>();
      const feed = () => {
        if (next >= batches.length) return;
        const id = next++;
        inFlight.set(id, batches[id]);
        w.postMessage({ id, batch: withBodies(batches[id]) });
      };
      w.on('message', ({ id, results }: { id: number; results: Extracted[] }) => {
        const current = inFlight.get(id)!;
        inFlight.delete(id);
        writer.writeMany(runId, o.version, current, results);
        for (const r of results) tally(counts, r);
        o.onProgress?.(counts.snapshots, jobs.length);
        feed();
        if (!inFlight.size) resolve();
      });
      w.on('error', reject);
      feed();
      feed();
      if (!inFlight.size) resolve();
    })));
    finishExtractionRun(db, runId, 'completed', counts);
  } catch (e) {
    finishExtractionRun(db, runId, 'failed', counts);
    throw e;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { runId, counts, skipped: all.length - jobs.length };
}
