// A full disk, simulated in-process (issue 7, §4): the snapshot store's file writes are made to
// fail with ENOSPC half-way through (an injected fs error). The crawl must stop with a message
// naming the problem and the folder, leave no half-written file, no fetch row without its
// snapshot, and an archive that verifies; once space is back, the next crawl archives it all.
import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const disk = vi.hoisted(() => ({
  writesLeft: Infinity,
  /** Called when a write fails: the test's pages wait for this event, not for time to pass. */
  waiters: [] as Array<() => void>,
  fail(): void { for (const w of this.waiters.splice(0)) w(); },
}));
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

vi.mock('node:fs/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof orig.open>) => {
    const fh = await orig.open(...args);
    return new Proxy(fh, {
      get(t, p) {
        if (p === 'writeFile') {
          return async (data: Buffer) => {
            if (disk.writesLeft-- > 0) return t.writeFile(data);
            await t.write(data.subarray(0, Math.floor(data.length / 2))); // half the bytes reach the disk, then it is full
            disk.fail();
            throw enospc();
          };
        }
        const v = Reflect.get(t, p, t) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  };
  const writeFile = (async (path: string, data: Buffer, opts?: unknown) => {
    if (disk.writesLeft-- > 0) return orig.writeFile(path, data, opts as Parameters<typeof orig.writeFile>[2]);
    await orig.writeFile(path, data.subarray(0, Math.floor(data.length / 2))); // half the bytes reach the disk, then it is full
    disk.fail();
    throw enospc();
  }) as typeof orig.writeFile;
  return { ...orig, open, writeFile, default: { ...orig, open, writeFile } };
});
vi.mock('node:fs', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, buf: Buffer, off?: number, len?: number) => {
    if (disk.writesLeft-- > 0) return orig.writeSync(fd, buf, off, len);
    orig.writeSync(fd, buf, off ?? 0, Math.floor((len ?? buf.length) / 2));
    disk.fail();
    throw enospc();
  }) as typeof orig.writeSync;
  return { ...orig, writeSync, default: { ...orig, writeSync } };
});

const { startSimulator } = await import('./simulator.js');
const { faultSite, faultGlobal, simHostMap, crawlSim, archiveHealth, snapshotFilesMatch } = await import('./helpers.js');
const { report, listPage } = await import('./pages.js');
const { SnapshotStore, StorageError, sha256 } = await import('../../src/store/snapshots.js');
const { tempStorage } = await import('../helpers/crawl.js');
const { openArchive } = await import('../../src/archive/db.js');
const { startRun } = await import('../../src/frontier/runs.js');

function tempFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => { let n: string[]; try { n = readdirSync(d); } catch { return; } for (const x of n) { const p = join(d, x); if (statSync(p).isDirectory()) walk(p); else if (!/^[0-9a-f]{64}$/.test(x)) out.push(p); } };
  walk(join(dir, 'snapshots'));
  return out;
}

describe('a full disk (injected ENOSPC)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const HOST = 'www.disk.fault.gov.cn';
  beforeAll(async () => {
    sim = await startSimulator();
    const pages = Array.from({ length: 8 }, (_, i) => `/r/${i}.html`);
    sim.set('/list/index.html', { kind: 'page', body: listPage(pages.map((p, i) => [p, `磁盘市${2015 + i}年政府信息公开工作年度报告`])) }, HOST);
    pages.forEach((p, i) => sim.set(p, { kind: 'page', body: report(50 + i, 2015 + i).bytes }, HOST));
  });
  afterAll(async () => { disk.writesLeft = Infinity; await sim?.close(); });

  it('the store removes its half-written temp file and names the folder (sync and async writes)', async () => {
    const dir = tempStorage();
    const store = new SnapshotStore(dir);
    disk.writesLeft = 0;
    const bytes = Buffer.alloc(100_000, 0x61);
    await expect(store.putAsync(bytes)).rejects.toThrow(StorageError);
    await expect(store.putAsync(bytes)).rejects.toThrow(/cannot write snapshots under .*snapshots.*ENOSPC/);
    expect(() => store.put(bytes)).toThrow(/ENOSPC/);
    disk.writesLeft = Infinity;
    expect(tempFiles(dir)).toEqual([]);
    expect(store.has(sha256(bytes))).toBe(false);
    expect((await store.putAsync(bytes)).created).toBe(true);
    expect(snapshotFilesMatch(dir)).toMatchObject({ checked: 1, bad: [], temps: [] });
  });

  it('a crawl that fills the disk stops with a clear message and no partial damage; the next one completes', async () => {
    const dir = tempStorage();
    const site = faultSite('disk', HOST);
    // the reports after the one whose write fills the disk are answered only once that write has
    // failed (an event, not a time): however slow the machine, the crawl cannot have fetched them
    // before the failure, so the pages it fetched and the rows it kept are the same every time
    const diskFull = new Promise<void>((r) => disk.waiters.push(r));
    for (let i = 3; i < 8; i++) sim.set(`/r/${i}.html`, { kind: 'page', body: report(50 + i, 2015 + i).bytes, after: diskFull }, HOST);
    disk.writesLeft = 4; // robots.txt, the list and two reports fit; then the disk is full
    // the injected fault lives in this thread's fs module, so the snapshots are written from here
    // (the writer thread's own failures are tested below with a real one); every body goes to a
    // file (these pages are small enough to be kept in the archive otherwise)
    const global = { ...faultGlobal(), snapshot_inline_max_bytes: 0 };
    const first = await crawlSim(dir, [site], simHostMap(sim), { snapshotThread: false, global });
    disk.writesLeft = Infinity;
    expect(first.summary.status).toBe('failed');
    expect(first.summary.siteErrors.disk).toMatch(/ENOSPC: no space left on device/);
    expect(first.summary.siteErrors.disk).toContain(join(dir, 'snapshots'));
    const h1 = await archiveHealth(first.db, dir);
    expect(h1.passed, JSON.stringify(h1.verify)).toBe(true);
    expect(h1.files).toMatchObject({ bad: [], temps: [] });
    const ok1 = first.db.prepare(`SELECT COUNT(*) AS n FROM fetches WHERE outcome = 'ok'`).get() as { n: number };
    expect(ok1.n).toBe(4);
    // the crawl stopped at the first failed write instead of fetching every page only to drop it
    // (10 requests): the failure is known once its half-written temp file is removed (one more
    // file-system round trip), by which time the page answered at the failure may have been read
    // and the next one asked for
    expect(sim.requestsTo(HOST).length).toBeLessThanOrEqual(7);

    const second = await crawlSim(dir, [site], simHostMap(sim), { db: first.db, snapshotThread: false, global });
    expect(second.summary.status).toBe('completed');
    const reports = first.db.prepare(`SELECT COUNT(DISTINCT url) AS n FROM fetches WHERE outcome = 'ok' AND kind = 'report'`).get() as { n: number };
    expect(reports.n).toBe(8);
    const h2 = await archiveHealth(first.db, dir);
    expect(h2.passed).toBe(true);
    expect(h2.files).toMatchObject({ bad: [], temps: [] });
    expect(h2.duplicateSightings).toEqual([]);
    first.db.close();
  });

  it('the archive\'s writing thread reports a failed snapshot write as a StorageError naming the folder, and leaves nothing behind', async () => {
    const { ThreadSink } = await import('../../src/store/sinkThread.js');
    const { writeFileSync } = await import('node:fs');
    const bytes = Buffer.from('<html>磁盘</html>');
    const fetchOf = (runId: number) => ({
      row: {
        runId, siteId: 'disk', frontierKey: null, kind: 'report', method: 'GET', parentUrl: null, snapshotSha256: null, charset: 'utf-8',
        attempted: { outcome: 'ok' as const, errorKind: null, error: null, attempt: 1, result: { url: 'http://disk.example.gov.cn/a.html', finalUrl: 'http://disk.example.gov.cn/a.html', redirects: [], status: 200, headers: { 'content-type': 'text/html' }, requestHeaders: {}, body: bytes, startedAt: new Date().toISOString(), elapsedMs: 1, error: null } },
      },
      body: bytes, blocked: false, contentType: 'text/html', charset: 'utf-8', charsetSource: 'header', after: [],
    });
    const archiveIn = (dir: string) => {
      const db = openArchive(join(dir, 'archive.sqlite'));
      db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES ('disk', 'd', 'd', 'county', 'linklist', 'http://disk.example.gov.cn/', '-', '{}', 'now')`).run();
      const runId = startRun(db, { sites: ['disk'] }, false, new Date()).run.id;
      return { db, runId };
    };
    const dir = tempStorage();
    writeFileSync(join(dir, 'snapshots'), 'not a folder'); // a real failure, for any user (root included)
    const bad = archiveIn(dir);
    const sink = new ThreadSink(bad.db.name, dir, bad.runId, 10, 0); // every body to a file
    // (a body kept in the archive needs no folder: the good sink below keeps this one there)
    await expect(sink.record(fetchOf(bad.runId))).rejects.toThrow(StorageError);
    await expect(sink.record(fetchOf(bad.runId))).rejects.toThrow(/cannot write snapshots under .*snapshots.*(ENOTDIR|EEXIST)/);
    await sink.close();
    expect(bad.db.prepare('SELECT COUNT(*) FROM fetch_log').pluck().get()).toBe(0);
    bad.db.close();
    const ok = tempStorage();
    const good = archiveIn(ok);
    const sink2 = new ThreadSink(good.db.name, ok, good.runId, 10);
    await sink2.record(fetchOf(good.runId));
    await sink2.close();
    const row = good.db.prepare(`SELECT snapshot_sha256, size FROM fetches WHERE run_id = ?`).get(good.runId) as { snapshot_sha256: string; size: number };
    expect(row).toEqual({ snapshot_sha256: sha256(bytes), size: bytes.length });
    expect(new SnapshotStore(ok).get(row.snapshot_sha256).equals(bytes)).toBe(true);
    expect(good.db.prepare('SELECT path FROM snapshots').pluck().all()).toEqual(['snapshot_bodies']);
    expect(tempFiles(ok)).toEqual([]);
    good.db.close();
  });
});
