// Owns the layout of a storage folder: the database file beside the snapshot files.
import { join } from 'node:path';

/** The default largest response body kept inside the archive rather than as a file (config: snapshot_inline_max_bytes). */
export const DEFAULT_INLINE_MAX_BYTES = 64 * 1024;

export function archivePathOf(dir: string): string {
  return join(dir, 'archive.sqlite');
}
