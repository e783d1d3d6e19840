// Owns where the archive lives: --storage, $OGI_STORAGE, or config's storage_dir (relative to
// the project), and opening the database and snapshot store inside it.
import { resolve, isAbsolute } from 'node:path';
import { existsSync } from 'node:fs';
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
  const db = openArchive(archivePathOf(dir), { readonly });
  return { db, store: new SnapshotStore(dir, db), dir };
}

/**
 * Throws, naming the file, when the folder holds no archive: commands that read or check an
 * archive never create one (a mistyped --storage would otherwise get an empty archive that
 * "verifies").
 */
export function requireArchive(dir: string): void {
  const file = archivePathOf(dir);
  if (!existsSync(file)) throw new Error(`no archive at ${file} (crawl first, e.g. \`npm start\`, or name the folder with --storage)`);
}

/** Opens the existing archive named by a command's --storage/--config options, runs `fn`, and closes it. */
export async function withArchive<T>(o: { storage?: string; config: string }, readonly: boolean, fn: (a: { db: DB; store: SnapshotStore; dir: string }) => T | Promise<T>): Promise<T> {
  const dir = storageDir(loadGlobalConfig(o.config), o.storage);
  requireArchive(dir);
  const a = openStorage(dir, readonly);
  try {
    return await fn(a);
  } finally {
    a.db.close();
  }
}
