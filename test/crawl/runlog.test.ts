// Crawl runs and their per-site rows stored compactly (migration 008): the views `crawl_runs` and
// `crawl_run_sites` give the rows back as the tables of 001 and 005 held them, the morning report
// still names the sites that were not due and why, and the tables that refer to a run still do.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { migrate, openArchive, type DB } from '../../src/archive/db.js';
import { archiveAt, currentArchive } from '../helpers/schema.js';
import { startRun, finishRun, compactCounts } from '../../src/frontier/runs.js';
import { RunSites } from '../../src/crawl/runSites.js';
import { runReport, formatRunReport } from '../../src/crawl/report.js';
import { siteHealth } from '../../src/crawl/health.js';
import { crawl } from '../../src/crawl/crawler.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { loadGlobalConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { replayHostMap } from '../../src/cli/hostmap.js';
import { shippedSites, tempStorage } from '../helpers/crawl.js';

const RUN_COLUMNS = ['id', 'started_at', 'finished_at', 'status', 'pid', 'options_json', 'counts_json', 'resumed_count'];
const SITE_COLUMNS = ['run_id', 'site_id', 'started_at', 'finished_at', 'status', 'lists_fetched', 'report_links', 'fresh_skipped', 'parse_errors', 'error'];
const dump = (db: DB, view: string, cols: string[], order: string) => db.prepare(`SELECT ${cols.map((c) => `quote(${c}) AS ${c}`).join(', ')} FROM ${view} ORDER BY ${order}`).all();
const dumpAll = (db: DB) => ({ runs: dump(db, 'crawl_runs', RUN_COLUMNS, 'crawl_runs.id'), sites: dump(db, 'crawl_run_sites', SITE_COLUMNS, 'crawl_run_sites.run_id, crawl_run_sites.site_id') });

function sites(db: DB): DB {
  for (const id of ['a', 'b', 'c']) db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES (?, 'n', 'r', 'county', 'plain', 'http://x/', 'h', '{}', 'now')`).run(id);
  return db;
}

/** Rows as the 001 and 005 tables took them (odd ones too), inserted into the tables or the views. */
function insertRows(db: DB): void {
  const run = (r: Record<string, unknown>) => db.prepare(`INSERT INTO crawl_runs(${Object.keys(r).join(', ')}) VALUES (${Object.keys(r).map((k) => `@${k}`).join(', ')})`).run(r);
  run({ id: 1, started_at: '2025-01-06T01:00:00.000Z', finished_at: '2025-01-06T01:20:00.123Z', status: 'completed', pid: 42, options_json: '{"sites":["a","b"],"incremental":true}', counts_json: '{"totals":{"requests":3}}' });
  run({ id: 2, started_at: '2025-01-07T01:00:00.000Z', status: 'running', pid: 43, options_json: '{"sites":["a","b"],"incremental":true}' });
  run({ id: 3, started_at: 'now', finished_at: '2025-01-08T01:00:00.000Z', status: 'interrupted', resumed_count: 2 });
  run({ id: 4, started_at: '2025-01-08T01:00:00Z', finished_at: 'later', status: 'failed', pid: null, counts_json: '{}' });
  run({ id: 5, started_at: 1234, finished_at: 5.5, status: 'completed' });
  const site = (r: Record<string, unknown>) => db.prepare(`INSERT INTO crawl_run_sites(${Object.keys(r).join(', ')}) VALUES (${Object.keys(r).map((k) => `@${k}`).join(', ')})`).run(r);
  site({ run_id: 1, site_id: 'a', started_at: '2025-01-06T01:00:00.100Z', finished_at: '2025-01-06T01:10:00.000Z', status: 'completed', lists_fetched: 3, report_links: 10, fresh_skipped: 1, parse_errors: 0 });
  site({ run_id: 1, site_id: 'b', started_at: '2025-01-06T01:00:00.200Z', finished_at: '2025-01-06T01:00:00.200Z', status: 'not_due', error: 'read 1.0 days ago; next in 6.0 days' });
  site({ run_id: 1, site_id: 'c', started_at: '2025-01-06T01:00:00.300Z', finished_at: '2025-01-06T00:59:59.000Z', status: 'failed', error: 'disk full' });
  site({ run_id: 2, site_id: 'a', started_at: '2025-01-07T01:00:00.000Z', status: 'running' });
  site({ run_id: 2, site_id: 'b', started_at: '2025-01-07T01:00:00.000Z', finished_at: '2025-01-07T01:00:00.000Z', status: 'not_due', error: 'read 1.0 days ago; next in 6.0 days' });
  site({ run_id: 3, site_id: 'a', started_at: 'then', finished_at: '2025-01-07T01:00:00.000Z', status: 'trap', error: '' });
  site({ run_id: 4, site_id: 'a', started_at: '1969-12-31T23:59:59.000Z', finished_at: 7, status: 'budget', lists_fetched: 2 });
}

function updateRows(db: DB): void {
  db.prepare(`UPDATE crawl_runs SET status = 'completed', finished_at = '2025-01-07T02:00:00.000Z', counts_json = '{"totals":{"requests":9}}' WHERE id = 2`).run();
  db.prepare(`UPDATE crawl_runs SET pid = 7, resumed_count = resumed_count + 1 WHERE id = 3`).run();
  db.prepare(`UPDATE crawl_run_sites SET lists_fetched = lists_fetched + 1, report_links = report_links + 4 WHERE run_id = 2 AND site_id = 'a'`).run();
  db.prepare(`UPDATE crawl_run_sites SET status = 'completed', error = NULL, finished_at = '2025-01-07T01:30:00.000Z' WHERE run_id = 2 AND site_id = 'a'`).run();
  db.prepare(`UPDATE crawl_run_sites SET status = 'failed', error = 'timeout' WHERE run_id = 1 AND site_id = 'b'`).run();
}

describe('crawl runs and their sites, stored compactly (008)', () => {
  it('migrates the runs and site rows of 001 and 005 without changing a value, and the tables that refer to a run follow', () => {
    const db = sites(archiveAt(7));
    insertRows(db);
    db.prepare(`INSERT INTO frontier(run_id, key, site_id, url, kind, seq) VALUES (2, 'k', 'a', 'http://x/', 'list', 1)`).run();
    db.prepare(`INSERT INTO extraction_runs(extractor_version, trigger, crawl_run_id, started_at, status) VALUES ('v', 'crawl', 1, 'now', 'completed')`).run();
    const before = dumpAll(db);
    migrate(db);
    expect(dumpAll(db)).toEqual(before);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE sql LIKE '%REFERENCES crawl_runs%'`).pluck().get()).toBe(0);
    db.prepare(`INSERT INTO frontier(run_id, key, site_id, url, kind, seq) VALUES (3, 'k', 'a', 'http://x/', 'list', 1)`).run();
    expect(() => db.prepare(`INSERT INTO frontier(run_id, key, site_id, url, kind, seq) VALUES (99, 'k', 'a', 'http://x/', 'list', 1)`).run()).toThrow(/FOREIGN KEY/);
    // times that read back exactly are numbers, the rest text
    expect(db.prepare(`SELECT typeof(started_at) AS s, typeof(finished_at) AS f FROM run_log ORDER BY id`).all().map((r) => Object.values(r as object).join('/')))
      .toEqual(['integer/integer', 'integer/null', 'text/text', 'text/text', 'text/text']);
    expect(db.prepare('SELECT COUNT(*) FROM run_texts').pluck().get()).toBe(6);
  });

  it('takes inserts and updates through the views as the tables did', () => {
    const before = sites(archiveAt(7));
    insertRows(before);
    updateRows(before);
    const after = sites(currentArchive());
    insertRows(after);
    updateRows(after);
    expect(dumpAll(after)).toEqual(dumpAll(before));
  });

  it('writes runs and site rows that read back as ISO times, with the notes of not-due sites', () => {
    const db = sites(currentArchive());
    const t0 = new Date('2025-06-02T01:00:00.000Z');
    const { run } = startRun(db, { sites: ['a', 'b'], incremental: true }, true, t0);
    expect(run).toMatchObject({ started_at: '2025-06-02T01:00:00.000Z', finished_at: null, status: 'running', options_json: '{"sites":["a","b"],"incremental":true}', counts_json: '{}' });
    const rs = new RunSites(db, run.id);
    expect(rs.start('a', new Date('2026-11-22T01:02:03.004Z'))).toEqual({ fresh: true, previous: null });
    rs.addLinks('a', 10);
    rs.bump('a', 'fresh_skipped', 9);
    rs.finish('a', 'completed', null, new Date('2026-11-22T01:02:05.678Z'));
    rs.start('b', new Date('2026-11-22T01:02:03.005Z'));
    rs.finish('b', 'not_due', 'read 1.0 days ago; next in 6.0 days', new Date('2026-11-22T01:02:03.005Z'));
    expect(rs.start('b')).toEqual({ fresh: false, previous: 'not_due' });
    finishRun(db, run.id, 'completed', { totals: { requests: 3, ok: 0, errors: {} }, siteErrors: {} }, new Date('2026-11-22T01:03:00.000Z'));
    expect(db.prepare('SELECT * FROM crawl_runs').get()).toMatchObject({ finished_at: '2026-11-22T01:03:00.000Z', status: 'completed', counts_json: '{"totals":{"requests":3}}' });
    expect(db.prepare('SELECT * FROM crawl_run_sites ORDER BY site_id').all()).toEqual([
      { run_id: run.id, site_id: 'a', started_at: '2026-11-22T01:02:03.004Z', finished_at: '2026-11-22T01:02:05.678Z', status: 'completed', lists_fetched: 1, report_links: 10, fresh_skipped: 9, parse_errors: 0, error: null },
      { run_id: run.id, site_id: 'b', started_at: '2026-11-22T01:02:03.005Z', finished_at: '2026-11-22T01:02:03.005Z', status: 'not_due', lists_fetched: 0, report_links: 0, fresh_skipped: 0, parse_errors: 0, error: 'read 1.0 days ago; next in 6.0 days' },
    ]);
    expect(db.prepare(`SELECT finished_at FROM run_site_log WHERE site_id = 'a'`).pluck().get()).toBe(2674);
    // a killed run is continued, not started again
    db.prepare(`UPDATE run_log SET status = 'running', pid = 999999999 WHERE id = ?`).run(run.id);
    expect(startRun(db, {}, true).run).toMatchObject({ id: run.id, resumed_count: 1, pid: process.pid });
  });

  it('leaves zero counters and empty maps out of the counts', () => {
    expect(compactCounts({ totals: { requests: 18, ok: 0, errors: {}, robots: { a: 0 } }, siteErrors: {}, note: '', list: [0] })).toEqual({ totals: { requests: 18 }, note: '', list: [0] });
  });
});

describe('the morning report and site health over compact run rows', () => {
  let replay: Replay;
  let db: DB;
  const dir = tempStorage();
  const base = Date.parse('2025-06-02T01:00:00Z'); // off season: lists weekly
  const nights: number[] = [];
  beforeAll(async () => {
    replay = await startReplay({});
    db = openArchive(join(dir, 'archive.sqlite'));
    const sites = shippedSites(['panan', 'anshan']);
    for (let n = 0; n < 2; n++) {
      const s = await crawl({ db, storageDir: dir, sites, global: loadGlobalConfig(), log: silentLogger, delayMs: 1, now: new Date(base + n * 86_400_000),
        incremental: true, hostMap: replayHostMap(`127.0.0.1:${replay.port}`) });
      nights.push(s.runId);
    }
  }, 120_000);
  afterAll(async () => { db?.close(); await replay?.close(); });

  it('names the sites that were not due and why', () => {
    const r = runReport(db, nights[1]);
    expect(r.run.started_at).toBe('2025-06-03T01:00:00.000Z');
    expect(r.sites.map((s) => [s.site, s.status, s.requests, s.note])).toEqual([
      ['anshan', 'not_due', 0, 'read 1.0 days ago; next in 6.0 days'], ['panan', 'not_due', 0, 'read 1.0 days ago; next in 6.0 days']]);
    expect(formatRunReport(r)).toMatch(/panan +not_due .*\| read 1\.0 days ago; next in 6\.0 days/);
    const first = runReport(db, nights[0]);
    expect(first.sites.every((s) => s.status === 'completed' && s.requests > 0 && s.duration_s !== null)).toBe(true);
    // one note, stored once for both sites
    expect(db.prepare(`SELECT COUNT(*) FROM run_texts WHERE text LIKE 'read %'`).pluck().get()).toBe(1);
  });

  it('judges site health on the last run that read the site', () => {
    const h = siteHealth(db, ['panan', 'anshan']);
    expect(h.map((x) => [x.site, x.ok, x.lastRun])).toEqual([['panan', true, nights[0]], ['anshan', true, nights[0]]]);
  });

  it('names a site whose archive lacks a year its evidence shows, with that evidence', async () => {
    const panan = shippedSites(['panan'])[0];
    const configs = (evidenceYear: number) => new Map([['panan', { ...panan, evidence: [...panan.evidence, { url: `http://www.panan.gov.cn/art/${evidenceYear + 1}/2/1/art_1229419673_1.html`, kind: 'report' as const, year: evidenceYear, what: `${evidenceYear} report`, source: 'test' }] }]]);
    // Before extraction nothing is archived: the evidence years are all lacking.
    const before = siteHealth(db, ['panan'], configs(2013))[0];
    expect(before.ok).toBe(false);
    expect(before.issues.find((i) => i.kind === 'evidence_years')!.evidence).toMatch(/^no report archived for 2013, 2020 although the config's evidence shows 2013: .*art_1229419673_1\.html \(2013 report; test\); 2020: http:\/\/www\.panan\.gov\.cn\/art\/2021\/2\/5\/art_1229419673_3803244\.html/);
    const { extractPending } = await import('../../src/archive/extraction.js');
    const { extractAny } = await import('../../src/extract/any.js');
    const { EXTRACTOR_VERSION } = await import('../../src/extract/index.js');
    const { SnapshotStore } = await import('../../src/store/snapshots.js');
    await extractPending(db, new SnapshotStore(dir), extractAny, EXTRACTOR_VERSION, 'crawl', nights[0]);
    // The replay has 2015–2023: 2020 is archived now, 2013 is not.
    const after = siteHealth(db, ['panan'], configs(2013))[0];
    expect(after.issues.map((i) => [i.kind, i.evidence.slice(0, 28)])).toEqual([['evidence_years', 'no report archived for 2013 ']]);
    expect(siteHealth(db, ['panan'], configs(2016))[0]).toMatchObject({ ok: true, issues: [] });
  }, 60_000);
});
