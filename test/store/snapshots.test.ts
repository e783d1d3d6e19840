import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotStore, sha256 } from '../../src/store/snapshots.js';
import { openArchive } from '../../src/archive/db.js';
import { verifyArchive, verifyPassed } from '../../src/archive/verify.js';

describe('snapshot store', () => {
  it('stores bytes once under their SHA-256 and returns them unchanged', () => {
    const store = new SnapshotStore(mkdtempSync(join(tmpdir(), 'ogi-st-')));
    const bytes = Buffer.from([0xc4, 0xea, 0x00, 0xff, 0x0d, 0x0a]);
    const a = store.put(bytes);
    const b = store.put(Buffer.from(bytes));
    expect(a.sha256).toBe(sha256(bytes));
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(Buffer.compare(store.get(a.sha256), bytes)).toBe(0);
    expect(readdirSync(join(store.root, 'snapshots', a.sha256.slice(0, 2), a.sha256.slice(2, 4)))).toEqual([a.sha256]);
  });

  it('verify finds a tampered and a missing snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-st-'));
    const store = new SnapshotStore(dir);
    const db = openArchive(join(dir, 'archive.sqlite'));
    const ins = db.prepare('INSERT INTO snapshots(sha256, size, path, first_seen_at) VALUES (?, ?, ?, ?)');
    for (const t of ['one', 'two', 'three']) { const p = store.put(Buffer.from(t)); ins.run(p.sha256, t.length, p.path, 'now'); }
    expect(verifyPassed(await verifyArchive(db, store))).toBe(true);
    writeFileSync(store.pathOf(sha256(Buffer.from('one'))), 'tampered');
    ins.run('0'.repeat(64), 1, 'snapshots/00/00/x', 'now');
    const r = await verifyArchive(db, store);
    expect(r.mismatched).toEqual([sha256(Buffer.from('one'))]);
    expect(r.missing).toEqual(['0'.repeat(64)]);
    expect(verifyPassed(r)).toBe(false);
  });

  it('applies each migration once', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'ogi-db-')), 'a.sqlite');
    openArchive(f).close();
    const db = openArchive(f);
    const v = db.prepare('SELECT version FROM schema_migrations').all();
    expect(v.length).toBeGreaterThan(0);
    expect(new Set(v.map((r) => (r as { version: number }).version)).size).toBe(v.length);
  });
});
