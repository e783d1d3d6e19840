// Owns the content-addressed snapshot store: response bodies kept byte for byte under
// <storage>/snapshots/<aa>/<bb>/<sha256>, written durably (temp file, fsync, rename) before
// any row points at them, and never changed afterwards.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { sha256, snapshotRelPath, writeSnapshotFile, writeSnapshotFileAsync } from './snapshotFile.mjs';

export { sha256, snapshotRelPath };

/**
 * A snapshot could not be written (disk full, folder read-only or gone). Raised after its temp
 * file is removed, so nothing half-written is left; the crawl stops on it rather than going on
 * without the bytes (issue 7).
 */
export class StorageError extends Error {
  readonly code: string | undefined;
  constructor(readonly dir: string, override readonly cause: NodeJS.ErrnoException) {
    super(`cannot write snapshots under ${dir}: ${cause.message}`);
    this.name = 'StorageError';
    this.code = cause.code;
  }

  /** From an error thrown by writeSnapshotFile(Async), which names the folder it was writing to. */
  static fromWrite(e: unknown, fallbackDir: string): StorageError {
    const err = e as NodeJS.ErrnoException & { snapshotDir?: string };
    return new StorageError(err.snapshotDir ?? fallbackDir, err);
  }
}

export class SnapshotStore {
  constructor(readonly root: string) {}

  pathOf(hash: string): string {
    return join(this.root, snapshotRelPath(hash));
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Stores the bytes (once) and returns their hash and relative path; durable on return. */
  put(bytes: Buffer): { sha256: string; path: string; created: boolean } {
    try {
      return writeSnapshotFile(this.root, bytes);
    } catch (e) {
      throw StorageError.fromWrite(e, join(this.root, 'snapshots'));
    }
  }

  /** The same as `put`, without blocking the event loop (see writeSnapshotFileAsync). */
  async putAsync(bytes: Buffer, known?: (hash: string) => boolean): Promise<{ sha256: string; path: string; created: boolean }> {
    try {
      return await writeSnapshotFileAsync(this.root, bytes, known);
    } catch (e) {
      throw StorageError.fromWrite(e, join(this.root, 'snapshots'));
    }
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
