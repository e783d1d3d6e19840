// Owns writing a crawl's snapshot files from a worker thread. On the event loop each body costs
// six file-system round trips (mkdir, open, write, fsync, close, rename) whose callbacks queue
// with every host's timers and sockets; here the main thread hands the bytes over once and gets
// the hash back. The files are written exactly as SnapshotStore.putAsync writes them.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { StorageError } from './snapshots.js';

const workerUrl = new URL('./snapshotWriterWorker.mjs', import.meta.url);
type Put = { sha256: string; path: string; created: boolean };
type Reply = Partial<Put> & { id: number; error?: { message: string; code?: string; dir?: string } };

export class SnapshotWriter {
  private workers: Worker[];
  private waiting = new Map<number, { resolve: (p: Put) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  /** One thread is enough: it keeps many writes in flight on libuv's pool. */
  constructor(private root: string, threads = 1) {
    this.workers = Array.from({ length: threads }, () => {
      const w = new Worker(workerUrl, { workerData: { root } });
      w.on('message', (m: Reply) => this.settle(m));
      w.on('error', (e) => this.failAll(e));
      w.unref();
      return w;
    });
  }

  /** Stores the bytes durably and returns their hash and relative path. */
  put(bytes: Buffer): Promise<Put> {
    const id = this.nextId++;
    return new Promise<Put>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // a copy of its own, moved rather than cloned: the caller keeps its bytes, and the message costs no serialising
      const copy = new Uint8Array(bytes);
      this.workers[id % this.workers.length].postMessage({ id, bytes: copy }, [copy.buffer]);
    });
  }

  private settle(m: Reply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (m.error) w.reject(new StorageError(m.error.dir ?? join(this.root, 'snapshots'), Object.assign(new Error(m.error.message), { code: m.error.code })));
    else w.resolve({ sha256: m.sha256!, path: m.path!, created: m.created! });
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.values()) w.reject(new StorageError(join(this.root, 'snapshots'), e as NodeJS.ErrnoException));
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
