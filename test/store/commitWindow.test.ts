import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { CommitWindow, CommitError } from '../../src/store/commitWindow.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function twoConnections(dir: string) {
  const a = new Database(`${dir}/w.sqlite`);
  a.pragma('journal_mode = WAL');
  a.exec('CREATE TABLE t (x INTEGER); CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id))');
  a.pragma('foreign_keys = ON');
  const b = new Database(`${dir}/w.sqlite`, { readonly: true });
  return { a, b };
}

describe('group commit window', () => {
  it('records made within a window share one commit, each still atomic, and are visible to other readers only once committed', async () => {
    const { mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/cw-`);
    const { a, b } = twoConnections(dir);
    const seen: boolean[] = [];
    const w = new CommitWindow(a, (ok) => seen.push(ok), 30);
    const ins = a.prepare('INSERT INTO t VALUES (?)');
    const record = (x: number, fail = false) => a.transaction(() => { ins.run(x); if (fail) throw new Error('boom'); })();
    w.open(); record(1);
    w.open(); record(2);
    w.open(); expect(() => record(3, true)).toThrow('boom'); // rolled back to its savepoint only
    expect(a.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2); // the writer sees its own rows
    expect(b.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0); // others: not yet committed
    await sleep(60);
    expect(b.prepare('SELECT group_concat(x) FROM t').pluck().get()).toBe('1,2');
    w.open(); record(4); w.close();
    expect(b.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
    w.close(); // nothing open: nothing to report
    expect(seen).toEqual([true, true]);
    a.close(); b.close();
  });

  it('a commit that fails rolls its window back and stops the next write with the reason', async () => {
    const { mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/cw-`);
    const { a, b } = twoConnections(dir);
    a.pragma('defer_foreign_keys = ON'); // the violation is only found at COMMIT
    const seen: boolean[] = [];
    const w = new CommitWindow(a, (ok) => seen.push(ok), 10);
    w.open();
    a.prepare('INSERT INTO c VALUES (42)').run();
    await sleep(40);
    expect(a.inTransaction).toBe(false);
    expect(() => w.open()).toThrow(CommitError);
    expect(() => w.open()).toThrow(/cannot commit to the archive: FOREIGN KEY/);
    expect(b.prepare('SELECT count(*) FROM c').pluck().get()).toBe(0);
    expect(seen).toEqual([false]);
    a.close(); b.close();
  });
});
