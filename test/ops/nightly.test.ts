import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractPending } from '../../src/archive/extraction.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { crawl } from '../../src/crawl/crawler.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { loadGlobalConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { replayHostMap } from '../../src/cli/hostmap.js';
import { siteHealth } from '../../src/crawl/health.js';
import { shippedSites, tempStorage } from '../helpers/crawl.js';
import { join } from 'node:path';

const DAY = 86_400_000;

async function night(db: DB, dir: string, replay: Replay, sites: ReturnType<typeof shippedSites>, now: Date) {
  const global = loadGlobalConfig();
  global.politeness.backoff_ms = 10;
  const summary = await crawl({ db, storageDir: dir, sites, global, log: silentLogger, delayMs: 1, now, incremental: true, hostMap: replayHostMap(`127.0.0.1:${replay.port}`) });
  await extractPending(db, new SnapshotStore(dir), extract, EXTRACTOR_VERSION, 'crawl', summary.runId);
  return summary;
}

describe('thirty nightly runs in the publishing season', () => {
  let replay: Replay;
  beforeAll(async () => { replay = await startReplay({}); });
  afterAll(async () => { await replay?.close(); });

  it('archives each new report in the run after it appears and re-checks known reports only by conditional request at the interval', async () => {
    const dir = tempStorage();
    const db = openArchive(join(dir, 'archive.sqlite'));
    const REVISIT = 10;
    const sites = shippedSites(['panan', 'anshan']).map((s) => ({ ...s, schedule: { ...s.schedule, revisit_days: REVISIT } }));
    const reportHosts = new Set(['www.panan.gov.cn', 'www.anshan.gov.cn']);
    const base = Date.parse('2025-01-06T01:00:00Z');
    const published: Array<{ night: number; site: string; year: number }> = [];
    for (let n = 0; n < 30; n++) {
      if (n > 0 && n % 4 === 0) {
        const site = n % 8 === 0 ? 'panan' : 'anshan';
        replay.control.publishReport(site);
        const newest = replay.reports(site).at(-1)!;
        published.push({ night: n, site, year: newest.year });
      }
      const s = await night(db, dir, replay, sites, new Date(base + n * DAY));
      expect(s.status).toBe('completed');
    }
    expect(published.length).toBe(7);
    // each new report is in the archive, from the run of the night it appeared (the run after publication)
    for (const p of published) {
      const row = db.prepare(`SELECT MIN(cr.started_at) AS t FROM records r JOIN fetches f ON f.snapshot_sha256 = r.snapshot_sha256 JOIN crawl_runs cr ON cr.id = f.run_id
        WHERE r.kind = 'report' AND r.year = ? AND r.site_id = ?`).get(p.year, p.site) as { t: string | null };
      expect(row.t, `${p.site} ${p.year}`).toBe(new Date(base + p.night * DAY).toISOString());
    }
    // known report pages: fetched again only every REVISIT days, and then conditionally
    const reportFetches = db.prepare(`SELECT f.url, cr.started_at, f.outcome, f.request_headers_json FROM fetches f JOIN crawl_runs cr ON cr.id = f.run_id
      WHERE f.kind = 'report' AND f.outcome IN ('ok', 'not_modified') ORDER BY f.url, f.id`).all() as Array<{ url: string; started_at: string; outcome: string; request_headers_json: string }>;
    const byUrl = new Map<string, typeof reportFetches>();
    for (const f of reportFetches) (byUrl.get(f.url) ?? byUrl.set(f.url, []).get(f.url)!).push(f);
    let revisits = 0;
    for (const [url, fs] of byUrl) {
      for (let i = 1; i < fs.length; i++) {
        revisits++;
        expect((Date.parse(fs[i].started_at) - Date.parse(fs[i - 1].started_at)) / DAY, url).toBeGreaterThanOrEqual(REVISIT);
        const h = JSON.parse(fs[i].request_headers_json) as Record<string, string>;
        expect(h['If-None-Match'] ?? h['If-Modified-Since'], url).toBeTruthy();
        expect(fs[i].outcome, url).toBe('not_modified');
      }
    }
    expect(revisits).toBeGreaterThan(10);
    // and the portals saw no unconditional re-request of a known report
    const seen = new Set<string>();
    for (const r of replay.log.filter((x) => reportHosts.has(x.host) && /\/art\/|\/html\/ASSZF\//.test(x.path))) {
      const key = `${r.host}${r.path}`;
      if (seen.has(key)) expect(r.headers['if-none-match'] ?? r.headers['if-modified-since'], key).toBeTruthy();
      seen.add(key);
    }
    db.close();
  }, 240_000);

  it('site health names a broken layout, an anti-bot wall and a robots.txt that now disallows the list', async () => {
    const dir = tempStorage();
    const db = openArchive(join(dir, 'archive.sqlite'));
    const sites = shippedSites(['panan', 'xianning', 'langfang', 'anshan']);
    const now = Date.parse('2025-02-01T01:00:00Z');
    for (let n = 0; n < 3; n++) await night(db, dir, replay, sites, new Date(now + n * DAY));
    replay.control.breakLayout('panan', true);
    replay.control.setWall('xianning', true);
    const langfangList = new URL(sites.find((s) => s.id === 'langfang')!.start_urls[0]).pathname;
    replay.control.setRobots('langfang', `User-agent: *\nDisallow: ${langfangList}\n`);
    await night(db, dir, replay, sites, new Date(now + 3 * DAY));
    const h = Object.fromEntries(siteHealth(db, sites.map((s) => s.id)).map((x) => [x.site, x]));
    expect(h.anshan.ok, JSON.stringify(h.anshan.issues)).toBe(true);
    expect(h.panan.issues.map((i) => i.kind)).toContain('no_report_links');
    expect(h.xianning.issues.map((i) => i.kind)).toContain('antibot');
    expect(h.xianning.issues.find((i) => i.kind === 'antibot')!.evidence).toMatch(/HTTP 412/);
    expect(h.langfang.issues.map((i) => i.kind)).toContain('robots');
    expect(h.langfang.issues.find((i) => i.kind === 'robots')!.evidence).toContain(langfangList);
    replay.control.breakLayout('panan', false);
    replay.control.setWall('xianning', false);
    db.close();
  }, 240_000);
});
