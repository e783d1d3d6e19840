import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGlobalConfig, projectRoot, validateSite } from '../../src/config/load.js';
import { discover, summarise } from '../../src/discover/discover.js';
import { readPage } from '../../src/discover/page.js';
import { draftConfig, reportPatterns } from '../../src/discover/draft.js';
import { replayHostMap } from '../../src/cli/hostmap.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { loadSites } from '../../src/config/load.js';
import { canonicalUrl } from '../../src/frontier/url.js';

const global = loadGlobalConfig();

describe('sites discover on the offline replay', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({});
  });
  afterAll(() => replay.close());

  it('finds the dialect and the report columns of every replay portal from its homepage or 政府信息公开 page', async () => {
    const configs = loadSites().sites;
    expect(replay.sites.length).toBeGreaterThanOrEqual(7);
    const samePlace = (draftUrl: string, configUrl: string) => {
      const d = new URL(draftUrl);
      const c = new URL(configUrl);
      return d.origin === c.origin && d.pathname.startsWith(c.pathname.replace(/[^/]*$/, ''));
    };
    for (const rs of replay.sites) {
      const site = configs.find((s) => s.id === rs.id)!;
      // the homepage first; a portal whose homepage links nothing is discovered from its disclosure pages
      let found = false;
      for (const entry of [site.homepage, ...site.start_urls]) {
        const r = await discover(entry, { global, hostMap: replayHostMap(`127.0.0.1:${replay.port}`), delayMs: 0, maxPages: 12 });
        const draft = draftConfig(r, { id: site.id, source: 'test' });
        if (draft.dialect !== site.dialect) continue;
        const starts = draft.start_urls as string[];
        if (!site.start_urls.some((c) => starts.some((d) => samePlace(d, c)))) continue;
        // the draft is a valid config, and every report it names matches its own patterns
        const valid = validateSite(JSON.parse(JSON.stringify(draft)), `<draft ${site.id}>`);
        const res = valid.report_link_patterns.map((p) => new RegExp(p));
        for (const e of valid.evidence.filter((x) => x.kind === 'report')) expect(res.length === 0 || res.some((re) => re.test(e.url))).toBe(true);
        found = true;
        break;
      }
      expect({ id: site.id, found }).toEqual({ id: site.id, found: true });
    }
  }, 120_000);

  it('starts a site whose reports sit in sub-columns from the parent column', async () => {
    const site = loadSites().sites.find((s) => s.id === 'xianning')!;
    const r = await discover(site.homepage, { global, hostMap: replayHostMap(`127.0.0.1:${replay.port}`), delayMs: 0, maxPages: 12 });
    const draft = draftConfig(r, { id: 'xianning', source: 'test' });
    expect(draft.dialect).toBe('trs');
    expect((draft.start_urls as string[]).map((u) => u.replace(/index\.shtml$/, ''))).toEqual([site.start_urls[0]]);
    expect((draft.params as Record<string, unknown>).subcolumns).toBe(true);
    expect(r.reports.length).toBeGreaterThan(0);
  }, 60_000);

  it('stays within its page budget and obeys robots.txt', async () => {
    const before = replay.log.length;
    const site = loadSites().sites.find((s) => s.id === 'yueyang')!;
    const r = await discover(site.homepage, { global, hostMap: replayHostMap(`127.0.0.1:${replay.port}`), delayMs: 0, maxPages: 2 });
    expect(r.fetched.length).toBe(2);
    const paths = replay.log.slice(before).map((x) => x.path);
    expect(paths.filter((p) => p !== '/robots.txt').length).toBe(2);
    expect(paths.some((p) => p.startsWith('/search/'))).toBe(false);
    expect(r.unvisited.length + r.columns.length).toBeGreaterThan(0);
  });
});

const saved = join(projectRoot, '..', 'shared', 'corpus', 'portals', 'ordos-engebei');

describe.skipIf(!existsSync(join(saved, 'list.html')))('sites discover on a real saved list page (../shared/corpus/portals, skipped when absent)', () => {
  it('names TRS, the report links (not the news rows) and the pagination', () => {
    const url = 'http://www.ordos.gov.cn/egb/xxgk/xxgknb/';
    const page = readPage(url, readFileSync(join(saved, 'list.html'), 'utf8'));
    const r = summarise(url, [page], [{ url, status: 200, outcome: 'ok' }]);
    expect(r.fingerprint.platform).toBe('trs');
    expect(r.fingerprint.dialect).toBe('trs');
    expect(r.reports.map((x) => x.year)).toEqual([2019, 2019, 2018, 2018]);
    expect(r.reports.every((x) => /\/\d{6}\/t\d{8}_\d+\.html$/.test(x.url))).toBe(true);
    expect(r.reports.some((x) => /会议|精彩|读懂/.test(x.title))).toBe(false);
    expect(page.pages.sort()).toEqual([`${url}index.html`, `${url}index_1.html`]);
    expect(page.pagination.join(' ')).toMatch(/countPage script: 2 pages/);
    const draft = draftConfig(r, { id: 'engebei', level: 'district', source: 'test' });
    expect(draft.report_link_patterns).toEqual(['/egb/xxgk/xxgknb/(.+/)?t\\d{8}_\\d+(_app)?\\.s?html?$']);
    expect(validateSite(JSON.parse(JSON.stringify(draft)), '<draft>').dialect).toBe('trs');
  });
});

describe('report patterns drawn from report URLs', () => {
  const pat = (dialect: string, urls: string[]) => reportPatterns(dialect, urls.map((url) => ({ url, title: '', attachment: false })));
  it('name the column and the documents\' shape, never the column\'s own pages', () => {
    const [p] = pat('generic', ['http://x.gov.cn/xxgkndbg/60208/content_1799824.html', 'http://x.gov.cn/xxgkndbg/60215/content_12.html']);
    const re = new RegExp(p);
    expect(re.test('http://x.gov.cn/xxgkndbg/61000/content_5.html')).toBe(true);
    expect(re.test('http://x.gov.cn/xxgkndbg/index_2.html')).toBe(false);
    expect(re.test('http://x.gov.cn/news/1/content_5.html')).toBe(false);
    expect(pat('generic', ['http://x.gov.cn/a/201903/4d9ab167aa224732afe03b7d9c41f4d1.shtml'])).toEqual(['/a/(.+/)?[0-9a-f]{32}\\.shtml$']);
    expect(pat('hanweb', ['http://x.gov.cn/art/2021/2/5/art_1229419673_3803244.html'])).toEqual(['/art/\\d{4}/\\d{1,2}/\\d{1,2}/art_(1229419673)_\\d+\\.html$']);
    expect(pat('generic', ['http://x.gov.cn/show.php?id=3'])).toEqual([]);
  });
});
