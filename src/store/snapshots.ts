// Owns the content-addressed snapshot store: response bodies kept byte for byte under
// <storage>/snapshots/<aa>/<bb>/<sha256>, written durably (temp file, fsync, rename) before
// any row points at them, and never changed afterwards.
import { createHash } from 'node:crypto';
import { openSync, writeSync, fsyncSync, closeSync, renameSync, existsSync, mkdirSync, readFileSync, unlinkSync, createReadStream } from 'node:fs';
import { rename, mkdir, writeFile, unlink } from 'node:fs/promises';
import { join, dirname } from 'node:path';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function snapshotRelPath(hash: string): string {
  return join('snapshots', hash.slice(0, 2), hash.slice(2, 4), hash);
}

/**
 * A snapshot could not be written (disk full, folder read-only or gone). Raised after its temp
 * file is removed, so nothing half-written is left; the crawl stops on it rather than going on
 * without the bytes (issue 7).
 */
export class StorageError extends Error {
  readonly code: string | undefined;
  constructor(readonly dir: string, cause: NodeJS.ErrnoException) {
    super(`cannot write snapshots under ${dir}: ${cause.message}`);
    this.name = 'StorageError';
    this.code = cause.code;
  }
}

export class SnapshotStore {
  private dirs = new Set<string>();
  constructor(readonly root: string) {}

  pathOf(hash: string): string {
    return join(this.root, snapshotRelPath(hash));
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Stores the bytes (once) and returns their hash and relative path; durable on return. */
  put(bytes: Buffer): { sha256: string; path: string; created: boolean } {
    const hash = sha256(bytes);
    const rel = snapshotRelPath(hash);
    const full = join(this.root, rel);
    if (existsSync(full)) return { sha256: hash, path: rel, created: false };
    const tmp = `${full}.tmp-${process.pid}-${Date.now()}`;
    try {
      mkdirSync(dirname(full), { recursive: true });
      const fd = openSync(tmp, 'w');
      try {
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, full);
      const dfd = openSync(dirname(full), 'r');
      try { fsyncSync(dfd); } finally { closeSync(dfd); }
    } catch (e) {
      try { unlinkSync(tmp); } catch { /* not created */ }
      throw new StorageError(dirname(full), e as NodeJS.ErrnoException);
    }
    return { sha256: hash, path: rel, created: true };
  }

  /**
   * The same as `put`, without blocking the event loop: the write and fsync run on libuv's
   * thread pool, so other hosts' requests go on while the bytes reach the disk.
   */
  async putAsync(bytes: Buffer, known?: (hash: string) => boolean): Promise<{ sha256: string; path: string; created: boolean }> {
    const hash = sha256(bytes);
    const rel = snapshotRelPath(hash);
    const full = join(this.root, rel);
    // `known` (the archive's snapshots table) saves a file-system look-up for bytes seen before
    if (known?.(hash) || existsSync(full)) return { sha256: hash, path: rel, created: false };
    const dir = dirname(full);
    const tmp = `${full}.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      if (!this.dirs.has(dir)) { await mkdir(dir, { recursive: true }); this.dirs.add(dir); }
      await writeFile(tmp, bytes, { flush: true }); // flush: fsync before the promise resolves
      await rename(tmp, full);
    } catch (e) {
      await unlink(tmp).catch(() => { /* not created */ });
      throw new StorageError(dir, e as NodeJS.ErrnoException);
    }
    return { sha256: hash, path: rel, created: true };
  }

  get(hash: string): Buffer {
    return readFileSync(this.pathOf(hash));
  }

  /** Re-hashes the stored file; returns the hash of what is on disk, or null when missing. */
  async rehash(hash: string): Promise<string | null> {
    const p = this.pathOf(hash);
    if (!existsSync(p)) return null;
    const h = createHash('sha256');
    for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
    return h.digest('hex');
  }

  /** Removes temp files left by a killed writer (never a finished snapshot). */
  removeTemp(path: string): void {
    if (/\.tmp-\d+-\d+(-[a-z0-9]+)?$/.test(path) && existsSync(path)) unlinkSync(path);
  }
}
