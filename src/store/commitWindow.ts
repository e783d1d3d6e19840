// Owns group commit on the crawl's hot path. Hundreds of hosts finish requests within the same
// few milliseconds; giving each its own SQLite commit writes the same pages to the WAL again and
// again and keeps the event loop (which every host's timing waits on) busy. Writes made while a
// window is open share one transaction, committed `ms` later or at `close`. Each record stays
// atomic (better-sqlite3 turns a transaction inside an open one into a savepoint); a kill loses
// at most the last window, whose frontier items are still pending and are fetched again when
// the run is continued.
import type { DB } from '../archive/db.js';

/** A window's commit failed (disk full, I/O error): its records are gone and the crawl must stop. */
export class CommitError extends Error {
  constructor(override readonly cause: Error) {
    super(`cannot commit to the archive: ${cause.message}`);
    this.name = 'CommitError';
  }
}

export class CommitWindow {
  private timer: NodeJS.Timeout | null = null;
  private failure: CommitError | null = null;
  /** `after(committed)` runs after each window: true when it committed, false when it was rolled back. */
  constructor(private db: DB, private after: (committed: boolean) => void = () => {}, private ms = 25) {}

  /** Opens a window if none is open; call before a write that may share a commit. */
  open(): void {
    if (this.failure) throw this.failure;
    if (this.timer || this.db.inTransaction) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.timer = setTimeout(() => {
      try {
        this.close();
      } catch (e) {
        this.failure = e instanceof CommitError ? e : new CommitError(e as Error);
      }
    }, this.ms);
  }

  /** Commits the open window now (at the end of a crawl, before anything else reads or writes). */
  close(): void {
    if (!this.timer) return; // no window open
    clearTimeout(this.timer);
    this.timer = null;
    // an error SQLite could not recover from has already rolled the transaction back
    if (!this.db.inTransaction) return this.after(false);
    try {
      this.db.exec('COMMIT');
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.after(false);
      throw new CommitError(e as Error);
    }
    this.after(true);
  }
}
