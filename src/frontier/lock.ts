// Owns the crawl lock: one crawl at a time per archive. The lock file holds the owner's pid;
// a lock whose process is gone (a killed run) is taken over.
import { openSync, writeSync, closeSync, readFileSync, unlinkSync, renameSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pidAlive } from './runs.js';

export class LockHeldError extends Error {
  constructor(public pid: number, public since: string, public file: string) {
    super(`another crawl is running on this archive (pid ${pid}, since ${since}; lock ${file})`);
    this.name = 'LockHeldError';
  }
}

export interface Lock { file: string; tookOver: { pid: number; since: string } | null; release(): void }

function readLock(file: string): { pid: number; since: string } | null {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; since: string };
    return typeof j.pid === 'number' ? j : null;
  } catch {
    return null;
  }
}

export function acquireLock(dir: string, name = 'crawl.lock'): Lock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const mine = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
  let tookOver: Lock['tookOver'] = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, mine);
      closeSync(fd);
      return { file, tookOver, release: () => { if (readLock(file)?.pid === process.pid) unlinkSync(file); } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = readLock(file);
    if (held && pidAlive(held.pid) && held.pid !== process.pid) throw new LockHeldError(held.pid, held.since, file);
    // stale (killed owner) or unreadable (killed while writing): move it aside atomically and retry
    tookOver = held ?? { pid: 0, since: 'unknown' };
    try { renameSync(file, `${file}.stale-${process.pid}`); unlinkSync(`${file}.stale-${process.pid}`); } catch { /* another process took it first */ }
  }
  const held = readLock(file);
  throw new LockHeldError(held?.pid ?? 0, held?.since ?? 'unknown', file);
}
