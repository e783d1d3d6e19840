// The checkpointer's thread (see checkpointer.ts): its own connection to the archive copies
// committed WAL pages into the database file every `everyMs`, in PASSIVE mode, which never
// waits for or blocks the crawl's writes. Plain JavaScript: it needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 200');
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ error: e.message });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close(); // the archive's own connection checkpoints from here on
  parentPort.postMessage({ stopped: true });
});
parentPort.postMessage({ ready: true });
