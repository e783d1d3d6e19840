// Owns how a snapshot file is written: hashed, written to a temp file beside its final place,
// fsynced, then renamed, so that a row never points at bytes a crash could lose. Plain
// JavaScript, so that a worker thread can load it without a
// TypeScript loader; SnapshotStore uses the same two functions.
import { createHash } from 'node:crypto';
import { openSync, writeSync, fsyncSync, closeSync, renameSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { mkdir, writeFile, rename, unlink } from 'node:fs/promises';
import { join, dirname } from 'node:path';

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

export function snapshotRelPath(hash) {
  return join('snapshots', hash.slice(0, 2), hash.slice(2, 4), hash);
}

/**
 * Stores the bytes under `root` (once) and returns { sha256, path, created }. On failure the temp
 * file is removed and the error is thrown with `snapshotDir` set to the folder it was for.
 */
export function writeSnapshotFile(root, bytes) {
  const hash = sha256(bytes);
  const rel = snapshotRelPath(hash);
  const full = join(root, rel);
  if (existsSync(full)) return { sha256: hash, path: rel, created: false };
  const dir = dirname(full);
  const tmp = `${full}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, full);
    const dfd = openSync(dir, 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* not created */ }
    throw Object.assign(e, { snapshotDir: dir });
  }
  return { sha256: hash, path: rel, created: true };
}

const madeDirs = new Set();

/**
 * The same without blocking: the write and fsync run on libuv's thread pool, many at once, so
 * that their fsyncs share journal commits. `known(hash)` may say the bytes are stored already.
 */
export async function writeSnapshotFileAsync(root, bytes, known) {
  const hash = sha256(bytes);
  const rel = snapshotRelPath(hash);
  const full = join(root, rel);
  if (known?.(hash) || existsSync(full)) return { sha256: hash, path: rel, created: false };
  const dir = dirname(full);
  const tmp = `${full}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    if (!madeDirs.has(dir)) { await mkdir(dir, { recursive: true }); madeDirs.add(dir); }
    await writeFile(tmp, bytes, { flush: true }); // flush: fsync before the promise resolves
    await rename(tmp, full);
  } catch (e) {
    await unlink(tmp).catch(() => { /* not created */ });
    throw Object.assign(e, { snapshotDir: dir });
  }
  return { sha256: hash, path: rel, created: true };
}
