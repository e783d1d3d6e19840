// The exit codes of `ogi` commands (documented in docs/operations.md).
export const EXIT = {
  /** All well. */
  OK: 0,
  /** The run finished, but some sites failed (unreachable, walled, crashed). */
  SOME_SITES_FAILED: 1,
  /** Could not run: bad arguments, configuration or storage. */
  CANNOT_RUN: 2,
  /** Another crawl holds the archive's lock. */
  LOCKED: 3,
} as const;
