// `ogi verify` and the other reading commands at the edges (issue 15, §4): a mistyped or empty
// storage folder is an error naming the archive file, and nothing is created; snapshot files
// no row holds (orphans and temp files left by a kill -9) are reported, and removed by
// `--remove-orphans` only while no crawl holds the lock, never a file a row references.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildFixture, type Fixture } from '../archive/fixture.js';
import { ogi, inProcess } from './cli.js';
import { snapshotFilesMatch } from './helpers.js';
import { SnapshotStore, snapshotRelPath, sha256 } from '../../src/store/snapshots.js';
import { EXIT } from '../../src/cli/exit.js';

describe('reading commands on a missing archive', () => {
  it('verify, runs, query, export: exit 2 naming the archive file; no folder or file created', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ogi-miss-'));
    const typo = join(parent, 'storgae');
    const empty = join(parent, 'empty');
    mkdirSync(empty);
    const commands = [['verify'], ['verify', '--remove-orphans'], ['runs', 'list'], ['runs', 'show', 'last'], ['query', 'SELECT 1'], ['export', '--out', join(parent, 'out')]];
    // the real command line: exit 2, the file named
    const real = await ogi(['verify', '--storage', typo]);
    expect(real.code, real.out + real.err).toBe(EXIT.CANNOT_RUN);
    expect(real.err).toContain(`no archive at ${join(typo, 'archive.sqlite')}`);
    for (const dir of [typo, empty]) {
      for (const c of commands) {
        const r = await inProcess([...c, '--storage', dir]);
        expect(r.error?.message, `${c.join(' ')} ${dir}: ${r.out}${r.err}`).toContain(`no archive at ${join(dir, 'archive.sqlite')}`);
        expect(r.out).toBe('');
      }
    }
    expect(existsSync(typo)).toBe(false);
    expect(readdirSync(empty)).toEqual([]);
    expect(readdirSync(parent).sort()).toEqual(['empty']);
  }, 120_000);
});

describe('files no row holds', () => {
  let fx: Fixture;
  let orphan: string;
  const live = process.pid; // a live process (this one) writing a temp file: never removed
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const h = (s: string) => sha256(Buffer.from(s));
  beforeAll(() => {
    fx = buildFixture();
    fx.db.close();
    // a snapshot written durably by a crawl killed before its row committed
    orphan = new SnapshotStore(fx.dir).put(Buffer.from('<html>孤儿快照</html>')).path;
    const tmp = (hash: string, pid: number) => { const p = join(fx.dir, `${snapshotRelPath(hash)}.tmp-${pid}-1700000000000-abc123`); mkdirSync(join(p, '..'), { recursive: true }); writeFileSync(p, 'half'); return p; };
    tmp(h('dead writer'), dead);
    tmp(h('live writer'), live);
    writeFileSync(join(fx.dir, 'snapshots', 'README.txt'), 'not ogi\'s');
  });

  it('are reported by `ogi verify` (which still passes), and by --json', async () => {
    const r = await inProcess(['verify', '--storage', fx.dir]);
    expect([r.code, r.error], r.err).toEqual([0, undefined]);
    expect(r.out).toMatch(/files no row holds: 1 orphan snapshot, 2 temp files/);
    expect(r.out).toContain(`orphan   ${orphan}`);
    expect(r.out).toMatch(/--remove-orphans/);
    expect(r.out).toMatch(/1 other file/);
    const j = JSON.parse((await inProcess(['verify', '--json', '--storage', fx.dir])).out) as { passed: boolean; stray: { orphans: string[]; temps: string[]; others: string[] } };
    expect(j.passed).toBe(true);
    expect(j.stray.orphans).toEqual([orphan]);
    expect(j.stray.temps).toHaveLength(2);
    expect(j.stray.others).toEqual([join('snapshots', 'README.txt')]);
  }, 120_000);

  it('--remove-orphans refuses while a crawl holds the lock, then removes only orphans and dead writers\' temp files', async () => {
    const before = snapshotFilesMatch(fx.dir);
    // a running crawl: the lock held by another live process (the one that started this test)
    writeFileSync(join(fx.dir, 'crawl.lock'), JSON.stringify({ pid: process.ppid, since: 'now', token: 'running' }));
    const refused = await inProcess(['verify', '--remove-orphans', '--storage', fx.dir]);
    expect(refused.code).toBe(EXIT.LOCKED);
    expect(refused.err).toMatch(/another crawl is running .*orphans are not removed/);
    expect(existsSync(join(fx.dir, orphan))).toBe(true);
    const plain = await inProcess(['verify', '--storage', fx.dir]);
    expect(plain.out).toMatch(/a crawl or re-extraction is running \(pid \d+/);
    unlinkSync(join(fx.dir, 'crawl.lock'));
    const r = await ogi(['verify', '--remove-orphans', '--storage', fx.dir]); // the real command line, taking the lock
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/removed 2 files; kept 1/);
    expect(existsSync(join(fx.dir, orphan))).toBe(false);
    const after = snapshotFilesMatch(fx.dir);
    // every snapshot a row holds is still there and re-hashes (verify passes); only the live writer's temp file and the foreign file remain
    expect(after.checked).toBe(before.checked - 1);
    expect(after.bad).toEqual([]);
    expect(after.temps.map((p) => p.slice(fx.dir.length + 1)).sort()).toEqual([join('snapshots', 'README.txt'), `${snapshotRelPath(h('live writer'))}.tmp-${live}-1700000000000-abc123`].sort());
    const again = JSON.parse((await inProcess(['verify', '--json', '--storage', fx.dir])).out) as { passed: boolean; missing: string[]; stray: { orphans: string[]; temps: string[] } };
    expect([again.passed, again.missing, again.stray.orphans, again.stray.temps.length]).toEqual([true, [], [], 1]);
  }, 120_000);
});
