// Owns WAL checkpoints while a crawl runs. SQLite's automatic checkpoint runs inside whichever
// commit crosses the WAL's size limit: on the crawl's one thread, with two fsyncs, holding up
// every host's timing for tens of milliseconds, dozens of times a run. During a crawl the
// archive connection's automatic checkpoint is turned off and a worker thread with its own
// connection checkpoints instead (checkpointWorker.mjs). If the worker cannot run, the
// automatic checkpoint is simply left on.
import { Worker } from 'node:worker_threads';
import type { DB } from '../archive/db.js';
import type { Logger } from '../util/log.js';

const workerUrl = new URL('./checkpointWorker.mjs', import.meta.url);

export class Checkpointer {
  private worker: Worker | null = null;
  private autoPages: number;
  private waiting: Array<(pages: number) => void> = [];
  /** Resolves true once the worker runs and the automatic checkpoint is off; false when it is left on. */
  readonly ready: Promise<boolean>;
  private setReady: (ok: boolean) => void = () => {};

  private constructor(private db: DB) {
    this.autoPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.ready = new Promise((resolve) => { this.setReady = resolve; });
  }

  /** The next checkpoint the worker makes: how many WAL pages are in the database file after it (tests, diagnostics). */
  nextCheckpoint(): Promise<number> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Starts checkpointing in the background (a no-op for an in-memory archive); the automatic checkpoint is turned off once the worker is ready. */
  static start(db: DB, log: Logger, everyMs = 500): Checkpointer {
    const c = new Checkpointer(db);
    if (db.memory || db.readonly || (db.pragma('journal_mode', { simple: true }) as string) !== 'wal') { c.setReady(false); return c; }
    const worker = new Worker(workerUrl, { workerData: { path: db.name, everyMs } });
    worker.unref(); // never what keeps a process alive
    c.worker = worker;
    worker.on('message', (m: { ready?: boolean; error?: string; checkpointed?: number }) => {
      if (m.ready && c.worker === worker) { db.pragma('wal_autocheckpoint = 0'); c.setReady(true); }
      if (m.checkpointed !== undefined) for (const w of c.waiting.splice(0)) w(m.checkpointed);
      if (m.error) log.warn('checkpoint.failed', { error: m.error });
    });
    worker.on('error', (e) => {
      log.warn('checkpoint.worker_failed', { error: e.message });
      if (c.worker === worker) c.restore();
      c.setReady(false);
    });
    return c;
  }

  private restore(): void {
    this.worker = null;
    this.db.pragma(`wal_autocheckpoint = ${this.autoPages}`);
  }

  /** Stops the worker and gives the automatic checkpoint back. */
  async stop(): Promise<void> {
    const w = this.worker;
    this.setReady(false); // a stop before the worker was ready: it never will be
    if (!w) return;
    this.restore();
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      w.on('message', (m: { stopped?: boolean }) => { if (m.stopped) done(); });
      w.once('error', done);
      w.once('exit', done);
      w.postMessage('stop');
    });
    await w.terminate();
  }
}
