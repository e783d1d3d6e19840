// Owns the content-addressed snapshot store: response bodies kept byte for byte, once each, named
// by their SHA-256, and never changed afterwards. A small body (up to `inlineMaxBytes`) is kept in
// the archive itself (table `snapshot_bodies`, migration 016), written in the same transaction as
// its row; a larger one is a file <storage>/snapshots/<aa>/<bb>/<sha256>, written durably (temp
// file, fsync, rename) before any row points at it. Readers ask by hash and get the bytes from
// wherever they are.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openArchive, hasSchemaObject, type DB } from '../archive/db.js';
import { archivePathOf, DEFAULT_INLINE_MAX_BYTES } from './paths.js';
import { sha256, snapshotRelPath, writeSnapshotFile, writeSnapshotFileAsync } from './snapshotFile.mjs';

export { sha256, snapshotRelPath };

/** `snapshots.path` of a snapshot whose bytes are in the archive's `snapshot_bodies` table. */
export const INLINE_PATH = 'snapshot_bodies';

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

/** Where a body was put: a file (written and durable) or the archive (`inline`: the caller inserts it with its row, see `insertInline`). */
export interface Put { sha256: string; path: string; created: boolean; inline?: boolean }

export class SnapshotStore {
  private db: DB | null;
  /** A read-only connection this store opened itself on the folder's archive (see `bodiesDb`). */
  private own: DB | null = null;
  /** Reading `snapshot_bodies`: prepared on first need; null while the archive has no such table. */
  private read: { get: Database.Statement; has: Database.Statement } | null = null;
  private insBody: Database.Statement | null = null;
  readonly inlineMaxBytes: number;

  /**
   * `db`: the archive whose `snapshot_bodies` this store reads and writes; without one, bodies kept
   * inline are read through a read-only connection to `<root>/archive.sqlite`, and every new body
   * is written as a file. `inlineMaxBytes` (with a db): the largest body `putAsync`/`put` keep inline.
   */
  constructor(readonly root: string, db?: DB | null, opts: { inlineMaxBytes?: number } = {}) {
    this.db = db ?? null;
    this.inlineMaxBytes = this.db && !this.db.readonly ? opts.inlineMaxBytes ?? DEFAULT_INLINE_MAX_BYTES : 0;
  }

  /** The connection holding inline bodies: the one given, or the folder's archive opened read-only on first need (null when there is none). */
  private bodiesDb(): DB | null {
    if (this.db) return this.db;
    if (!this.own) {
      const file = archivePathOf(this.root);
      if (!existsSync(file)) return null;
      this.own = openArchive(file, { readonly: true });
    }
    return this.own;
  }

  /** The statements reading inline bodies, or null (no archive, or one that predates migration 016). */
  private reader(): { get: Database.Statement; has: Database.Statement } | null {
    if (!this.read) {
      const db = this.bodiesDb();
      if (!db || !hasSchemaObject(db, 'snapshot_bodies')) return null;
      this.read = { get: db.prepare('SELECT body FROM snapshot_bodies WHERE sha256 = ?').pluck(), has: db.prepare('SELECT 1 FROM snapshot_bodies WHERE sha256 = ?').pluck() };
    }
    return this.read;
  }

  /** The inline body of a hash, or undefined. */
  private inline(hash: string): Buffer | undefined {
    return this.reader()?.get.get(hash) as Buffer | undefined;
  }

  /** The file a body larger than the inline limit lives in (whether or not it exists). */
  pathOf(hash: string): string {
    return join(this.root, snapshotRelPath(hash));
  }

  /** Where a snapshot's bytes are, for messages: its file, or the archive's table. */
  describe(hash: string): string {
    return this.inline(hash) !== undefined ? `${INLINE_PATH} row ${hash}` : this.pathOf(hash);
  }

  has(hash: string): boolean {
    if (existsSync(this.pathOf(hash))) return true;
    return this.reader()?.has.get(hash) !== undefined;
  }

  /** Whether a body of this size goes into the archive rather than a file. */
  keepsInline(size: number): boolean {
    return size <= this.inlineMaxBytes;
  }

  /**
   * Stores the bytes (once) and returns their hash and path; a file is durable on return. A body
   * kept inline comes back with `inline: true` and path INLINE_PATH: the caller writes it with
   * `insertInline` in the transaction that inserts its `snapshots` row (after that row).
   */
  put(bytes: Buffer, opts: { inline?: boolean } = {}): Put {
    if (opts.inline !== false && this.keepsInline(bytes.length)) return this.inlinePut(bytes, sha256(bytes));
    try {
      return writeSnapshotFile(this.root, bytes);
    } catch (e) {
      throw StorageError.fromWrite(e, join(this.root, 'snapshots'));
    }
  }

  /** The same as `put`, without blocking the event loop (see writeSnapshotFileAsync). `known(hash)` may say the bytes are stored already. */
  async putAsync(bytes: Buffer, known?: (hash: string) => boolean, opts: { inline?: boolean } = {}): Promise<Put> {
    if (opts.inline !== false && this.keepsInline(bytes.length)) {
      const hash = sha256(bytes);
      if (known?.(hash)) return { sha256: hash, path: snapshotRelPath(hash), created: false };
      return this.inlinePut(bytes, hash);
    }
    try {
      return await writeSnapshotFileAsync(this.root, bytes, known);
    } catch (e) {
      throw StorageError.fromWrite(e, join(this.root, 'snapshots'));
    }
  }

  private inlinePut(bytes: Buffer, hash: string): Put {
    if (existsSync(this.pathOf(hash))) return { sha256: hash, path: snapshotRelPath(hash), created: false }; // an earlier file stays the copy
    return { sha256: hash, path: INLINE_PATH, created: true, inline: true };
  }

  /** Writes an inline body; call inside the transaction that inserted its `snapshots` row. */
  insertInline(hash: string, bytes: Buffer): void {
    if (!this.db) throw new Error('insertInline needs the store to be given its archive');
    this.insBody ??= this.db.prepare('INSERT OR IGNORE INTO snapshot_bodies(sha256, body) VALUES (?, ?)');
    this.insBody.run(hash, bytes);
  }

  get(hash: string): Buffer {
    const body = this.inline(hash);
    if (body !== undefined) return body;
    return readFileSync(this.pathOf(hash));
  }

  /** Re-hashes the stored bytes; returns the hash of what is stored, or null when missing. */
  async rehash(hash: string): Promise<string | null> {
    const body = this.inline(hash);
    if (body !== undefined) return sha256(body);
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

  /** Closes the read-only connection the store may have opened itself. */
  close(): void {
    this.own?.close();
    this.own = null;
    this.read = null;
  }
}
