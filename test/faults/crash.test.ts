// Crash safety (issue 7, §3): `ogi crawl` (which extracts after crawling) and `ogi reextract
// --force` are killed with SIGKILL at random points, ten times within a bounded time. After
// every kill the archive passes the integrity check, every snapshot's bytes match its hash, no
// sighting is recorded twice, and no report is half-written (a record commits with all its
// metrics and checks); at the end a crawl and a re-extraction run to completion.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { openArchive } from '../../src/archive/db.js';
import { tempStorage } from '../helpers/crawl.js';
import { archiveHealth } from './helpers.js';
import { startOgi } from './cli.js';

const SITES = ['panan', 'xianning'];
const seed = Number(process.env.OGI_FAULT_SEED ?? Date.now() % 1_000_000);
let state = seed;
/** Deterministic per seed (printed with every failure), different on every run by default. */
const rand = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Invariants { problems: string[]; snapshots: number; records: number; reports: number }

async function invariants(dir: string): Promise<Invariants> {
  const db = openArchive(join(dir, 'archive.sqlite'));
  try {
    const problems: string[] = [];
    const h = await archiveHealth(db, dir);
    if (!h.passed) problems.push(`verify: ${JSON.stringify(h.verify)}`);
    if (h.files.bad.length) problems.push(`snapshot files not matching their hash: ${h.files.bad.join(', ')}`);
    if (h.duplicateSightings.length) problems.push(`sightings recorded twice: ${JSON.stringify(h.duplicateSightings)}`);
    const dangling = db.prepare(`SELECT COUNT(*) AS n FROM fetches WHERE snapshot_sha256 IS NOT NULL AND snapshot_sha256 NOT IN (SELECT sha256 FROM snapshots)`).get() as { n: number };
    if (dangling.n) problems.push(`${dangling.n} fetch rows point to no snapshot`);
    // a report record commits with its metrics and checks: never without metrics, and every record of a
    // snapshot by one extractor version has the same number of metrics and checks as the others
    const recs = db.prepare(`SELECT r.id, r.snapshot_sha256 AS sha, r.extractor_version AS v, r.kind,
        (SELECT COUNT(*) FROM metrics m WHERE m.record_id = r.id) AS metrics,
        (SELECT COUNT(*) FROM checks c WHERE c.record_id = r.id) AS checks FROM records r`).all() as Array<{ id: number; sha: string; v: string; kind: string; metrics: number; checks: number }>;
    const shape = new Map<string, string>();
    for (const r of recs) {
      if (r.kind === 'report' && r.metrics === 0) problems.push(`report record ${r.id} has no metrics`);
      const k = `${r.sha} ${r.v}`;
      const s = `${r.kind}/${r.metrics}/${r.checks}`;
      if (shape.has(k) && shape.get(k) !== s) problems.push(`records of ${r.sha.slice(0, 12)} disagree: ${shape.get(k)} vs ${s} (record ${r.id})`);
      shape.set(k, s);
    }
    const orphans = db.prepare(`SELECT (SELECT COUNT(*) FROM metrics WHERE record_id NOT IN (SELECT id FROM records)) + (SELECT COUNT(*) FROM checks WHERE record_id NOT IN (SELECT id FROM records)) AS n`).get() as { n: number };
    if (orphans.n) problems.push(`${orphans.n} metrics/checks without their record`);
    const running = db.prepare(`SELECT COUNT(*) AS n FROM crawl_runs WHERE status = 'running'`).get() as { n: number };
    if (running.n > 1) problems.push(`${running.n} crawl runs left running`);
    return { problems, snapshots: h.verify.snapshots, records: recs.length, reports: recs.filter((r) => r.kind === 'report').length };
  } finally {
    db.close();
  }
}

describe('kill -9 at random points of crawl, extraction and re-extraction', () => {
  let replay: Replay;
  beforeAll(async () => { replay = await startReplay({ sites: SITES }); });
  afterAll(async () => { await replay?.close(); });

  it('after every kill the archive is intact; then a crawl and a re-extraction complete', async () => {
    const dir = tempStorage();
    const crawlArgs = ['crawl', '--replay', `127.0.0.1:${replay.port}`, '--delay', '10', '--storage', dir, '--site', ...SITES, '--log-json', '--no-progress'];
    const reextractArgs = ['reextract', '--force', '--storage', dir, '--workers', '2'];
    const plan = ['crawl', 'crawl', 'extract', 'reextract', 'crawl', 'extract', 'reextract', 'crawl', 'extract', 'reextract'] as const;
    const log: string[] = [];
    const t0 = Date.now();
    let kills = 0;
    for (const [i, phase] of plan.entries()) {
      if (i > 0 && phase !== 'reextract') {
        // the portals change between runs (a new report, revised ones), so every crawl has new snapshots to store and extract
        for (const site of SITES) {
          replay.control.publishReport(site);
          for (let k = 0; k < 3; k++) replay.control.reviseReport(site, between(0, replay.reports(site).length - 1));
        }
      }
      const child = startOgi(phase === 'reextract' ? reextractArgs : crawlArgs);
      let exited = false;
      void child.result.then(() => { exited = true; });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      let where = '';
      if (phase === 'crawl') {
        // during the crawl: after a random number of requests reached the replay
        const mark = replay.log.length;
        const after = between(1, 30);
        while (!exited && replay.log.length - mark < after) await sleep(2);
        where = `after ${replay.log.length - mark} requests`;
      } else if (phase === 'extract') {
        // during extraction: once the crawl part has finished
        while (!exited && !stderr.includes('"event":"crawl.finish"')) await sleep(2);
        const wait = between(0, 300);
        await sleep(wait);
        where = `${wait} ms after crawl.finish`;
      } else {
        const wait = between(300, 2500);
        await sleep(wait);
        where = `${wait} ms after start`;
      }
      const killed = !exited && child.kill('SIGKILL');
      const r = await child.result;
      if (killed) kills++;
      log.push(`${i} ${phase}: ${killed ? `killed ${where}` : `finished first (exit ${r.code})`}`);
      if (!killed && r.code !== 0 && r.code !== 1) throw new Error(`seed ${seed}: ${phase} exited ${r.code}: ${r.err.slice(-2000)}`);
      const inv = await invariants(dir);
      expect(inv.problems, `seed ${seed}, ${log.join('; ')}`).toEqual([]);
    }
    if (process.env.OGI_FAULT_VERBOSE) console.log(`seed ${seed}\n${log.join('\n')}`);
    expect(kills, log.join('; ')).toBeGreaterThanOrEqual(6);

    const crawl = await startOgi(crawlArgs).result;
    expect(crawl.code, crawl.err.slice(-2000)).toBe(0);
    const re = await startOgi(reextractArgs).result;
    expect(re.code, re.err.slice(-2000)).toBe(0);
    const inv = await invariants(dir);
    expect(inv.problems, `seed ${seed}, ${log.join('; ')}`).toEqual([]);
    expect(inv.snapshots).toBeGreaterThan(15);
    expect(inv.reports).toBeGreaterThan(10);
    const db = openArchive(join(dir, 'archive.sqlite'));
    try {
      const runs = db.prepare(`SELECT status, COUNT(*) AS n FROM crawl_runs GROUP BY status`).all() as Array<{ status: string; n: number }>;
      expect(runs.filter((r) => r.status !== 'completed'), JSON.stringify(runs)).toEqual([]);
      // the last re-extraction covered every report snapshot, with the same shape as every earlier record of it
      const last = db.prepare(`SELECT id, status FROM extraction_runs ORDER BY id DESC LIMIT 1`).get() as { id: number; status: string };
      expect(last.status).toBe('completed');
      const missing = db.prepare(`SELECT COUNT(*) AS n FROM snapshots s WHERE EXISTS (SELECT 1 FROM fetches f WHERE f.snapshot_sha256 = s.sha256 AND f.kind IN ('report','attachment') AND f.outcome = 'ok')
        AND NOT EXISTS (SELECT 1 FROM records r WHERE r.snapshot_sha256 = s.sha256 AND r.extraction_run_id = ?)`).get(last.id) as { n: number };
      expect(missing.n).toBe(0);
    } finally {
      db.close();
    }
    expect(Date.now() - t0).toBeLessThan(90_000);
  }, 150_000);
});
