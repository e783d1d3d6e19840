// Shared pieces of the fault suite: site configs built in-test, a host map that points every
// host at the simulator (some hosts refused or unresolvable, all in-process), a crawl with
// short timeouts, and archive checks used after every fault (integrity, hashes, sightings,
// containment).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadGlobalConfig, validateSite } from '../../src/config/load.js';
import type { GlobalConfig, SiteConfig } from '../../src/config/schema.js';
import { crawl, type CrawlSummary } from '../../src/crawl/crawler.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { verifyArchive, verifyPassed, type VerifyReport } from '../../src/archive/verify.js';
import { hostAllowed } from '../../src/frontier/url.js';
import type { HostMapper } from '../../src/fetch/http.js';
import { silentLogger, type Logger } from '../../src/util/log.js';
import type { Simulator } from './simulator.js';

/** Global settings with short timeouts (800 ms a request, 1.2 s a URL), few retries and a small body cap, so faults cost little time. */
export function faultGlobal(p: Partial<GlobalConfig['politeness']> = {}): GlobalConfig {
  const g = loadGlobalConfig();
  Object.assign(g.politeness, { timeout_ms: 800, max_url_ms: 1200, retries: 2, backoff_ms: 20, max_retry_after_ms: 3000, max_body_bytes: 4 * 1024 * 1024, ...p });
  return g;
}

/** A linklist site validated like a config file (an in-test config, so no file-name check). */
export function faultSite(id: string, host: string, extra: Record<string, unknown> = {}): SiteConfig {
  return validateSite({
    id, name: `${id}模拟市人民政府`, region: `${id}模拟市`, level: 'prefecture', homepage: `http://${host}/`,
    dialect: 'linklist', start_urls: [`http://${host}/list/index.html`],
    report_link_patterns: ['/r/[\\w.-]+$'], allowed_hosts: ['*.fault.gov.cn'], ...extra,
  }, `<test:${id}>`);
}

export interface HostRules { refused?: Record<string, number>; unresolvable?: string[] }

/** Every host goes to the simulator (so a leak would show in its log), except refused (closed port) and unresolvable (Error, as a failed DNS look-up would: no query is sent). */
export function simHostMap(sim: Simulator, rules: HostRules = {}): HostMapper {
  return (hostname) => {
    if (rules.unresolvable?.includes(hostname)) return new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    const refused = rules.refused?.[hostname];
    return { address: '127.0.0.1', port: refused ?? sim.port };
  };
}

export async function crawlSim(dir: string, sites: SiteConfig[], hostMap: HostMapper, opts: { global?: GlobalConfig; db?: DB; log?: Logger; delayMs?: number; snapshotThread?: boolean } = {}): Promise<{ summary: CrawlSummary; db: DB }> {
  const db = opts.db ?? openArchive(join(dir, 'archive.sqlite'));
  const summary = await crawl({ db, storageDir: dir, sites, global: opts.global ?? faultGlobal(), log: opts.log ?? silentLogger, delayMs: opts.delayMs ?? 5, hostMap, snapshotThread: opts.snapshotThread });
  return { summary, db };
}

export interface FetchRowLite { id: number; url: string; kind: string; status: number | null; outcome: string; error_kind: string | null; error: string | null; attempt: number; snapshot_sha256: string | null; size: number | null; frontier_key: string | null; charset: string | null }

/** The recorded fetches of a URL (the frontier's own fetch first; robots rows have no frontier key). */
export function fetchesOf(db: DB, url: string): FetchRowLite[] {
  return db.prepare('SELECT * FROM fetches WHERE url = ? ORDER BY id').all(url) as FetchRowLite[];
}

/** The one fetch of a URL the crawl made for its frontier entry. */
export function fetchOf(db: DB, url: string): FetchRowLite {
  const rows = fetchesOf(db, url).filter((r) => r.frontier_key !== null);
  if (rows.length !== 1) throw new Error(`expected one frontier fetch of ${url}, found ${rows.length}`);
  return rows[0];
}

/** Every snapshot file on disk named like a hash must hash to its name (temp files are not snapshots). */
export function snapshotFilesMatch(dir: string): { checked: number; bad: string[]; temps: string[] } {
  const root = join(dir, 'snapshots');
  const bad: string[] = [];
  const temps: string[] = [];
  let checked = 0;
  const walk = (d: string): void => {
    let names: string[];
    try { names = readdirSync(d); } catch { return; }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) { walk(p); continue; }
      if (/^[0-9a-f]{64}$/.test(n)) {
        checked++;
        if (createHash('sha256').update(readFileSync(p)).digest('hex') !== n) bad.push(p);
      } else temps.push(p);
    }
  };
  walk(root);
  return { checked, bad, temps };
}

export interface ArchiveHealth { verify: VerifyReport; passed: boolean; files: ReturnType<typeof snapshotFilesMatch>; duplicateSightings: unknown[] }

/** The checks every fault must leave true: integrity, hashes, no fetch row without its snapshot, no sighting twice. */
export async function archiveHealth(db: DB, dir: string): Promise<ArchiveHealth> {
  const verify = await verifyArchive(db, new SnapshotStore(dir));
  const duplicateSightings = db.prepare(`SELECT run_id, frontier_key, COUNT(*) AS n FROM fetches WHERE frontier_key IS NOT NULL GROUP BY run_id, frontier_key HAVING n > 1`).all();
  return { verify, passed: verifyPassed(verify), files: snapshotFilesMatch(dir), duplicateSightings };
}

/** Hosts the simulator was asked for that are not allowed (should be none). */
export function offHostRequests(sim: Simulator, allowed: readonly string[]): string[] {
  return sim.log.filter((r) => !hostAllowed(r.host, allowed)).map((r) => `${r.host} ${r.path}`);
}
