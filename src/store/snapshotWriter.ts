// Owns writing a crawl's snapshot files from a worker thread. On the event loop each body costs
// six file-system round trips (mkdir, open, write, fsync, close, rename) whose callbacks queue
// with every host's timers and sockets; here the main thread hands the bytes over once and gets
// the hash back. The thread keeps many writes in flight on libuv's pool, and writes the files
// exactly as SnapshotStore.putAsync does.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { StorageError } from './snapshots.js';

const workerUrl = new URL('./snapshotWriterWorker.mjs', import.meta.url);
type Put = { sha256: string; path: string; created: boolean };
type Reply = Partial<Put> & { id: number; error?: { message: string; code?: string; dir?: string } };

export class SnapshotWriter {
  private worker: Worker;
  private waiting = new Map<number, { resolve: (p: Put) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** Set when the thread died: every write from then on fails with it. */
  private dead: StorageError | null = null;

  constructor(private root: string) {
    this.worker = new Worker(workerUrl, { workerData: { root } });
    this.worker.on('message', (batch: Reply[]) => { for (const m of batch) this.settle(m); });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.unref();
  }

  /** Stores the bytes durably and returns their hash and relative path. */
  put(bytes: Buffer): Promise<Put> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<Put>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // a copy of its own, moved rather than cloned: the caller keeps its bytes, and the message costs no serialising
      const copy = new Uint8Array(bytes);
      if (this.batch.length === 0) setImmediate(() => this.flush());
      this.batch.push({ id, bytes: copy });
    });
  }

  /** Bodies handed over in this turn of the event loop: sent as one message. */
  private batch: Array<{ id: number; bytes: Uint8Array }> = [];
  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (this.dead) { for (const { id } of batch) this.settle({ id, error: { message: this.dead.message } }); return; }
    this.worker.postMessage(batch, batch.map((b) => b.bytes.buffer as ArrayBuffer));
  }

  private settle(m: Reply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (m.error) w.reject(StorageError.fromWrite(Object.assign(new Error(m.error.message), { code: m.error.code, snapshotDir: m.error.dir }), join(this.root, 'snapshots')));
    else w.resolve({ sha256: m.sha256!, path: m.path!, created: m.created! });
  }

  private failAll(e: Error): void {
    this.dead = StorageError.fromWrite(e, join(this.root, 'snapshots'));
    for (const w of this.waiting.values()) w.reject(this.dead);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
