import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { openArchive } from '../../src/archive/db.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { verifyArchive, verifyPassed } from '../../src/archive/verify.js';
import { tempStorage } from '../helpers/crawl.js';
import { startOgi } from '../helpers/ogi.js';

const crawlArgs = (dir: string, port: number) => ['crawl', '--replay', `127.0.0.1:${port}`, '--delay', '25', '--storage', dir, '--site', 'panan', 'xianning', 'anshan', '--log-json'];

describe('a crawl killed with SIGKILL', () => {
  let replay: Replay;
  beforeAll(async () => { replay = await startReplay({}); });
  afterAll(async () => { await replay?.close(); });

  it('continues where it was, with an intact archive and no duplicate sightings', async () => {
    const dir = tempStorage();
    for (const killAfter of [8, 25]) {
      const mark = replay.log.length;
      const child = startOgi(crawlArgs(dir, replay.port));
      let gone: string | null = null;
      const done = child.result.then((r) => { gone = r.err; return r; });
      while (replay.log.length - mark < killAfter) {
        if (gone !== null) throw new Error(`crawl exited before it could be killed: ${(gone as string).slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill('SIGKILL');
      await done;
    }
    const last = await startOgi(crawlArgs(dir, replay.port)).result;
    expect(last.code).toBe(0);
    expect(last.out).toMatch(/continued after an interrupted run/);
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
