// Owns crawl-run rows: starting a run, recognising a run left behind by a killed process (so
// the next crawl continues it), and closing a run with its counts. Rows are written to run_log
// (times as numbers, options and counts JSON stored once in run_texts; migration 008) and read
// through the `crawl_runs` view.
import type { DB } from '../archive/db.js';
import { isoMillis, millisAfter } from '../archive/compactTime.js';

export interface RunRow { id: number; started_at: string; finished_at: string | null; status: string; pid: number | null; options_json: string; counts_json: string; resumed_count: number }

export function pidAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The newest run still marked running whose process is gone: a killed run to continue. */
export function findInterruptedRun(db: DB): RunRow | undefined {
  const rows = db.prepare(`SELECT * FROM crawl_runs WHERE status = 'running' ORDER BY id DESC`).all() as RunRow[];
  return rows.find((r) => r.pid !== process.pid && !pidAlive(r.pid));
}

/** The id of a run's options or counts JSON, or a site's note (stored once in run_texts). */
export function runText(db: DB, text: string): number {
  db.prepare('INSERT OR IGNORE INTO run_texts(text) VALUES (?)').run(text);
  return db.prepare('SELECT id FROM run_texts WHERE text = ?').pluck().get(text) as number;
}

/** Counts without the counters that are 0 (and maps left empty): nightly runs repeat the same few. */
export function compactCounts(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const c = compactCounts(x);
    if (c === 0 || (c && typeof c === 'object' && !Array.isArray(c) && !Object.keys(c).length)) continue;
    out[k] = c;
  }
  return out;
}

export function startRun(db: DB, options: Record<string, unknown>, resume: boolean, now = new Date()): { run: RunRow; resumed: boolean } {
  return db.transaction(() => {
    const old = resume ? findInterruptedRun(db) : undefined;
    if (old) {
      db.prepare('UPDATE run_log SET pid = ?, resumed_count = resumed_count + 1 WHERE id = ?').run(process.pid, old.id);
      return { run: { ...old, pid: process.pid, resumed_count: old.resumed_count + 1 }, resumed: true };
    }
    const info = db.prepare(`INSERT INTO run_log(started_at, status, pid, options_id, counts_id) VALUES (?, 'running', ?, ?, ?)`)
      .run(isoMillis(now.toISOString()), process.pid, runText(db, JSON.stringify(options)), runText(db, '{}'));
    return { run: db.prepare('SELECT * FROM crawl_runs WHERE id = ?').get(info.lastInsertRowid) as RunRow, resumed: false };
  }).immediate();
}

export function finishRun(db: DB, runId: number, status: 'completed' | 'failed' | 'interrupted', counts: unknown, finishedAt = new Date()): void {
  db.transaction(() => {
    const row = db.prepare('SELECT started_at FROM run_log WHERE id = ?').safeIntegers().get(runId) as { started_at: bigint | string } | undefined;
    const finished = millisAfter(finishedAt.toISOString(), row?.started_at ?? finishedAt.toISOString());
    db.prepare('UPDATE run_log SET status = ?, finished_at = ?, counts_id = ? WHERE id = ?').run(status, finished, runText(db, JSON.stringify(compactCounts(counts))), runId);
  })();
}
