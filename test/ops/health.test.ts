// The health flags docs/operations.md documents that the nightly test does not reach:
// `link_drop`, `unreachable`, `missing_years`, `never_crawled`, and `crawl_failed` (a site that
// could not run, with its reason, instead of "unreachable"). Real crawls of a small portal on
// 127.0.0.1 whose list is switched between nights, then extraction, then `siteHealth`.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { crawl } from '../../src/crawl/crawler.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { extractPending } from '../../src/archive/extraction.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractAny } from '../../src/extract/any.js';
import { EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { loadGlobalConfig, validateSite } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { generateReport } from '../../src/replay/generator/index.js';
import { siteHealth, type SiteHealth } from '../../src/crawl/health.js';
import type { SiteConfig } from '../../src/config/schema.js';
import { tempStorage } from '../helpers/crawl.js';

const ISSUER = '康宁县人民政府';
const report = (year: number) => generateReport({ seed: year, year, issuer: ISSUER, region: '康宁县', chrome: true });

describe('site health flags', () => {
  let srv: TestServer;
  let closedPort: number;
  let db: DB;
  const dir = tempStorage();
  /** The years the list links tonight. */
  let listed: number[] = [];
  const pages = new Map<number, ReturnType<typeof report>>();
  const site = (id: string, browser = false): SiteConfig => validateSite({
    id, name: ISSUER, region: '康宁县', level: 'county', homepage: `http://www.${id}.gov.cn/`, dialect: 'linklist',
    start_urls: [`http://www.${id}.gov.cn/col/list_1.html`], ...(browser ? { render: 'browser' } : {}),
  }, '<test>');
  const night = async (sites: SiteConfig[]) => {
    const s = await crawl({
      db, storageDir: dir, sites, global: loadGlobalConfig(), log: silentLogger, delayMs: 0,
      hostMap: (host: string) => ({ address: '127.0.0.1', port: host.includes('gone') ? closedPort : srv.port }),
    });
    await extractPending(db, new SnapshotStore(dir), extractAny, EXTRACTOR_VERSION, 'crawl', s.runId);
    return s;
  };
  const health = (ids: string[]): Record<string, SiteHealth> => Object.fromEntries(siteHealth(db, ids).map((h) => [h.site, h]));

  beforeAll(async () => {
    for (const y of [2015, 2016, 2017, 2018, 2019, 2021]) pages.set(y, report(y));
    srv = await startServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/robots.txt') return res.end('User-agent: *\nDisallow:\n');
      if (url === '/col/list_1.html') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(`<html><body><ul>${listed.map((y) => `<li><a href="/art/${y}/r.html">${ISSUER}${y}年政府信息公开工作年度报告</a></li>`).join('')}</ul></body></html>`);
      }
      const m = /^\/art\/(\d{4})\/r\.html$/.exec(url);
      const page = m ? pages.get(Number(m[1])) : undefined;
      if (!page) { res.writeHead(404); return res.end(); }
      res.writeHead(200, { 'Content-Type': page.contentType });
      res.end(page.bytes);
    });
    const closed = await startServer(() => {});
    closedPort = closed.port;
    await closed.close();
    db = openArchive(join(dir, 'archive.sqlite'));
  });
  afterAll(async () => { db?.close(); await srv?.close(); });

  it('never_crawled: a configured site no run has read', () => {
    const h = health(['kangning']).kangning;
    expect(h.ok).toBe(false);
    expect(h.issues.map((i) => i.kind)).toEqual(['never_crawled']);
  });

  it('missing_years: 2016, 2018, 2019 and 2021 archived, 2017 and 2020 not', async () => {
    listed = [2016, 2018, 2019, 2021];
    await night([site('kangning')]);
    const h = health(['kangning']).kangning;
    expect(h.issues.map((i) => i.kind)).toEqual(['missing_years']);
    expect(h.issues[0].evidence).toBe(`no report for ${ISSUER} 2017, ${ISSUER} 2020 although earlier and later years are archived`);
  }, 120_000);

  it('link_drop: the list links 1 report where earlier runs linked 4 (not a failure: some links remain)', async () => {
    await night([site('kangning')]);
    listed = [2021];
    const s = await night([site('kangning')]);
    expect(s.outcomes.kangning).toEqual({ status: 'completed', reason: null });
    const h = health(['kangning']).kangning;
    const drop = h.issues.find((i) => i.kind === 'link_drop');
    expect(drop?.evidence).toMatch(/^report links fell to 1 in run \d+ from a median of 4 in the 2 run\(s\) before$/);
    expect(h.issues.map((i) => i.kind)).not.toContain('no_report_links');
  }, 120_000);

  it('zero report links where earlier runs found some: the site fails with that reason, and health says no_report_links', async () => {
    listed = [];
    const s = await night([site('kangning')]);
    expect(s.outcomes.kangning.status).toBe('failed');
    expect(s.outcomes.kangning.reason).toMatch(/^1 list page\(s\) gave no report link, where run \d+ found 1 \(layout changed\?\)$/);
    const kinds = health(['kangning']).kangning.issues.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['crawl_failed', 'no_report_links']));
  }, 120_000);

  it('unreachable: every request refused; the site fails, every list request named', async () => {
    const s = await night([site('gone')]);
    expect(s.outcomes.gone.status).toBe('failed');
    expect(s.outcomes.gone.reason).toMatch(/^unreachable: robots\.txt unreachable \(.*\): disallow all, e\.g\. http:\/\/www\.gone\.gov\.cn\/col\/list_1\.html$/);
    const h = health(['gone']).gone;
    expect(h.issues.map((i) => i.kind)).toEqual(['crawl_failed', 'unreachable']);
    expect(h.issues.find((i) => i.kind === 'unreachable')!.evidence).toMatch(/refused/);
  }, 120_000);

  it('a list page that answers 404: the site fails, naming the status and the URL', async () => {
    const s = await night([{ ...site('kangning'), start_urls: ['http://www.kangning.gov.cn/col/moved.html'] }]);
    expect(s.outcomes.kangning).toEqual({ status: 'failed', reason: expect.stringMatching(/^every list request failed \(4xx ×1\), e\.g\. HTTP 404 http:\/\/www\.kangning\.gov\.cn\/col\/moved\.html/) });
    expect(health(['kangning']).kangning.issues.map((i) => i.kind)).toEqual(expect.arrayContaining(['crawl_failed', 'unreachable']));
  }, 120_000);

  it('a browser site without a browser: crawl_failed with the reason, not "unreachable"', async () => {
    const s = await crawl({
      db, storageDir: dir, sites: [site('glass', true)], global: loadGlobalConfig(), log: silentLogger, delayMs: 0,
      hostMap: () => ({ address: '127.0.0.1', port: srv.port }),
      browser: () => Promise.reject(new Error('no Chromium found: install Debian\'s `chromium`')),
    });
    expect(s.outcomes.glass).toEqual({ status: 'failed', reason: expect.stringMatching(/^render: browser needs a Chromium, and none could be started: no Chromium found/) });
    expect(s.siteErrors.glass).toBe(s.outcomes.glass.reason);
    expect(s.status).toBe('failed'); // the only site of the run failed
    const h = health(['glass']).glass;
    expect(h.issues).toEqual([{ kind: 'crawl_failed', evidence: `run ${s.runId}: ${s.outcomes.glass.reason}` }]);
  }, 120_000);
});
