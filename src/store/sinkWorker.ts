// Owns the crawl's writing thread (see sinkThread.ts): opens the archive with a connection of
// its own and runs an ArchiveSink on the ops it is sent, in order. Records answer when their rows
// are in the group commit; `flush` and `close` answer once everything before them is committed
// (`close` also closes the thread's connection).
import { parentPort, workerData } from 'node:worker_threads';
import { openArchive } from '../archive/db.js';
import { ArchiveSink } from './sink.js';
import { StorageError } from './snapshots.js';
import { CommitError } from './commitWindow.js';
import type { SinkMessage, SinkReply } from './sinkThread.js';

const data = workerData as { dbPath: string; storageDir: string; runId: number; commitMs: number; inlineMaxBytes?: number };
let sink: ArchiveSink;
let db: ReturnType<typeof openArchive>;
try {
  db = openArchive(data.dbPath);
  sink = new ArchiveSink(db, data.storageDir, data.runId, { commitMs: data.commitMs, inlineMaxBytes: data.inlineMaxBytes });
  parentPort!.postMessage({ ready: true });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
  throw e;
}

let replies: SinkReply[] = [];
const reply = (r: SinkReply) => {
  if (replies.length === 0) setImmediate(() => { parentPort!.postMessage(replies); replies = []; });
  replies.push(r);
};
/** An error as data: StorageError and CommitError travel as their cause, to be rebuilt on the crawl's thread. */
const errorOf = (e: unknown): SinkReply['error'] => {
  const err = e as Error & { code?: string; dir?: string; cause?: Error };
  const typed = err instanceof StorageError || err instanceof CommitError;
  return { name: err.name, message: typed ? err.cause!.message : err.message, code: err.code, dir: err.dir };
};
/** The first failure of a plain op (they have no answer of their own): reported with the next record or flush. */
let opFailure: unknown = null;

parentPort!.on('message', (batch: SinkMessage[]) => {
  for (const m of batch) {
    if (m.t === 'ops') {
      try { sink.apply(m.ops); } catch (e) { opFailure ??= e; }
    } else if (m.t === 'record') {
      if (opFailure) { reply({ id: m.id, error: errorOf(opFailure) }); continue; }
      sink.record(m.r).then(() => reply({ id: m.id }), (e) => reply({ id: m.id, error: errorOf(e) }));
    } else {
      const id = m.id;
      // closed, the thread holds nothing open: the crawl goes on without waiting for it to end
      const done = m.t === 'close' ? sink.close().finally(() => { try { db.close(); } catch { /* already closed */ } }) : sink.flush();
      done.then(() => reply(opFailure ? { id, error: errorOf(opFailure) } : { id }), (e) => reply({ id, error: errorOf(e) }));
    }
  }
});
