// Issue 13: a coordinator and three `ogi worker` processes on a Redis queue crawl the replay;
// their shards merge into the archive a single-process crawl builds, politeness holds across
// workers (two sites on one host, crawled by different workers), and kill -9 of a worker in
// the middle of a job loses and duplicates nothing. Needs Debian's redis-server.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, cpSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import YAML from 'yaml';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { projectRoot } from '../../src/config/load.js';
import { ogi, startOgi } from '../helpers/ogi.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.log('skipped test/queue: needs redis-server (apt-get install redis-server)');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

async function startRedis(dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    proc.stdout!.on('data', (d) => { out += d; if (/Ready to accept connections/.test(out)) { clearTimeout(t); resolve(); } });
    proc.on('exit', (c) => reject(new Error(`redis-server exited ${c}: ${out}`)));
  });
  return { url: `redis://127.0.0.1:${port}/0`, proc };
}

const DELAY = 150;

/** Snapshots and records of an archive, as comparable sets. */
function contents(dir: string): { snapshots: string[]; records: string[] } {
  const db = new Database(join(dir, 'archive.sqlite'), { readonly: true });
  try {
    const snapshots = (db.prepare('SELECT sha256 FROM snapshots ORDER BY sha256').pluck().all() as string[]);
    const records = (db.prepare(`SELECT r.snapshot_sha256 || ' ' || r.kind || ' ' || COALESCE(r.issuer, '') || ' ' || COALESCE(r.year, '') || ' ' || COALESCE(r.format, '')
      || ' ' || (SELECT COUNT(*) || ':' || COALESCE(SUM(m.value), 0) FROM metrics m WHERE m.record_id = r.id) FROM records r ORDER BY 1`).pluck().all() as string[]);
    return { snapshots, records };
  } finally {
    db.close();
  }
}

describe.skipIf(!hasRedis)('a crawl spread over workers on a Redis queue', () => {
  const root = mkdtempSync(join(tmpdir(), 'ogi-queue-'));
  const config = join(root, 'config');
  let redis: { url: string; proc: ChildProcess };
  let replay: Replay;
  let sites: string[] = [];
  let twinHost = '';
  const workers: Array<ChildProcess & { result: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> }> = [];
  const errs: string[] = ['', '', ''];

  beforeAll(async () => {
    redis = await startRedis(root);
    replay = await startReplay({});
    // the shipped configs of plain-HTTP sites, plus a twin of one of them on the same host: two
    // jobs that different workers may take, whose requests must still keep one host's pace
    mkdirSync(join(config, 'sites'), { recursive: true });
    cpSync(join(projectRoot, 'config', 'ogi.yaml'), join(config, 'ogi.yaml'));
    const served = new Set(replay.hosts);
    for (const f of readdirSync(join(projectRoot, 'config', 'sites'))) {
      if (!f.endsWith('.yaml')) continue;
      const y = YAML.parse(readFileSync(join(projectRoot, 'config', 'sites', f), 'utf8')) as { id: string; render?: string; start_urls: string[] };
      if (y.render === 'browser' || !y.start_urls.every((u) => served.has(new URL(u).hostname))) continue;
      cpSync(join(projectRoot, 'config', 'sites', f), join(config, 'sites', f));
      sites.push(y.id);
      if (!twinHost) {
        twinHost = new URL(y.start_urls[0]).hostname;
        writeFileSync(join(config, 'sites', `${y.id}-twin.yaml`), YAML.stringify({ ...y, id: `${y.id}-twin` }));
        sites.push(`${y.id}-twin`);
      }
    }
    sites = sites.slice(0, 5);
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    redis?.proc.kill('SIGKILL');
    await replay?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives the same snapshots and records as one process, keeps each host\'s pace across workers, and survives kill -9 of a worker mid-job', async () => {
    // the reference: one process
    // (one process asks a URL once per run, so the twin, whose start URLs are its sibling's, gets a run of its own)
    const twin = sites.find((s) => s.endsWith('-twin'))!;
    for (const group of [sites.filter((s) => s !== twin), [twin]]) {
      const ref = await ogi(['crawl', '--replay', `127.0.0.1:${replay.port}`, '--delay', String(DELAY), '--storage', join(root, 'ref'), '--config', config, '--site', ...group, '--no-progress']);
      expect(ref.code, ref.err).toBe(0);
    }
    replay.log.length = 0;

    for (let i = 0; i < 3; i++) {
      const w = startOgi(['worker', '--queue', redis.url, '--storage', join(root, `shard${i}`), '--config', config, '--name', `w${i}`, '--lock-ms', '4000']);
      w.stderr!.on('data', (d) => (errs[i] += d));
      workers.push(w);
    }
    await new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const tick = setInterval(() => {
        if (errs.every((e) => e.includes('worker.ready'))) { clearInterval(tick); resolve(); }
        else if (Date.now() - t0 > 60_000) { clearInterval(tick); reject(new Error(`workers not ready:\n${errs.join('\n')}`)); }
      }, 100);
    });
    const coord = startOgi(['crawl', '--queue', redis.url, '--replay', `127.0.0.1:${replay.port}`, '--delay', String(DELAY), '--config', config, '--site', ...sites]);

    // kill -9 the first worker that has started a job and made requests for it
    const victim = await new Promise<{ worker: number; site: string }>((resolve, reject) => {
      const t0 = Date.now();
      const tick = setInterval(() => {
        for (let i = 0; i < 3; i++) {
          const m = /"event":"job\.start"[^\n]*"site":"([^"]+)","hosts":\["([^"]+)"/.exec(errs[i]);
          if (m && replay.log.filter((r) => r.host === m[2]).length >= 3) { clearInterval(tick); workers[i].kill('SIGKILL'); resolve({ worker: i, site: m[1] }); return; }
        }
        if (Date.now() - t0 > 60_000) { clearInterval(tick); reject(new Error('no job started')); }
      }, 20);
    });
    const done = await coord.result;
    expect(done.code, `${done.out}\n${done.err}`).toBe(0);
    for (const s of sites) expect(done.out).toMatch(new RegExp(`^${s}\\s+completed`, 'm'));
    // the killed worker's job was finished by another worker
    const line = new RegExp(`^${victim.site}\\s+completed\\s+(w\\d)`, 'm').exec(done.out);
    expect(line?.[1], done.out).not.toBe(`w${victim.worker}`);

    // politeness across workers, from the replay's own log: one request at a time per host,
    // never closer than the delay — the twin sites share a host
    const byHost = new Map<string, typeof replay.log>();
    for (const r of replay.log) (byHost.get(r.host) ?? byHost.set(r.host, []).get(r.host)!).push(r);
    expect(byHost.get(twinHost)?.length ?? 0).toBeGreaterThan(10);
    for (const [host, reqs] of byHost) {
      reqs.sort((a, b) => a.t - b.t);
      for (let i = 1; i < reqs.length; i++) {
        expect(reqs[i].t, `${host} overlap at ${reqs[i].path}`).toBeGreaterThanOrEqual(reqs[i - 1].tEnd - 1);
        expect(reqs[i].t - reqs[i - 1].t, `${host} ${reqs[i].path}`).toBeGreaterThanOrEqual(DELAY - 2);
      }
    }

    // merge every shard, the killed worker's too; a second merge adds nothing
    const shards = [0, 1, 2].map((i) => join(root, `shard${i}`));
    const m1 = await ogi(['merge', '--storage', join(root, 'merged'), '--config', config, ...shards]);
    expect(m1.code, m1.err).toBe(0);
    const before = contents(join(root, 'merged'));
    const m2 = await ogi(['merge', '--storage', join(root, 'merged'), '--config', config, ...shards]);
    expect(m2.code, m2.err).toBe(0);
    expect(m2.out).toMatch(/no new snapshot to extract/);
    const merged = contents(join(root, 'merged'));
    expect(merged).toEqual(before);
    const reference = contents(join(root, 'ref'));
    expect(merged.snapshots).toEqual(reference.snapshots);
    expect(merged.records).toEqual(reference.records);
    expect(merged.records.length).toBeGreaterThan(sites.length);
    const v = await ogi(['verify', '--storage', join(root, 'merged'), '--config', config]);
    expect(v.code, v.out + v.err).toBe(0);
  }, 300_000);
});
