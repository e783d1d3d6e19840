// `ogi serve` in a real browser (Playwright + Chromium): an archive crawled from the offline
// replay (one site behind an anti-bot wall, so it fails) plus one hostile archived page; the
// pages load, a value's mark lands on the cell at its row and column labels (table) or inside its
// sentence (prose) for sampled values, an archived page's script never runs, and no request
// leaves 127.0.0.1 or reaches anything but the app's own routes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright';
import { findChromium } from '../../src/fetch/browser.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { crawlReplay, shippedSites, tempStorage } from '../helpers/crawl.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractPending } from '../../src/archive/extraction.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { startServe, type Served } from '../../src/serve/server.js';
import { matchKey } from '../../src/serve/locate.js';

const exe = findChromium();
const d = exe ? describe : describe.skip;
if (!exe) console.log('test/serve/browser.test.ts skipped: no Chromium (apt-get install chromium, or npx playwright install chromium)');

const HOSTILE_ID = '脚本测试市人民政府 2022';

/** A report page whose scripts and resources try to run and to reach out. */
function hostilePage(): Buffer {
  return Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>脚本测试市人民政府2022年政府信息公开工作年度报告</title>
<base href="http://evil.example.com/"><meta http-equiv="refresh" content="0;url=http://evil.example.com/refresh">
<script src="http://evil.example.com/lib.js"></script><link rel="stylesheet" href="http://evil.example.com/x.css">
<script>document.title = 'SCRIPT-RAN'; fetch('/pwned-fetch'); location.href = '/pwned-nav';</script></head>
<body onload="location.href='/pwned-onload'"><img src="http://evil.example.com/i.png"><img src="/pwned-img.png">
<iframe src="http://evil.example.com/frame"></iframe><div class="content"><p>脚本测试市人民政府2022年政府信息公开工作年度报告</p>
<p>本年新收政府信息公开申请42件。</p></div></body></html>`, 'utf8');
}

function addHostile(db: DB, dir: string): void {
  const store = new SnapshotStore(dir);
  const bytes = hostilePage();
  const p = store.put(bytes);
  const at = '2024-03-01T01:00:01.000Z';
  db.prepare(`INSERT OR IGNORE INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES ('hostile', '脚本测试市人民政府', '脚本测试市', 'prefecture', 'plain', 'http://www.hostile.gov.cn/', 'h', '{}', ?)`).run(at);
  db.prepare(`INSERT OR IGNORE INTO snapshots(sha256, size, content_type, charset, charset_source, path, first_seen_at) VALUES (?, ?, 'text/html', 'utf-8', 'meta', ?, ?)`).run(p.sha256, bytes.length, p.path, at);
  const run = (db.prepare('SELECT MAX(id) AS id FROM crawl_runs').get() as { id: number }).id;
  db.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, final_url, redirects_json, status, outcome, request_headers_json, response_headers_json, started_at, elapsed_ms, snapshot_sha256, size, content_type, charset)
    VALUES (?, 'hostile', 'report', 'GET', 'http://www.hostile.gov.cn/nb2022.html', 'http://www.hostile.gov.cn/nb2022.html', '[]', 200, 'ok', '{}', '{}', ?, 10, ?, ?, 'text/html', 'utf-8')`).run(run, at, p.sha256, bytes.length);
  const xr = Number(db.prepare(`INSERT INTO extraction_runs(extractor_version, trigger, started_at, finished_at, status) VALUES ('test', 'import', ?, ?, 'completed')`).run(at, at).lastInsertRowid);
  const doc = Number(db.prepare(`INSERT INTO documents(text_hash, kind, main_text, first_seen_at) VALUES ('hostile', 'report', '脚本测试市人民政府2022年政府信息公开工作年度报告\n本年新收政府信息公开申请42件。', ?)`).run(at).lastInsertRowid);
  db.prepare(`INSERT INTO document_snapshots(document_id, snapshot_sha256, rule, extractor_version) VALUES (?, ?, 'first_text', 'test')`).run(doc, p.sha256);
  const rec = Number(db.prepare(`INSERT INTO records(extraction_run_id, extractor_version, snapshot_sha256, document_id, site_id, url, kind, reason, title, issuer, region, year, format, charset, created_at, source)
    VALUES (?, 'test', ?, ?, 'hostile', 'http://www.hostile.gov.cn/nb2022.html', 'report', 'test', '脚本测试市人民政府2022年政府信息公开工作年度报告', '脚本测试市人民政府', '脚本测试市', 2022, '2021', 'utf-8', ?, 'page')`).run(xr, p.sha256, doc, at).lastInsertRowid);
  db.prepare(`INSERT INTO metrics(record_id, key, value, unit, raw, flags, source_type, locator_json) VALUES (?, 'requests.new_received.total', 42, 'count', '申请42件', 'from_prose', 'prose', ?)`)
    .run(rec, JSON.stringify({ type: 'prose', start: 0, end: 0, sentence: '本年新收政府信息公开申请42件。', raw: '申请42件' }));
}

d('ogi serve in a browser', () => {
  let replay: Replay;
  let served: Served;
  let browser: Browser;
  let context: BrowserContext;
  let db: DB;
  const requests: string[] = [];

  beforeAll(async () => {
    replay = await startReplay({ sites: ['jiangmen', 'panan', 'xianning', 'langfang'] });
    replay.control.setWall('langfang', true);
    const dir = tempStorage();
    const out = await crawlReplay(dir, replay.port, { sites: shippedSites(['jiangmen', 'panan', 'xianning', 'langfang']), delayMs: 20 });
    await extractPending(out.db, new SnapshotStore(dir), extract, EXTRACTOR_VERSION, 'crawl', null);
    addHostile(out.db, dir);
    out.db.close();
    db = openArchive(join(dir, 'archive.sqlite'), { readonly: true });
    served = await startServe({ db, store: new SnapshotStore(dir), port: 0 });
    browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
    context = await browser.newContext();
    await context.route('**/*', (route) => {
      const u = route.request().url();
      requests.push(u);
      return new URL(u).hostname === '127.0.0.1' ? route.continue() : route.abort();
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    db?.close();
    await replay?.close();
  });

  const open = async (path: string): Promise<Page> => {
    const p = await context.newPage();
    const res = await p.goto(`${served.url}${path}`);
    expect(res?.status(), path).toBe(200);
    return p;
  };
  const snapshotFrame = async (p: Page): Promise<Frame> => {
    await p.waitForLoadState('load');
    const f = p.frames().find((x) => x.url().includes('/snapshot/') && !x.isDetached());
    if (!f) throw new Error('no snapshot frame');
    await f.waitForLoadState('load');
    return f;
  };

  it('lists the reports, filters and sorts them', async () => {
    const n = (db.prepare('SELECT COUNT(*) AS n FROM report_records').get() as { n: number }).n;
    const p = await open('/reports');
    expect(await p.locator('a.report').count()).toBe(n);
    await p.selectOption('select[name=city]', '江门市');
    await p.click('form.filters button');
    const ids = await p.locator('a.report').allTextContents();
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every((t) => t.startsWith('江门市人民政府'))).toBe(true);
    const p2 = await open('/reports?sort=year&dir=desc');
    const years = (await p2.locator('table.reports tbody tr td:nth-child(5)').allTextContents()).map(Number);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    await p.close(); await p2.close();
  }, 60_000);

  it('marks the right cell or sentence for sampled values (table and prose)', async () => {
    const pick = (sql: string) => db.prepare(sql).all() as Array<{ id: number; report_id: string; key: string; raw: string; locator_json: string }>;
    const base = `SELECT m.id, rr.report_id, m.key, m.raw, m.locator_json FROM report_records rr JOIN metrics m ON m.record_id = rr.record_id
      JOIN snapshots s ON s.sha256 = rr.snapshot_sha256 WHERE s.content_type LIKE '%html%' AND rr.site_id <> 'hostile'`;
    const tables = pick(`${base} AND m.source_type = 'table' AND m.raw <> '' AND json_extract(m.locator_json, '$.table') > 0 AND json_extract(m.locator_json, '$.colIndex') > 0
      AND rr.format IN ('2019', '2021') AND m.key LIKE 'requests.%' ORDER BY m.id`);
    const prose = pick(`${base} AND m.source_type = 'prose' AND m.raw <> '' ORDER BY m.id`);
    expect(tables.length).toBeGreaterThan(10);
    expect(prose.length).toBeGreaterThan(3);
    let htmlCells = 0;
    const sample = [tables[0], tables[Math.floor(tables.length / 2)], tables[tables.length - 1], prose[0], prose[prose.length - 1]];
    for (const m of sample) {
      const loc = JSON.parse(m.locator_json) as Record<string, string>;
      const p = await open(`/report?id=${encodeURIComponent(m.report_id)}&m=${m.id}`);
      // the mark comes from the position the extractor stored, not from a search at view time
      expect(await p.locator('#how').textContent(), `${m.report_id} ${m.key}`).toContain('stored position');
      const f = await snapshotFrame(p);
      const hl = f.locator('#ogi-hl');
      expect(await hl.count(), `${m.report_id} ${m.key}`).toBe(1);
      // the frame scrolled to the mark (#ogi-hl fragment, no script): it is inside the frame's viewport
      await p.waitForTimeout(2000);
      const inView = await hl.evaluate((e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, vh: window.innerHeight }; });
      expect(inView.bottom, `${m.report_id} ${m.key} ${JSON.stringify(inView)}`).toBeGreaterThan(0);
      expect(inView.top, `${m.report_id} ${m.key} ${JSON.stringify(inView)}`).toBeLessThan(inView.vh);
      if (loc.type === 'table') {
        const info = await hl.evaluate((el) => ({ tag: el.tagName, text: el.textContent ?? '' }));
        expect(matchKey(info.text)).toBe(matchKey(m.raw));
        if (info.tag === 'MARK') {
          // a table the page sets as aligned text (<pre>): the mark is the colIndex-th figure of its row's line
          const line = await hl.evaluate((e) => { let t = ''; for (let n = e.previousSibling; n; n = n.previousSibling) { t = (n.textContent ?? '') + t; if (t.includes('\n')) break; } return t.slice(t.lastIndexOf('\n') + 1); });
          expect(matchKey(line).startsWith(matchKey(loc.row)), `${m.report_id} ${m.key}: line "${line}"`).toBe(true);
          expect(line.trim().split(/\s+/).filter((t) => /^[\d.,]+$/.test(t)).length, `${m.report_id} ${m.key}: line "${line}"`).toBe(Number(loc.colIndex) - 1);
          await p.close();
          continue;
        }
        expect(info.tag, `${m.report_id} ${m.key} ${m.locator_json}`).toMatch(/^T[DH]$/);
        htmlCells++;
        // the marked cell lies in the row of its row label and under its column label
        const box = await hl.evaluate((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; });
        const cells = await f.locator('td, th').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { text: e.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height }; }));
        const sameRow = cells.filter((c) => matchKey(c.text) === matchKey(loc.row) && c.y < box.y + box.height - 1 && c.y + c.h > box.y + 1);
        const sameCol = cells.filter((c) => matchKey(c.text) === matchKey(loc.column) && c.x < box.x + box.width - 1 && c.x + c.w > box.x + 1);
        expect(sameRow.length, `${m.report_id} ${m.key}: row label "${loc.row}" beside the marked cell`).toBeGreaterThan(0);
        expect(sameCol.length, `${m.report_id} ${m.key}: column label "${loc.column}" above the marked cell`).toBeGreaterThan(0);
      } else {
        expect(matchKey(await hl.textContent() ?? '')).toBe(matchKey(m.raw));
        const sentence = (await f.locator('mark.ogi-sentence').allTextContents()).join('');
        expect(matchKey(sentence)).toBe(matchKey(loc.sentence));
      }
      await p.close();
    }
    expect(htmlCells, 'sampled values in <table> cells').toBeGreaterThanOrEqual(1);
  }, 120_000);

  it("never runs an archived page's script and fetches nothing it names", async () => {
    const before = requests.length;
    const p = await open(`/report?id=${encodeURIComponent(HOSTILE_ID)}`);
    const f = await snapshotFrame(p);
    await p.waitForTimeout(500);
    expect(await f.locator('#ogi-hl').textContent()).toBe('申请42件');
    expect(await f.title()).not.toBe('SCRIPT-RAN');
    expect(f.url()).toContain('/snapshot/');
    const mine = requests.slice(before);
    expect(mine.some((u) => /pwned|evil/.test(u)), mine.join('\n')).toBe(false);
    const csp = (await p.request.get(f.url())).headers()['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(await p.locator('iframe.snapshot').getAttribute('sandbox')).toBe('');
    await p.close();
  }, 60_000);

  it('shows coverage with the failed site, a trend chart and search hits linked to the marked source', async () => {
    const p = await open('/coverage');
    const failed = p.locator('tr[data-site="langfang"] td[data-state="failed"]');
    expect(await failed.count()).toBeGreaterThan(0);
    expect(await failed.first().getAttribute('title')).toMatch(/site failed/);
    expect(await p.locator('tr[data-site="jiangmen"] td[data-state="found"]').count()).toBeGreaterThan(3);
    const t = await open(`/trends?region=${encodeURIComponent('江门市')}`);
    await t.waitForSelector('#chart[data-rendered] canvas');
    expect(Number(await t.locator('#chart').getAttribute('data-rendered'))).toBeGreaterThan(3);
    const s = await open(`/search?q=${encodeURIComponent('诉讼')}`);
    const hits = s.locator('a.hit');
    expect(await hits.count()).toBeGreaterThan(3);
    await hits.first().click();
    const f = await snapshotFrame(s);
    expect(await f.locator('#ogi-hl').textContent()).toContain('诉讼');
    await p.close(); await t.close(); await s.close();
  }, 60_000);

  it('no request left 127.0.0.1, and every request was for the app itself', () => {
    expect(requests.length).toBeGreaterThan(10);
    for (const u of requests) {
      const url = new URL(u);
      expect(url.hostname, u).toBe('127.0.0.1');
      expect(url.port, u).toBe(String(served.port));
      expect(url.pathname, u).toMatch(/^\/(reports|report|snapshot\/[0-9a-f]{64}|assets\/(uPlot\.iife\.min\.js|uPlot\.min\.css|trends\.js|report\.js)|coverage|trends|search|favicon\.ico)$/);
    }
  });
});
