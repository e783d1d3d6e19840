// Owns where the archive lives: --storage, $OGI_STORAGE, or config's storage_dir (relative to
// the project), and opening the database and snapshot store inside it.
import { resolve, isAbsolute } from 'node:path';
import { openArchive, type DB } from '../archive/db.js';
import { SnapshotStore } from '../store/snapshots.js';
import { projectRoot, loadGlobalConfig } from '../config/load.js';
import type { GlobalConfig } from '../config/schema.js';
import { archivePathOf } from '../store/paths.js';

export function storageDir(global: GlobalConfig, flag?: string): string {
  const d = flag ?? process.env.OGI_STORAGE ?? global.storage_dir;
  return isAbsolute(d) ? d : flag ? resolve(d) : resolve(projectRoot, d);
}


export function openStorage(dir: string, readonly = false): { db: DB; store: SnapshotStore; dir: string } {
  return { db: openArchive(archivePathOf(dir), { readonly }), store: new SnapshotStore(dir), dir };
}

/** Opens the archive named by a command's --storage/--config options, runs `fn`, and closes it. */
export async function withArchive<T>(o: { storage?: string; config: string }, readonly: boolean, fn: (a: { db: DB; store: SnapshotStore; dir: string }) => T | Promise<T>): Promise<T> {
  const a = openStorage(storageDir(loadGlobalConfig(o.config), o.storage), readonly);
  try {
    return await fn(a);
  } finally {
    a.db.close();
  }
}
