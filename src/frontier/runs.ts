// Owns crawl-run rows: starting a run, recognising a run left behind by a killed process (so
// the next crawl continues it), and closing a run with its counts.
import type { DB } from '../archive/db.js';

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

export function startRun(db: DB, options: Record<string, unknown>, resume: boolean, now = new Date()): { run: RunRow; resumed: boolean } {
  return db.transaction(() => {
    const old = resume ? findInterruptedRun(db) : undefined;
    if (old) {
      db.prepare('UPDATE crawl_runs SET pid = ?, resumed_count = resumed_count + 1 WHERE id = ?').run(process.pid, old.id);
      return { run: { ...old, pid: process.pid, resumed_count: old.resumed_count + 1 }, resumed: true };
    }
    const info = db.prepare(`INSERT INTO crawl_runs(started_at, status, pid, options_json) VALUES (?, 'running', ?, ?)`).run(now.toISOString(), process.pid, JSON.stringify(options));
    return { run: db.prepare('SELECT * FROM crawl_runs WHERE id = ?').get(info.lastInsertRowid) as RunRow, resumed: false };
  }).immediate();
}

export function finishRun(db: DB, runId: number, status: 'completed' | 'failed' | 'interrupted', counts: unknown, finishedAt = new Date()): void {
  db.prepare('UPDATE crawl_runs SET status = ?, finished_at = ?, counts_json = ? WHERE id = ?').run(status, finishedAt.toISOString(), JSON.stringify(counts), runId);
}
