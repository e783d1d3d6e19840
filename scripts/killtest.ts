// The kill -9 acceptance (issue 15): `ogi crawl` (which extracts after crawling) and `ogi
// reextract --force` are killed with SIGKILL, N times, at points drawn from a seed (printed;
// OGI_FAULT_SEED or --seed replays a run). Kills happen at events, not after fixed times:
// during a crawl after the K-th request reached the portal replay, during the extraction a
// crawl runs after the K-th new record committed (K = 0: the moment the crawl part finished),
// during a re-extraction after its K-th record. The portals change before every crawl (a new
// report, revised ones), so every crawl has new snapshots to store and extract.
//
// After every kill: `ogi verify` passes (SQLite integrity, every snapshot with a row present and
// re-hashing to its name, no fetch pointing nowhere); every file under snapshots/ that no row
// holds is among the files verify reports (no orphan unreported); no sighting is recorded
// twice; no report record is half-written. At the end `ogi verify --remove-orphans` leaves no
// stray file, and a crawl and a re-extraction run to completion over everything.
//
//   node --import tsx scripts/killtest.ts [--kills 100] [--seed N] [--verify cli|inprocess] [--verbose]
//
// The fault suite (test/faults/crash.test.ts) runs it with a few kills.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { startReplay, type Replay } from '../src/replay/server.js';
import { projectRoot } from '../src/config/load.js';
import { openArchive } from '../src/archive/db.js';
import { verifyArchive, verifyPassed, type VerifyReport } from '../src/archive/verify.js';
import { SnapshotStore, snapshotRelPath, INLINE_PATH } from '../src/store/snapshots.js';

export interface KillTestOptions {
  kills: number;
  seed: number;
  /** `ogi verify` as a command (the acceptance) or the same check in this process (faster, for the suite). */
  verify?: 'cli' | 'inprocess';
  sites?: string[];
  log?: (line: string) => void;
}

export interface KillTestResult {
  seed: number;
  steps: number;
  /** Kills that landed while the command was still running. */
  kills: number;
  byPhase: Record<Phase, { killed: number; finished: number }>;
  /** Problems found after a kill or at the end (empty when all is well). */
  problems: string[];
  /** Orphan snapshot files and temp files verify reported after kills (sum over kills), and the most at once. */
  orphansReported: number;
  tempsReported: number;
  mostStrayAtOnce: number;
  /** Files no row holds that verify did not report (must be 0). */
  unreported: number;
  /** Snapshots with a row whose file was missing or did not re-hash (must be 0). */
  lost: number;
  removedAtEnd: number;
  snapshots: number;
  reports: number;
  seconds: number;
  log: string[];
}

type Phase = 'crawl' | 'extract' | 'reextract';

const cliPath = join(projectRoot, 'src', 'cli', 'main.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run { child: ChildProcess; result: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>; stderr: () => string; exited: () => boolean }

function ogi(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  let done = false;
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const result = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => child.on('exit', (code, signal) => { done = true; resolve({ code, signal, out, err }); }));
  return { child, result, stderr: () => err, exited: () => done };
}

/** Every file under snapshots/, relative to the storage folder. */
function snapshotFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try { names = readdirSync(d); } catch { return; }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p); else out.push(relative(dir, p));
    }
  };
  walk(join(dir, 'snapshots'));
  return out;
}

/** The checks after a kill: verify (as a command or in-process), stray files all reported, and the archive's own invariants. */
async function check(dir: string, how: 'cli' | 'inprocess'): Promise<{ problems: string[]; report: VerifyReport; unreported: string[] }> {
  const problems: string[] = [];
  let report: VerifyReport;
  if (how === 'cli') {
    const r = await ogi(['verify', '--json', '--storage', dir]).result;
    if (r.code !== 0) problems.push(`ogi verify exited ${r.code}: ${r.err.slice(-1000)}`);
    report = JSON.parse(r.out) as VerifyReport;
  } else {
    const db = openArchive(join(dir, 'archive.sqlite'));
    try { report = await verifyArchive(db, new SnapshotStore(dir, db)); } finally { db.close(); }
    if (!verifyPassed(report)) problems.push(`verify failed: ${JSON.stringify({ ...report, stray: undefined })}`);
  }
  const db = new Database(join(dir, 'archive.sqlite'), { readonly: true });
  try {
    // no orphan unreported: every file no row holds is in verify's lists (read after verify: a file can only have gained a row since)
    const rows = db.prepare('SELECT sha256, path FROM snapshots').all() as Array<{ sha256: string; path: string }>;
    const held = new Set(rows.map((r) => snapshotRelPath(r.sha256)));
    const reported = new Set([...report.stray.orphans, ...report.stray.temps, ...report.stray.others]);
    const unreported = snapshotFiles(dir).filter((f) => !held.has(f) && !reported.has(f));
    if (unreported.length) problems.push(`files no row holds, not reported by verify: ${unreported.join(', ')}`);
    // nothing lost: every snapshot with a row is there and re-hashes (verify re-hashed each; checked again here, file or archive row)
    const bodyOf = db.prepare('SELECT body FROM snapshot_bodies WHERE sha256 = ?').pluck();
    for (const { sha256: h, path } of rows) {
      const f = snapshotRelPath(h);
      const bytes = path === INLINE_PATH ? (bodyOf.get(h) as Buffer | undefined) : existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : undefined;
      if (bytes === undefined) problems.push(`snapshot lost: ${path === INLINE_PATH ? `${INLINE_PATH} row ${h}` : f}`);
      else if (createHash('sha256').update(bytes).digest('hex') !== h) problems.push(`snapshot does not re-hash: ${h}`);
    }
    const twice = db.prepare('SELECT run_id, frontier_key, COUNT(*) AS n FROM fetches WHERE frontier_key IS NOT NULL GROUP BY run_id, frontier_key HAVING n > 1').all();
    if (twice.length) problems.push(`sightings recorded twice: ${JSON.stringify(twice)}`);
    // a report record commits with all its metrics and checks: never without metrics, and every record of
    // a snapshot by one extractor version has the same number of metrics and checks
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
    const orphanRows = db.prepare('SELECT (SELECT COUNT(*) FROM metrics WHERE record_id NOT IN (SELECT id FROM records)) + (SELECT COUNT(*) FROM checks WHERE record_id NOT IN (SELECT id FROM records)) AS n').get() as { n: number };
    if (orphanRows.n) problems.push(`${orphanRows.n} metrics/checks without their record`);
    const running = db.prepare(`SELECT COUNT(*) FROM crawl_runs WHERE status = 'running'`).pluck().get() as number;
    if (running > 1) problems.push(`${running} crawl runs left running`);
    return { problems, report, unreported };
  } finally {
    db.close();
  }
}

function countRecords(dir: string): number {
  const file = join(dir, 'archive.sqlite');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try { return db.prepare('SELECT COUNT(*) FROM records').pluck().get() as number; } catch { return 0; } finally { db.close(); }
}

function reportSnapshots(dir: string): number {
  const db = new Database(join(dir, 'archive.sqlite'), { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(DISTINCT snapshot_sha256) FROM fetches WHERE kind IN ('report', 'attachment') AND outcome = 'ok' AND snapshot_sha256 IS NOT NULL`).pluck().get() as number;
  } finally { db.close(); }
}

export async function runKillTest(o: KillTestOptions): Promise<KillTestResult> {
  const sites = o.sites ?? ['panan', 'xianning'];
  const say = o.log ?? (() => {});
  let state = o.seed;
  /** Deterministic per seed. */
  const rand = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const t0 = Date.now();
  const replay: Replay = await startReplay({ sites });
  const dir = mkdtempSync(join(tmpdir(), 'ogi-kill-'));
  const res: KillTestResult = {
    seed: o.seed, steps: 0, kills: 0, byPhase: { crawl: { killed: 0, finished: 0 }, extract: { killed: 0, finished: 0 }, reextract: { killed: 0, finished: 0 } },
    problems: [], orphansReported: 0, tempsReported: 0, mostStrayAtOnce: 0, unreported: 0, lost: 0, removedAtEnd: 0, snapshots: 0, reports: 0, seconds: 0, log: [],
  };
  const crawlArgs = ['crawl', '--replay', `127.0.0.1:${replay.port}`, '--delay', '10', '--storage', dir, '--site', ...sites, '--log-json', '--no-progress'];
  const reextractArgs = ['reextract', '--force', '--storage', dir, '--workers', '2'];
  say(`kill test: seed ${o.seed} (OGI_FAULT_SEED=${o.seed} or --seed ${o.seed} replays it), ${o.kills} kills, storage ${dir}`);
  try {
    // the first run is a crawl; then each step is a crawl, a crawl's extraction or a re-extraction, drawn from the seed
    for (let step = 0; res.kills < o.kills; step++) {
      if (step >= o.kills * 3) { res.problems.push(`only ${res.kills} of ${o.kills} kills landed in ${step} steps`); break; }
      const r = rand();
      const phase: Phase = step === 0 || r < 0.4 ? 'crawl' : r < 0.7 ? 'extract' : 'reextract';
      if (phase !== 'reextract' && step > 0) {
        for (const site of sites) {
          replay.control.publishReport(site);
          for (let k = 0; k < 3; k++) replay.control.reviseReport(site, between(0, replay.reports(site).length - 1));
        }
      }
      let where = '';
      let run: Run;
      if (phase === 'crawl') {
        const after = between(1, 30);
        const mark = replay.log.length;
        run = ogi(crawlArgs);
        while (!run.exited() && replay.log.length - mark < after) await sleep(2);
        where = `after request ${replay.log.length - mark}`;
      } else if (phase === 'extract') {
        const after = between(0, 4);
        const base = countRecords(dir);
        run = ogi(crawlArgs);
        while (!run.exited() && !run.stderr().includes('"event":"crawl.finish"')) await sleep(2);
        while (!run.exited() && after > 0 && countRecords(dir) - base < after) await sleep(2);
        where = after ? `after ${countRecords(dir) - base} new records (extraction)` : 'at crawl.finish';
      } else {
        const after = between(0, Math.max(0, reportSnapshots(dir) - 1));
        const base = countRecords(dir);
        run = ogi(reextractArgs);
        while (!run.exited() && countRecords(dir) - base < after) await sleep(2);
        where = `after ${countRecords(dir) - base} records`;
      }
      const killed = !run.exited() && run.child.kill('SIGKILL');
      const out = await run.result;
      res.steps++;
      if (killed && out.signal === 'SIGKILL') { res.kills++; res.byPhase[phase].killed++; } else res.byPhase[phase].finished++;
      if (!(killed && out.signal === 'SIGKILL') && out.code !== 0 && out.code !== 1) res.problems.push(`step ${step} ${phase} exited ${out.code}: ${out.err.slice(-1500)}`);
      const c = await check(dir, o.verify ?? 'cli');
      const stray = c.report.stray.orphans.length + c.report.stray.temps.length;
      res.orphansReported += c.report.stray.orphans.length;
      res.tempsReported += c.report.stray.temps.length;
      res.mostStrayAtOnce = Math.max(res.mostStrayAtOnce, stray);
      res.unreported += c.unreported.length;
      res.lost += c.report.missing.length + c.report.mismatched.length;
      const line = `${step} ${phase}: ${killed && out.signal === 'SIGKILL' ? `killed ${where}` : `finished first (exit ${out.code})`}; verify ${c.problems.length ? 'PROBLEMS' : 'ok'}, snapshots ${c.report.snapshots}, orphans ${c.report.stray.orphans.length}, temps ${c.report.stray.temps.length}`;
      res.log.push(line);
      say(line);
      for (const p of c.problems) res.problems.push(`step ${step} (${phase}, seed ${o.seed}): ${p}`);
      if (c.problems.length) break;
    }
    if (!res.problems.length) {
      // what the kills left: reported, then removed; then a crawl and a re-extraction complete
      const rm = await ogi(['verify', '--remove-orphans', '--json', '--storage', dir]).result;
      if (rm.code !== 0) res.problems.push(`verify --remove-orphans exited ${rm.code}: ${rm.err.slice(-1000)}`);
      else res.removedAtEnd = (JSON.parse(rm.out) as { removed: string[] }).removed.length;
      const crawl = await ogi(crawlArgs).result;
      if (crawl.code !== 0) res.problems.push(`final crawl exited ${crawl.code}: ${crawl.err.slice(-1500)}`);
      const re = await ogi(reextractArgs).result;
      if (re.code !== 0) res.problems.push(`final re-extraction exited ${re.code}: ${re.err.slice(-1500)}`);
      const c = await check(dir, o.verify ?? 'cli');
      res.problems.push(...c.problems.map((p) => `at the end: ${p}`));
      const stray = c.report.stray.orphans.length + c.report.stray.temps.length;
      if (stray) res.problems.push(`at the end: ${stray} stray files after --remove-orphans and two complete runs`);
      res.snapshots = c.report.snapshots;
      const db = new Database(join(dir, 'archive.sqlite'), { readonly: true });
      try {
        const runs = db.prepare(`SELECT status, COUNT(*) AS n FROM crawl_runs GROUP BY status`).all() as Array<{ status: string; n: number }>;
        if (runs.some((r) => r.status !== 'completed')) res.problems.push(`at the end: crawl runs not completed: ${JSON.stringify(runs)}`);
        const last = db.prepare(`SELECT id, status FROM extraction_runs ORDER BY id DESC LIMIT 1`).get() as { id: number; status: string };
        if (last.status !== 'completed') res.problems.push(`at the end: the last extraction run is ${last.status}`);
        const missing = db.prepare(`SELECT COUNT(*) FROM snapshots s WHERE EXISTS (SELECT 1 FROM fetches f WHERE f.snapshot_sha256 = s.sha256 AND f.kind IN ('report','attachment') AND f.outcome = 'ok')
          AND NOT EXISTS (SELECT 1 FROM records r WHERE r.snapshot_sha256 = s.sha256 AND r.extraction_run_id = ?)`).pluck().get(last.id) as number;
        if (missing) res.problems.push(`at the end: ${missing} report snapshots not covered by the last re-extraction`);
        res.reports = db.prepare(`SELECT COUNT(*) FROM records WHERE kind = 'report'`).pluck().get() as number;
      } finally {
        db.close();
      }
    }
  } finally {
    await replay.close();
    res.seconds = Math.round((Date.now() - t0) / 1000);
  }
  return res;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  const seed = Number(arg('seed') ?? process.env.OGI_FAULT_SEED ?? Date.now() % 1_000_000);
  const kills = Number(arg('kills') ?? 100);
  const verify = (arg('verify') ?? 'cli') as 'cli' | 'inprocess';
  const verbose = process.argv.includes('--verbose');
  const r = await runKillTest({ kills, seed, verify, log: verbose ? (l) => console.log(l) : undefined });
  const p = r.byPhase;
  console.log(`seed ${r.seed}: ${r.kills} kills in ${r.steps} steps (crawl ${p.crawl.killed} killed / ${p.crawl.finished} finished first, extraction ${p.extract.killed}/${p.extract.finished}, re-extraction ${p.reextract.killed}/${p.reextract.finished}), ${r.seconds} s`);
  console.log(`after each kill: verify ${r.problems.length ? 'FAILED' : 'ok'}; orphan snapshots reported ${r.orphansReported} (sum over kills), temp files ${r.tempsReported}, most at once ${r.mostStrayAtOnce}; unreported ${r.unreported}; lost ${r.lost}`);
  console.log(`at the end: ${r.removedAtEnd} files removed by --remove-orphans; ${r.snapshots} snapshots, ${r.reports} report records; a crawl and a re-extraction completed`);
  for (const line of r.problems) console.log(`PROBLEM ${line}`);
  process.exitCode = r.problems.length ? 1 : 0;
}
