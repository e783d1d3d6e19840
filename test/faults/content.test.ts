// Bad content through a whole crawl (issue 7, §2): wrong charset declarations both ways, mixed
// encodings, invalid bytes, deeply nested and malformed HTML, absurd rowspans, a 0-byte 200,
// an error page served with 200, pages that only mention 年度报告, numbers with letters. The
// crawl must finish quickly, keep every body byte for byte, and still find the links it can.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { startSimulator, type Simulator } from './simulator.js';
import { faultSite, simHostMap, crawlSim, fetchOf, archiveHealth, offHostRequests } from './helpers.js';
import { gbk, report, listPage, deepHtml, malformedHtml, deepTables, rowspanBomb, EMPTY, errorPages, mentionPages, invalidBytes, mixedEncodings, lettersInNumbers } from './pages.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { tempStorage } from '../helpers/crawl.js';
import type { DB } from '../../src/archive/db.js';
import type { CrawlSummary } from '../../src/crawl/crawler.js';

const HOST = 'www.content.fault.gov.cn';
const u = (p: string) => `http://${HOST}${p}`;
const html = (body: string | Buffer, contentType = 'text/html; charset=utf-8') => ({ kind: 'page' as const, body, headers: { 'Content-Type': contentType } });

describe('bad content through a whole crawl', () => {
  let sim: Simulator;
  let db: DB;
  let summary: CrawlSummary;
  let dir: string;
  let elapsed = 0;
  const bodies = new Map<string, Buffer>();

  beforeAll(async () => {
    sim = await startSimulator();
    const set = (path: string, body: string | Buffer, ct?: string) => {
      const b = typeof body === 'string' ? Buffer.from(body) : body;
      bodies.set(path, b);
      sim.set(path, html(b, ct), HOST);
    };
    const pages: Record<string, string | Buffer> = {
      '/r/empty.html': EMPTY,
      '/r/deep.html': deepHtml(100_000),
      '/r/malformed.html': malformedHtml(30_000),
      '/r/deep-tables.html': deepTables(20_000),
      '/r/rowspan.html': rowspanBomb(),
      '/r/invalid.html': invalidBytes(),
      '/r/letters.html': lettersInNumbers(8).html,
      '/r/good.html': report(31, 2023).bytes,
      ...Object.fromEntries(errorPages.map(([k, v]) => [`/r/error-${k}.html`, v])),
      ...Object.fromEntries(mentionPages.map(([k, v]) => [`/r/mention-${k}.html`, v])),
    };
    for (const [p, b] of Object.entries(pages)) set(p, b);
    set('/list/index.html', listPage(Object.keys(pages).map((p, i) => [p, `内容市${2000 + i}年政府信息公开工作年度报告`])));
    // GBK bytes declared UTF-8 in the header: report links are recognised by their (Chinese) text only
    set('/gbk/index.html', gbk(listPage([['/g/1.html', '内容市2021年政府信息公开工作年度报告'], ['/g/2.html', '内容市2020年政府信息公开工作年度报告']], '<meta charset="utf-8">')), 'text/html; charset=utf-8');
    set('/g/1.html', report(32, 2021, 'gbk').bytes, 'text/html; charset=utf-8');
    set('/g/2.html', report(33, 2020, 'gbk').bytes, 'text/html; charset=utf-8');
    // UTF-8 bytes declared GBK in the header and GB2312 in <meta>
    set('/u8/index.html', listPage([['/u/1.html', '内容市2019年政府信息公开工作年度报告']], '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), 'text/html; charset=gbk');
    set('/u/1.html', report(34, 2019).bytes, 'text/html; charset=gbk');
    // a UTF-8 list with a GBK paragraph pasted in
    set('/mixed/index.html', mixedEncodings([['/m/1.html', '内容市2018年政府信息公开工作年度报告']]));
    set('/m/1.html', report(35, 2018).bytes);
    // a list nested 100 000 deep whose report link is at the bottom, and a list of invalid bytes
    set('/deep/index.html', deepHtml(100_000, '<a href="/d/1.html">内容市2017年政府信息公开工作年度报告</a>'));
    set('/d/1.html', report(36, 2017).bytes);
    set('/bad/index.html', invalidBytes());

    dir = tempStorage();
    const starts = ['/list/index.html', '/gbk/index.html', '/u8/index.html', '/mixed/index.html', '/deep/index.html', '/bad/index.html'].map(u);
    const t0 = Date.now();
    ({ summary, db } = await crawlSim(dir, [faultSite('content', HOST, { start_urls: starts })], simHostMap(sim)));
    elapsed = Date.now() - t0;
  }, 120_000);
  afterAll(async () => { db?.close(); await sim?.close(); });

  it('completes quickly: a 100 000-deep page is archived but not handed to the HTML parser', () => {
    expect(summary.status).toBe('completed');
    expect(summary.siteErrors).toEqual({});
    expect(elapsed).toBeLessThan(20_000);
    expect(fetchOf(db, u('/deep/index.html')).outcome).toBe('ok');
    expect(fetchOf(db, u('/r/deep.html')).outcome).toBe('ok');
  });

  it('keeps every body byte for byte, also the empty one and the invalid bytes', () => {
    const store = new SnapshotStore(dir);
    for (const [path, bytes] of bodies) {
      if (path === '/d/1.html') continue; // only reachable through the 100 000-deep list, which is not parsed
      const f = fetchOf(db, u(path));
      expect(f.outcome, path).toBe('ok');
      expect(f.snapshot_sha256, path).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(Buffer.compare(store.get(f.snapshot_sha256!), bytes), path).toBe(0);
    }
    expect(fetchOf(db, u('/r/empty.html')).size).toBe(0);
  });

  it('finds report links on a GBK page declared UTF-8, and on a UTF-8 page declared GBK', () => {
    expect(fetchOf(db, u('/gbk/index.html')).charset).toBe('gb18030');
    expect(fetchOf(db, u('/u8/index.html')).charset).toBe('utf-8');
    for (const p of ['/g/1.html', '/g/2.html', '/u/1.html']) expect(fetchOf(db, u(p)).outcome, p).toBe('ok');
    expect(fetchOf(db, u('/g/1.html')).charset).toBe('gb18030');
    expect(fetchOf(db, u('/u/1.html')).charset).toBe('utf-8');
  });

  it('reads a page of mixed encodings by its majority and still finds its link', () => {
    expect(fetchOf(db, u('/mixed/index.html')).charset).toBe('utf-8');
    expect(fetchOf(db, u('/m/1.html')).outcome).toBe('ok');
  });

  it('archives everything without a request off the site, and the archive verifies', async () => {
    expect(offHostRequests(sim, ['*.fault.gov.cn'])).toEqual([]);
    const h = await archiveHealth(db, dir);
    expect(h.passed, JSON.stringify(h.verify)).toBe(true);
    expect(h.files.bad).toEqual([]);
    expect(h.duplicateSightings).toEqual([]);
  });
});
