import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { openArchive } from '../../src/archive/db.js';
import { EXIT } from '../../src/cli/exit.js';
import { tempStorage } from '../helpers/crawl.js';
import { startOgi } from '../helpers/ogi.js';

describe('the crawl lock', () => {
  let replay: Replay;
  beforeAll(async () => { replay = await startReplay({}); });
  afterAll(async () => { await replay?.close(); });

  it('lets one of two crawls run, refuses the other at once, and is taken over after a kill -9', async () => {
    const dir = tempStorage();
    // a slow first crawl (5 s between a host's requests): on a loaded machine starting the second
    // process alone takes up to a minute, and the first must still be crawling when it is killed
    const args = ['crawl', '--replay', `127.0.0.1:${replay.port}`, '--delay', '5000', '--storage', dir, '--site', 'panan', 'xianning', '--log-json'];
    const first = startOgi(args);
    let firstOut = '';
    void first.result.then((r) => { firstOut = r.out + r.err; });
    while (!existsSync(join(dir, 'crawl.lock'))) await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    const second = await startOgi(args).result;
    expect(second.code).toBe(EXIT.LOCKED);
    // it did not wait for the first crawl: a refusal (code 3), not a run after it; the bound only
    // catches a hang (a process start alone takes half a minute on a loaded 2-core machine)
    expect(Date.now() - t0).toBeLessThan(120_000);
    expect(second.out + second.err).toMatch(/another crawl is running on this archive \(pid \d+/);

    let firstExited = false;
    void first.result.then(() => { firstExited = true; });
    const hosts = new Set(['www.panan.gov.cn', 'www.xianning.gov.cn']);
    while (replay.log.filter((r) => hosts.has(r.host)).length < 6) {
      expect(firstExited, firstOut).toBe(false);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.kill('SIGKILL');
    await first.result;
    expect(existsSync(join(dir, 'crawl.lock'))).toBe(true); // left behind by the killed run

    const third = await startOgi([...args.slice(0, 4), '40', ...args.slice(5)]).result;
    expect(third.code, third.out + third.err).toBe(EXIT.OK);
    expect(third.out + third.err).toMatch(/lock\.takeover/);
    expect(existsSync(join(dir, 'crawl.lock'))).toBe(false);
    const db = openArchive(join(dir, 'archive.sqlite'));
    expect(db.prepare('SELECT status, resumed_count FROM crawl_runs').all()).toEqual([{ status: 'completed', resumed_count: 1 }]);
    db.close();
  }, 300_000);
});
