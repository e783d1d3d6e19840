// Owns the layout of a storage folder: the database file beside the snapshot files.
import { join } from 'node:path';

export function archivePathOf(dir: string): string {
  return join(dir, 'archive.sqlite');
}
