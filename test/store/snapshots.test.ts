import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotStore, sha256, INLINE_PATH } from '../../src/store/snapshots.js';
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

  it('keeps a small body inside the archive, in the transaction of its row, and a larger one as a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-st-'));
    const db = openArchive(join(dir, 'archive.sqlite'));
    const store = new SnapshotStore(dir, db, { inlineMaxBytes: 1024 });
    const ins = db.prepare('INSERT INTO snapshots(sha256, size, path, first_seen_at) VALUES (?, ?, ?, ?)');
    const small = Buffer.from('<html>小页面</html>');
    const big = Buffer.alloc(1025, 0x62);
    const edge = Buffer.alloc(1024, 0x63);
    const stored = [small, big, edge].map((b) => {
      const p = store.put(b);
      db.transaction(() => { ins.run(p.sha256, b.length, p.path, 'now'); if (p.inline) store.insertInline(p.sha256, b); })();
      return p;
    });
    expect(stored.map((p) => [p.path === INLINE_PATH, !!p.inline, p.created])).toEqual([[true, true, true], [false, false, true], [true, true, true]]);
    expect(existsSync(store.pathOf(sha256(small)))).toBe(false);
    expect(existsSync(store.pathOf(sha256(big)))).toBe(true);
    for (const b of [small, big, edge]) {
      expect(store.has(sha256(b))).toBe(true);
      expect(store.get(sha256(b)).equals(b)).toBe(true);
      expect(await store.rehash(sha256(b))).toBe(sha256(b));
    }
    // known already: nothing new to write
    expect(await store.putAsync(small, (h) => h === sha256(small))).toMatchObject({ created: false });
    // a reader without the connection finds it through the folder's archive
    const reader = new SnapshotStore(dir);
    expect(reader.get(sha256(small)).equals(small)).toBe(true);
    expect(reader.has(sha256(edge))).toBe(true);
    expect(reader.has(sha256(Buffer.from('never stored')))).toBe(false);
    reader.close();
    expect(verifyPassed(await verifyArchive(db, store))).toBe(true);
    // a changed body is found like a changed file
    db.prepare('UPDATE snapshot_bodies SET body = ? WHERE sha256 = ?').run(Buffer.from('tampered'), sha256(small));
    expect((await verifyArchive(db, store)).mismatched).toEqual([sha256(small)]);
    // the body cannot exist without its row
    expect(() => store.insertInline(sha256(Buffer.from('no row')), Buffer.from('no row'))).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('with snapshot_inline_max_bytes 0, or a body a file already holds, writes or keeps the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-st-'));
    const db = openArchive(join(dir, 'archive.sqlite'));
    const bytes = Buffer.from('robots');
    const files = new SnapshotStore(dir, db, { inlineMaxBytes: 0 });
    expect(files.put(bytes)).toMatchObject({ created: true, path: join('snapshots', sha256(bytes).slice(0, 2), sha256(bytes).slice(2, 4), sha256(bytes)) });
    expect((await files.putAsync(Buffer.from('robots 2'))).inline).toBeUndefined();
    // an orphan file left by an earlier run is the copy: not stored a second time inside the archive
    const inline = new SnapshotStore(dir, db);
    expect(await inline.putAsync(bytes)).toMatchObject({ created: false, path: files.put(bytes).path });
    expect(inline.put(Buffer.from('new'))).toMatchObject({ created: true, inline: true, path: INLINE_PATH });
    db.close();
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

describe('re-extraction of bodies kept in the archive', () => {
  it('reads them in its workers from a file archive, and sends them along for one in memory', async () => {
    const { reextract } = await import('../../src/archive/reextract.js');
    const { generateCorpus } = await import('../../src/replay/generator/index.js');
    const g = generateCorpus(1, 3)[0];
    for (const where of ['file', 'memory'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'ogi-st-'));
      const db = openArchive(where === 'file' ? join(dir, 'archive.sqlite') : ':memory:');
      const store = new SnapshotStore(dir, db);
      db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES ('s', 's', 's', 'county', 'linklist', 'http://s.gov.cn/', '-', '{}', 'now')`).run();
      db.prepare(`INSERT INTO crawl_runs(id, started_at, status) VALUES (1, 'now', 'completed')`).run();
      const put = store.put(g.bytes);
      expect(put.inline).toBe(true);
      db.transaction(() => {
        db.prepare(`INSERT INTO snapshots(sha256, size, content_type, path, first_seen_at) VALUES (?, ?, ?, ?, 'now')`).run(put.sha256, g.bytes.length, g.contentType, put.path);
        store.insertInline(put.sha256, g.bytes);
        db.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, outcome, started_at, snapshot_sha256, content_type) VALUES (1, 's', 'report', 'GET', 'http://s.gov.cn/r.html', 'ok', 'now', ?, ?)`).run(put.sha256, g.contentType);
      })();
      expect(readdirSync(dir).filter((f) => f === 'snapshots')).toEqual([]); // no file written
      const r = await reextract(db, { storageDir: dir, version: 'test-inline', workers: 1, force: true });
      expect(r.counts, where).toMatchObject({ snapshots: 1, reports: 1, errors: 0 });
      db.close();
    }
  }, 60_000);
});
