// Owns the crawl's writing thread: a worker with its own connection to the archive that runs an
// ArchiveSink (sink.ts) on the ops the crawl hands it. Ops made in one turn of the event loop
// cross in one message, bodies moved rather than copied; a fetch's record answers when its rows
// are in the thread's group commit. The thread's connection checkpoints the WAL itself (on that
// thread, never on the crawl's). A failure there (disk full, read-only, a lost thread) comes back
// as the StorageError or CommitError the crawl stops a site on.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { StorageError } from './snapshots.js';
import { CommitError } from './commitWindow.js';
import { workerStart } from '../util/workerBundle.js';
import { attemptForRecord, type FetchRecord, type Sink, type SinkOp } from './sink.js';

const entry = new URL('./sinkWorker.ts', import.meta.url);
const bootUrl = new URL('./sinkWorkerBoot.mjs', import.meta.url);

export type SinkMessage =
  | { t: 'ops'; ops: SinkOp[] }
  | { t: 'record'; id: number; r: FetchRecord }
  | { t: 'flush'; id: number }
  | { t: 'close'; id: number };
/** `error.message` is the cause's message for a StorageError or CommitError (see sinkWorker.ts). */
export interface SinkReply { id: number; error?: { name: string; message: string; code?: string; dir?: string } }

export class ThreadSink implements Sink {
  private worker: Worker;
  private batch: SinkMessage[] = [];
  private transfer: ArrayBuffer[] = [];
  private waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private dead: Error | null = null;
  private ready: Promise<void>;

  constructor(dbPath: string, private storageDir: string, runId: number, commitMs: number, inlineMaxBytes?: number) {
    const start = workerStart(entry, bootUrl);
    this.worker = new Worker(start.url, { execArgv: start.execArgv, workerData: { dbPath, storageDir, runId, commitMs, inlineMaxBytes } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error ?? 'the archive thread did not start'))));
      this.worker.once('error', reject);
    });
    this.ready.then(() => {
      this.worker.on('message', (replies: SinkReply[]) => { for (const r of replies) this.settle(r); });
    }, (e: Error) => this.fail(e));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the archive thread stopped (exit code ${code})`)));
  }

  /** Resolves once the thread has opened the archive (or rejects with why it could not). */
  started(): Promise<void> {
    return this.ready;
  }

  private send(m: SinkMessage, transfer?: ArrayBuffer): void {
    if (this.batch.length === 0) setImmediate(() => this.post());
    this.batch.push(m);
    if (transfer) this.transfer.push(transfer);
  }

  private post(): void {
    const batch = this.batch, transfer = this.transfer;
    this.batch = []; this.transfer = [];
    if (this.dead) return;
    this.worker.postMessage(batch, transfer);
  }

  private ask(make: (id: number) => SinkMessage, transfer?: ArrayBuffer): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send(make(id), transfer);
    });
  }

  apply(ops: SinkOp[]): void {
    if (ops.length) this.send({ t: 'ops', ops });
  }

  record(r: FetchRecord): Promise<void> {
    // the body is moved to the thread (a copy of its own: the caller keeps its buffer)
    const body = r.body ? new Uint8Array(r.body) : null;
    return this.ask((id) => ({ t: 'record', id, r: { ...r, body, row: { ...r.row, attempted: attemptForRecord(r.row.attempted) } } }), body?.buffer as ArrayBuffer | undefined);
  }

  flush(): Promise<void> {
    return this.ask((id) => ({ t: 'flush', id }));
  }

  async close(): Promise<void> {
    try {
      await this.ask((id) => ({ t: 'close', id }));
    } finally {
      this.dead ??= new Error('the archive thread was closed');
      // everything is committed (or the thread is gone): the crawl's last steps need not wait for the thread to end
      this.worker.terminate().catch(() => undefined);
    }
  }

  private settle(r: SinkReply): void {
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (!r.error) return w.resolve();
    const e = r.error;
    if (e.name === 'StorageError') w.reject(new StorageError(e.dir ?? join(this.storageDir, 'snapshots'), Object.assign(new Error(e.message), { code: e.code })));
    else if (e.name === 'CommitError') w.reject(new CommitError(new Error(e.message)));
    else w.reject(new Error(e.message));
  }

  private fail(e: Error): void {
    if (this.dead) return;
    this.dead = new CommitError(e);
    for (const w of this.waiting.values()) w.reject(this.dead);
    this.waiting.clear();
  }
}
