import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { openArchive } from '../../src/archive/db.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { verifyArchive, verifyPassed } from '../../src/archive/verify.js';
import { tempStorage } from '../helpers/crawl.js';
import { projectRoot } from '../../src/config/load.js';

const cli = join(projectRoot, 'src', 'cli', 'main.ts');

function runCrawl(dir: string, port: number): ChildProcess {
  // one process (node with tsx's loader), so SIGKILL hits the crawler itself
  return spawn(process.execPath, ['--import', 'tsx', cli, 'crawl', '--replay', `127.0.0.1:${port}`, '--delay', '25', '--storage', dir, '--site', 'panan', 'xianning', 'anshan', '--log-json'], { stdio: ['ignore', 'pipe', 'pipe'] });
}
const exited = (c: ChildProcess) => new Promise<number | null>((r) => c.on('exit', (code) => r(code)));

describe('a crawl killed with SIGKILL', () => {
  let replay: Replay;
  beforeAll(async () => { replay = await startReplay({}); });
  afterAll(async () => { await replay?.close(); });

  it('continues where it was, with an intact archive and no duplicate sightings', async () => {
    const dir = tempStorage();
    for (const killAfter of [8, 25]) {
      const mark = replay.log.length;
      const child = runCrawl(dir, replay.port);
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      let gone = false;
      const done = exited(child).then((c) => { gone = true; return c; });
      while (replay.log.length - mark < killAfter) {
        if (gone) throw new Error(`crawl exited before it could be killed: ${stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill('SIGKILL');
      await done;
    }
    const last = runCrawl(dir, replay.port);
    let out = '';
    last.stdout!.on('data', (d) => (out += d));
    expect(await exited(last)).toBe(0);
    expect(out).toMatch(/continued after an interrupted run/);
    const db = openArchive(join(dir, 'archive.sqlite'));
    try {
      const runs = db.prepare('SELECT id, status, resumed_count FROM crawl_runs').all() as Array<{ status: string; resumed_count: number }>;
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'completed', resumed_count: 2 });
      const dup = db.prepare(`SELECT frontier_key, COUNT(*) AS n FROM fetches WHERE frontier_key IS NOT NULL GROUP BY run_id, frontier_key HAVING n > 1`).all();
      expect(dup).toEqual([]);
      const pending = db.prepare(`SELECT COUNT(*) AS n FROM frontier WHERE state = 'pending'`).get() as { n: number };
      expect(pending.n).toBe(0);
      const v = await verifyArchive(db, new SnapshotStore(dir));
      expect(verifyPassed(v)).toBe(true);
      expect(v.snapshots).toBeGreaterThan(10);
    } finally {
      db.close();
    }
  }, 180_000);
});
