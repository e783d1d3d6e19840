// Owns the archive's integrity check: SQLite's own integrity_check and foreign keys, every
// snapshot's bytes re-hashed against its name, no fetch pointing at a missing snapshot, and
// the files under snapshots/ that no row knows: orphans (a snapshot written durably by a run
// killed before its row committed) and temp files of killed writers. Those are not damage,
// but they are reported, and removable (only while no crawl holds the lock: a running crawl's
// new files are orphans until its rows commit).
import { readdirSync, unlinkSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasSchemaObject, type DB } from './db.js';
import { snapshotRelPath, type SnapshotStore } from '../store/snapshots.js';
import { pidAlive } from '../frontier/runs.js';

export interface StrayFiles {
  /** Files named like a snapshot that no `snapshots` row holds (or not at the place of their hash), relative to the storage folder. */
  orphans: string[];
  /** Temp files of snapshot writes (`<hash>.tmp-<pid>-…`), relative to the storage folder. */
  temps: string[];
  /** Anything else under snapshots/ (reported, never removed). */
  others: string[];
  /** Bytes in orphans and temps. */
  bytes: number;
}

export interface VerifyReport { snapshots: number; /** Of those, kept inside the archive (`snapshot_bodies`); the rest are files. */ inline: number; ok: number; missing: string[]; mismatched: string[]; sqlite: string[]; dangling: number; stray: StrayFiles }

const HASH = /^[0-9a-f]{64}$/;
const TEMP = /^[0-9a-f]{64}\.tmp-(\d+)-\d+(?:-[a-z0-9]+)?$/;

/** Walks <storage>/snapshots and sorts out the files no row holds. */
export function findStrayFiles(db: DB, root: string): StrayFiles {
  const known = db.prepare('SELECT 1 FROM snapshots WHERE sha256 = ?').pluck();
  const out: StrayFiles = { orphans: [], temps: [], others: [], bytes: 0 };
  const walk = (d: string): void => {
    let names: string[];
    try { names = readdirSync(d); } catch { return; }
    for (const n of names.sort()) {
      const p = join(d, n);
      let st;
      try { st = statSync(p); } catch { continue; } // removed meanwhile
      if (st.isDirectory()) { walk(p); continue; }
      const rel = relative(root, p);
      if (HASH.test(n)) {
        if (rel === snapshotRelPath(n) && known.get(n) !== undefined) continue;
        out.orphans.push(rel);
      } else if (TEMP.test(n)) out.temps.push(rel);
      else { out.others.push(rel); continue; }
      out.bytes += st.size;
    }
  };
  walk(join(root, 'snapshots'));
  return out;
}

/**
 * Removes orphans and temp files found by findStrayFiles. The caller holds the crawl lock, so
 * no run is writing; still, each orphan is checked against the rows again right before it goes,
 * and a temp file of a live process is kept. Returns what was removed.
 */
export function removeStrayFiles(db: DB, root: string, stray: StrayFiles): { removed: string[]; kept: string[] } {
  const known = db.prepare('SELECT 1 FROM snapshots WHERE sha256 = ?').pluck();
  const removed: string[] = [];
  const kept: string[] = [];
  for (const rel of stray.orphans) {
    const name = rel.split(/[\\/]/).pop()!;
    if (rel === snapshotRelPath(name) && known.get(name) !== undefined) { kept.push(rel); continue; }
    try { unlinkSync(join(root, rel)); removed.push(rel); } catch { kept.push(rel); }
  }
  for (const rel of stray.temps) {
    const pid = Number(TEMP.exec(rel.split(/[\\/]/).pop()!)?.[1]);
    if (pid === process.pid || pidAlive(pid)) { kept.push(rel); continue; }
    try { unlinkSync(join(root, rel)); removed.push(rel); } catch { kept.push(rel); }
  }
  return { removed, kept };
}

export async function verifyArchive(db: DB, store: SnapshotStore, onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
  const sqlite = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).filter((s) => s !== 'ok');
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) sqlite.push(`${fk.length} foreign key violation(s)`);
  const rows = db.prepare('SELECT sha256 FROM snapshots ORDER BY sha256').all() as Array<{ sha256: string }>;
  const inline = hasSchemaObject(db, 'snapshot_bodies') ? db.prepare('SELECT COUNT(*) FROM snapshot_bodies').pluck().get() as number : 0;
  const rep: VerifyReport = { snapshots: rows.length, inline, ok: 0, missing: [], mismatched: [], sqlite, dangling: 0, stray: { orphans: [], temps: [], others: [], bytes: 0 } };
  let i = 0;
  for (const { sha256 } of rows) {
    const h = await store.rehash(sha256);
    if (h === null) rep.missing.push(sha256);
    else if (h !== sha256) rep.mismatched.push(sha256);
    else rep.ok++;
    onProgress?.(++i, rows.length);
  }
  rep.dangling = (db.prepare('SELECT COUNT(*) AS n FROM fetches f WHERE f.snapshot_sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.sha256 = f.snapshot_sha256)').get() as { n: number }).n;
  rep.stray = findStrayFiles(db, store.root);
  return rep;
}

/** Integrity: SQLite, every snapshot present and matching its hash, no fetch pointing nowhere. Stray files are reported, not failures. */
export function verifyPassed(r: VerifyReport): boolean {
  return r.sqlite.length === 0 && r.missing.length === 0 && r.mismatched.length === 0 && r.dangling === 0;
}
