// Runs one read-only query for `ogi query` in a process of its own, so that a runaway query
// (a recursive CTE without an end) can be stopped: SQLite's interrupt and progress handler are
// not reachable through better-sqlite3, and a thread stuck in SQLite cannot be stopped, but a
// process can be killed. The parent (src/archive/query.ts, runWatched) has checked the
// statement already; rows go back in batches over IPC, one batch at a time as the parent asks.
// Plain JavaScript, so it starts without a TypeScript loader.
import Database from 'better-sqlite3';

const BATCH_ROWS = 1000;
const BATCH_CHARS = 1 << 20;

process.once('message', async ({ file, sql, params }) => {
  let wanted = () => {};
  process.on('message', (m) => { if (m === 'more') wanted(); });
  const more = () => new Promise((r) => { wanted = r; });
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const it = db.prepare(sql).raw(true).iterate(...params);
    let batch = [];
    let chars = 0;
    for (const row of it) {
      batch.push(row);
      for (const v of row) chars += typeof v === 'string' ? v.length : Buffer.isBuffer(v) ? v.length : 8;
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
        const asked = more();
        process.send({ rows: batch });
        await asked;
        batch = [];
        chars = 0;
      }
    }
    process.send({ rows: batch, done: true });
  } catch (e) {
    process.send({ error: e instanceof Error ? e.message : String(e) });
  }
  process.disconnect();
});
process.send({ ready: true }); // the parent's clock starts with the query, not with this process
