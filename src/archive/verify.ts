// Owns the archive's integrity check: SQLite's own integrity_check and foreign keys, every
// snapshot's bytes re-hashed against its name, and no fetch pointing at a missing snapshot.
import type { DB } from './db.js';
import type { SnapshotStore } from '../store/snapshots.js';

export interface VerifyReport { snapshots: number; ok: number; missing: string[]; mismatched: string[]; sqlite: string[]; dangling: number }

export async function verifyArchive(db: DB, store: SnapshotStore, onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
  const sqlite = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).filter((s) => s !== 'ok');
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) sqlite.push(`${fk.length} foreign key violation(s)`);
  const rows = db.prepare('SELECT sha256 FROM snapshots ORDER BY sha256').all() as Array<{ sha256: string }>;
  const rep: VerifyReport = { snapshots: rows.length, ok: 0, missing: [], mismatched: [], sqlite, dangling: 0 };
  let i = 0;
  for (const { sha256 } of rows) {
    const h = await store.rehash(sha256);
    if (h === null) rep.missing.push(sha256);
    else if (h !== sha256) rep.mismatched.push(sha256);
    else rep.ok++;
    onProgress?.(++i, rows.length);
  }
  rep.dangling = (db.prepare('SELECT COUNT(*) AS n FROM fetches f WHERE f.snapshot_sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.sha256 = f.snapshot_sha256)').get() as { n: number }).n;
  return rep;
}

export function verifyPassed(r: VerifyReport): boolean {
  return r.sqlite.length === 0 && r.missing.length === 0 && r.mismatched.length === 0 && r.dangling === 0;
}
