import { describe, it, expect } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Checkpointer } from '../../src/store/checkpointer.js';
import { silentLogger } from '../../src/util/log.js';

describe('background WAL checkpoints during a crawl', () => {
  it('turns the automatic checkpoint off, copies committed pages into the database file from its own thread, and gives the setting back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const path = join(dir, 'a.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT)');
    const c = Checkpointer.start(db, silentLogger, 20);
    expect(await c.ready).toBe(true); // the worker runs
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    const ins = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 200; i++) ins.run('x'.repeat(4000)); // 200 commits, ~200 pages
    // after each of the worker's checkpoints (not after a guessed time), look at the file: the
    // pages reach it without this connection ever checkpointing
    const grown = () => statSync(path).size > before + 150 * 4096;
    for (let i = 0; i < 500 && !grown(); i++) await c.nextCheckpoint();
    expect(statSync(path).size).toBeGreaterThan(before + 150 * 4096);
    await c.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(200);
    db.close();
  });

  it('leaves the automatic checkpoint on when the archive is not in WAL mode', async () => {
    const db = new Database(':memory:');
    const c = Checkpointer.start(db, silentLogger, 20);
    expect(await c.ready).toBe(false); // no worker at all
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await c.stop();
    db.close();
  });
});
