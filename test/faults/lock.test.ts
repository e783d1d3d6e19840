// The crawl lock under a race (issue 15, §4): two processes that find a stale lock (its owner
// was killed) in the same instant must not both take it. Two long-lived contender processes
// (test/faults/lock-child.ts) start each trial at the same millisecond; in every trial exactly
// one wins, the other is refused naming the winner, and releasing leaves the folder empty.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, LockHeldError } from '../../src/frontier/lock.js';

const TRIALS = Number(process.env.OGI_LOCK_TRIALS ?? 30);
const child = join(import.meta.dirname, 'lock-child.ts');

type Msg = { ready?: boolean; won?: boolean; pid?: number; holder?: number | null; error?: string; released?: boolean };

function contender(): { proc: ChildProcess; next: () => Promise<Msg> } {
  const proc = fork(child, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue: Msg[] = [];
  const waiting: Array<(m: Msg) => void> = [];
  proc.on('message', (m: Msg) => { const w = waiting.shift(); if (w) w(m); else queue.push(m); });
  return { proc, next: () => new Promise((r) => { const m = queue.shift(); if (m) r(m); else waiting.push(r); }) };
}

/** A pid that is certainly not running: a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('the crawl lock', () => {
  const cs: Array<ReturnType<typeof contender>> = [];
  beforeAll(async () => {
    cs.push(contender(), contender());
    for (const c of cs) expect((await c.next()).ready).toBe(true);
  }, 60_000);
  afterAll(() => { for (const c of cs) c.proc.kill(); });

  it(`two processes racing for a stale lock: exactly one wins, in each of ${TRIALS} trials`, async () => {
    const dead = deadPid();
    const outcomes: string[] = [];
    for (let t = 0; t < TRIALS; t++) {
      const dir = mkdtempSync(join(tmpdir(), 'ogi-lockrace-'));
      const file = join(dir, 'crawl.lock');
      // three kinds of stale lock: one with a token, one of the older format, one unreadable and old
      const kind = t % 3;
      if (kind === 0) writeFileSync(file, JSON.stringify({ pid: dead, since: '2026-01-01T00:00:00.000Z', token: `t${t}` }));
      else if (kind === 1) writeFileSync(file, JSON.stringify({ pid: dead, since: '2026-01-01T00:00:00.000Z' }));
      else { writeFileSync(file, ''); utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000)); }
      const at = Date.now() + 40;
      for (const c of cs) c.proc.send({ go: { dir, at } });
      const r = await Promise.all(cs.map((c) => c.next()));
      const winners = r.filter((m) => m.won);
      outcomes.push(winners.length === 1 ? 'one' : winners.length === 0 ? 'none' : 'both');
      if (winners.length === 1) {
        const loser = r.find((m) => !m.won)!;
        expect(loser.holder, `trial ${t}: ${loser.error}`).toBe(winners[0].pid); // refused, naming the winner
        expect((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid).toBe(winners[0].pid);
        const w = cs[r.indexOf(winners[0])];
        w.proc.send({ release: true });
        expect((await w.next()).released).toBe(true);
        expect(readdirSync(dir), `trial ${t}`).toEqual([]); // no lock, temp or reap file left
      } else {
        for (const [i, m] of r.entries()) if (m.won) { cs[i].proc.send({ release: true }); await cs[i].next(); }
      }
    }
    console.log(`lock race: ${TRIALS} trials, exactly one winner in ${outcomes.filter((o) => o === 'one').length}, both won in ${outcomes.filter((o) => o === 'both').length}, none in ${outcomes.filter((o) => o === 'none').length}`);
    expect(outcomes.filter((o) => o !== 'one'), outcomes.join(' ')).toEqual([]);
  }, 120_000);

  it('a live holder is never taken over; a released lock is free again; a reaper killed mid-way does not block the takeover', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-lock-'));
    const a = acquireLock(dir);
    expect(existsSync(join(dir, 'crawl.lock'))).toBe(true);
    const file = join(dir, 'crawl.lock');
    // held by a live process other than this one (the test runner's parent stands in for it)
    writeFileSync(file, JSON.stringify({ pid: process.ppid, since: 'now', token: 'x' }));
    expect(() => acquireLock(dir)).toThrow(LockHeldError);
    a.release(); // not ours any more: left alone
    expect(existsSync(file)).toBe(true);
    // stale, with litter of a killed reaper of some earlier lock at each level
    writeFileSync(file, JSON.stringify({ pid: deadPid(), since: 'then', token: 'y' }));
    for (let l = 1; l <= 3; l++) writeFileSync(`${file}.reap-0123456789abcdef01234567-${l}`, JSON.stringify({ pid: deadPid(), since: 'then' }));
    const b = acquireLock(dir);
    expect(b.tookOver).toMatchObject({ since: 'then' });
    expect(readdirSync(dir)).toEqual(['crawl.lock']);
    b.release();
    expect(readdirSync(dir)).toEqual([]);
    acquireLock(dir).release();
  });
});
