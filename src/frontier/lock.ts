// Owns the crawl lock: one writer at a time per archive (a crawl or a re-extraction). The lock
// file holds its owner's pid, start time and a random token. It is published whole with
// link(2) from a private temp file, so it exists complete or not at all, and only one process
// can create it. A lock whose process is gone (a killed run) is taken over; the takeover is
// atomic too (issue 15): a stale lock is removed only by the process that wins the exclusive
// creation of a "reap" file named after that lock's identity, and that process checks the
// lock is still the stale one before removing it. Two processes that find the same stale lock
// at the same instant cannot both remove it, nor can a late one remove the lock the winner
// has just made; a reaper killed mid-way is itself taken over (the next reap level).
import { openSync, writeFileSync, readSync, fstatSync, closeSync, linkSync, unlinkSync, mkdirSync, readdirSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join, basename, dirname } from 'node:path';
import { pidAlive } from './runs.js';

export class LockHeldError extends Error {
  constructor(public pid: number, public since: string, public file: string) {
    super(`another crawl is running on this archive (pid ${pid}, since ${since}; lock ${file})`);
    this.name = 'LockHeldError';
  }
}

export interface Lock { file: string; tookOver: { pid: number; since: string } | null; release(): void }

interface Owner { pid: number; since: string; token?: string }
/** A lock file as read: its owner (null when unreadable) and an identity unique to this file. */
interface Seen { owner: Owner | null; id: string; ageMs: number }

/** How long acquireLock waits for a takeover by another live process to finish. */
const WAIT_MS = 5000;
/** A lock file that cannot be read is being written (only without link(2)) unless older than this. */
const UNREADABLE_STALE_MS = 10_000;
/** Reap levels: a reaper killed mid-way is replaced by one at the next level. */
const MAX_LEVEL = 8;

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Creates `path` holding `content`, complete, only if it does not exist: the content is written
 * to a private temp file that is then hard-linked to `path` (link(2) fails if `path` exists).
 * Where hard links are not supported, an exclusive create (O_EXCL) is used instead.
 */
function publish(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content, { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    try {
      writeFileSync(path, content, { flag: 'wx' });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    try { unlinkSync(tmp); } catch { /* already gone */ }
  }
}

/** Reads a lock (or reap) file; null when it does not exist. */
function see(path: string): Seen | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    const buf = Buffer.alloc(Math.min(st.size, 4096));
    const n = buf.length ? readSync(fd, buf, 0, buf.length, 0) : 0;
    const raw = buf.subarray(0, n).toString('utf8');
    let owner: Owner | null = null;
    try {
      const j = JSON.parse(raw) as Owner;
      if (typeof j.pid === 'number') owner = j;
    } catch { /* unreadable */ }
    // the content carries a random token; inode and mtime tell apart two unreadable files
    const id = createHash('sha256').update(`${raw}\0${st.ino}\0${st.mtimeMs}`).digest('hex').slice(0, 24);
    return { owner, id, ageMs: Date.now() - st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function removeIfPresent(path: string): void {
  try { unlinkSync(path); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
}

const reapName = (file: string, id: string, level: number) => `${file}.reap-${id}-${level}`;

/**
 * Removes the stale lock `stale` if no other live process is doing so. Returns 'removed' (by
 * this process), 'gone' (the lock is no longer that one), or 'busy' (a live process is reaping).
 */
function reap(file: string, stale: Seen): 'removed' | 'gone' | 'busy' {
  const me = JSON.stringify({ pid: process.pid, since: new Date().toISOString(), token: randomBytes(8).toString('hex') });
  for (let level = 1, again = 0; level <= MAX_LEVEL; level++) {
    const rname = reapName(file, stale.id, level);
    if (!publish(rname, me)) {
      const other = see(rname);
      if (other === null && again++ < 100) { level--; continue; } // removed meanwhile: try this level again
      if (other === null) return 'busy';
      if (other.owner && other.owner.pid !== process.pid && pidAlive(other.owner.pid)) return 'busy';
      if (!other.owner && other.ageMs < UNREADABLE_STALE_MS) return 'busy';
      continue; // its reaper was killed: the next level
    }
    try {
      // the only live reaper of this identity: the lock cannot change under us unless it is gone already
      const now = see(file);
      if (!now || now.id !== stale.id) return 'gone';
      removeIfPresent(file);
      return 'removed';
    } finally {
      for (let l = 1; l <= level; l++) removeIfPresent(reapName(file, stale.id, l));
    }
  }
  return 'busy';
}

/**
 * Removes what killed processes left beside the lock: reap files of earlier locks, and temp
 * files of a process that is gone. Only the lock's holder calls this (a live reaper of an
 * earlier lock finds the lock changed and does nothing, whether or not its reap file remains).
 */
function sweep(file: string): void {
  const esc = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reapRe = new RegExp(`^${esc}\\.reap-[0-9a-f]{24}-\\d+$`);
  const tmpRe = new RegExp(`^${esc}\\.(?:reap-[0-9a-f]{24}-\\d+\\.)?(\\d+)-[0-9a-f]+\\.tmp$`);
  let names: string[];
  try { names = readdirSync(dirname(file)); } catch { return; }
  for (const n of names) {
    const tmp = tmpRe.exec(n);
    if (reapRe.test(n) || (tmp && !pidAlive(Number(tmp[1])))) removeIfPresent(join(dirname(file), n));
  }
}

export function acquireLock(dir: string, name = 'crawl.lock'): Lock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const mine: Owner = { pid: process.pid, since: new Date().toISOString(), token: randomBytes(12).toString('hex') };
  let tookOver: Lock['tookOver'] = null;
  let last: Seen | null = null;
  const until = Date.now() + WAIT_MS;
  for (;;) {
    if (publish(file, JSON.stringify(mine))) {
      sweep(file);
      const release = () => {
        const cur = see(file);
        if (cur?.owner?.token === mine.token) removeIfPresent(file);
      };
      return { file, tookOver, release };
    }
    const held = see(file);
    if (held === null) continue; // released meanwhile: try again
    last = held;
    const o = held.owner;
    if (o && o.pid !== process.pid && pidAlive(o.pid)) throw new LockHeldError(o.pid, o.since, file);
    const stale = o ? true : held.ageMs >= UNREADABLE_STALE_MS;
    const r = stale ? reap(file, held) : 'busy';
    if (r === 'removed') tookOver = o ? { pid: o.pid, since: o.since } : { pid: 0, since: 'unknown' };
    if (r === 'busy') {
      if (Date.now() > until) break;
      sleepSync(10);
    }
  }
  throw new LockHeldError(last?.owner?.pid ?? 0, last?.owner?.since ?? 'unknown', file);
}

/** The live process holding the lock in `dir`, if any (without taking it). */
export function lockHolder(dir: string, name = 'crawl.lock'): { pid: number; since: string } | null {
  const seen = see(join(dir, name));
  const o = seen?.owner;
  return o && o.pid !== process.pid && pidAlive(o.pid) ? { pid: o.pid, since: o.since } : null;
}
