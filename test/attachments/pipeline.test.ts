// Attachments through the whole pipeline: a portal whose list links report pages and files
// (PDF, DOCX, DOC, XLSX, a scanned PDF, a corrupted PDF, one report both as a page and as its
// PDF). Crawled, archived and extracted; every value right; the page and its PDF are one report
// with two sources; the scan is flagged needs_ocr; the corrupted file is an error for that
// snapshot only.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { crawl } from '../../src/crawl/crawler.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { extractPending } from '../../src/archive/extraction.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractAny } from '../../src/extract/any.js';
import { EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { loadGlobalConfig, validateSite, projectRoot } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { generateReport, type GenOptions } from '../../src/replay/generator/index.js';
import { tempStorage } from '../helpers/crawl.js';
import { needTool } from '../helpers/tools.js';

const FIX = join(projectRoot, 'test/fixtures/attachments');
const files: Record<string, { file: string; type: string; name: string }> = {
  '/files/pdf-2019.pdf': { file: 'pdf-2019.pdf', type: 'application/pdf', name: '2020年年度报告.pdf' },
  '/files/download.jsp?id=7': { file: 'docx-2024.docx', type: 'application/octet-stream', name: '2024年年度报告.docx' },
  '/files/doc-2020.doc': { file: 'doc-2020.doc', type: 'application/msword', name: '2020年报.doc' },
  '/files/xlsx-2022.xlsx': { file: 'xlsx-2022.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name: '2022年报表.xlsx' },
  '/files/scanned.pdf': { file: 'scanned.pdf', type: 'application/pdf', name: '扫描件.pdf' },
  '/files/corrupted.pdf': { file: 'corrupted.pdf', type: 'application/pdf', name: '损坏.pdf' },
};
const truthOf = (file: string) => JSON.parse(readFileSync(join(FIX, file.replace(/\.[a-z]+$/, '.truth.json')), 'utf8')) as { truth: { issuer: string; year: number; metrics: Record<string, number> }; options: GenOptions };

describe('attachments crawled, archived and extracted', () => {
  let srv: TestServer;
  let db: DB;
  const dir = tempStorage();
  const pdfTruth = truthOf('pdf-2019.pdf');
  // the same report as a page: generated with the options the PDF was made from
  const page = generateReport({ ...pdfTruth.options, chrome: true });

  beforeAll(async () => {
    srv = await startServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/robots.txt') return res.end('User-agent: *\nDisallow:\n');
      if (url === '/list.html') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        const links = Object.entries(files).filter(([p]) => p !== '/files/pdf-2019.pdf')
          .map(([p, f], i) => `<li><a href="${p}">${2017 + i}年政府信息公开工作年度报告（${f.name}）</a></li>`).join('');
        return res.end(`<html><body><ul><li><a href="/art/2021/2/3/r1.html">磐安县人民政府2020年政府信息公开工作年度报告</a></li>${links}</ul></body></html>`);
      }
      if (url === '/art/2021/2/3/r1.html') {
        res.writeHead(200, { 'Content-Type': page.contentType });
        const html = page.html.replace('</body>', '<p>附件：<a href="/files/pdf-2019.pdf">磐安县2020年政府信息公开工作年度报告.pdf</a></p></body>');
        return res.end(html === page.html ? page.bytes : Buffer.from(html));
      }
      const f = files[url];
      if (!f) { res.writeHead(404); return res.end(); }
      res.writeHead(200, { 'Content-Type': f.type, 'Content-Disposition': `attachment; filename="report"; filename*=UTF-8''${encodeURIComponent(f.name)}` });
      res.end(readFileSync(join(FIX, f.file)));
    });
    db = openArchive(join(dir, 'archive.sqlite'));
    const site = validateSite({ id: 'att', name: '附件测试县人民政府', region: '附件测试县', level: 'county', homepage: 'http://www.att.gov.cn/', dialect: 'linklist', start_urls: ['http://www.att.gov.cn/list.html'] }, '<test>');
    const s = await crawl({ db, storageDir: dir, sites: [site], global: loadGlobalConfig(), log: silentLogger, delayMs: 1, hostMap: () => ({ address: '127.0.0.1', port: srv.port }) });
    expect(s.status).toBe('completed');
    await extractPending(db, new SnapshotStore(dir), extractAny, EXTRACTOR_VERSION, 'crawl', s.runId);
  }, 180_000);
  afterAll(async () => { db?.close(); await srv?.close(); });

  it('archives every attachment exactly as served', () => {
    const rows = db.prepare(`SELECT url, outcome, content_type FROM fetches WHERE kind = 'attachment'`).all() as Array<{ url: string; outcome: string; content_type: string }>;
    expect(rows.map((r) => new URL(r.url).pathname + new URL(r.url).search).sort()).toEqual(Object.keys(files).sort());
    expect(rows.every((r) => r.outcome === 'ok')).toBe(true);
  });

  const noDoc = needTool('doc', 'the .doc attachment case').missing;
  it.for(['pdf-2019.pdf', 'docx-2024.docx', 'doc-2020.doc', 'xlsx-2022.xlsx'])('%s: every value right, with its source', (file, ctx) => {
    if (file.endsWith('.doc') && noDoc) return ctx.skip();
    const { truth } = truthOf(file);
    const path = Object.entries(files).find(([, f]) => f.file === file)![0];
    const rec = db.prepare(`SELECT r.id, r.source, r.issuer, r.year, r.kind FROM records r WHERE r.url = ?`).get(`http://www.att.gov.cn${path}`) as { id: number; source: string; issuer: string; year: number; kind: string };
    expect(rec.kind).toBe('report');
    expect(rec.source).toBe(`attachment:${file.split('.').pop()}`);
    expect(rec.year).toBe(truth.year);
    const got = new Map((db.prepare('SELECT key, value FROM metrics WHERE record_id = ?').all(rec.id) as Array<{ key: string; value: number }>).map((m) => [m.key, m.value]));
    const wrong = Object.entries(truth.metrics).filter(([k, v]) => got.get(k) !== v).map(([k, v]) => `${k}: want ${v} got ${got.get(k)}`);
    expect(wrong).toEqual([]);
  });

  it('keeps a report published as a page and as its PDF as one report with two sources', () => {
    const r = db.prepare(`SELECT report_id, source, sources, versions FROM report_records WHERE year = 2020 AND issuer LIKE '磐安县%'`).all() as Array<{ source: string; sources: number; versions: number }>;
    expect(r).toEqual([expect.objectContaining({ source: 'page', sources: 2, versions: 1 })]);
    const srcs = db.prepare(`SELECT source FROM report_sources WHERE year = 2020 AND issuer LIKE '磐安县%' ORDER BY source`).all() as Array<{ source: string }>;
    expect(srcs.map((s) => s.source)).toEqual(['attachment:pdf', 'page']);
  });

  it('flags a scanned PDF needs_ocr instead of an empty report, and records a corrupted PDF as an error while the run goes on', () => {
    const scan = db.prepare(`SELECT kind, reason, flags_json FROM records WHERE url LIKE '%scanned.pdf'`).get() as { kind: string; reason: string; flags_json: string };
    expect(scan.kind).not.toBe('report');
    expect(scan.reason).toMatch(/needs_ocr/);
    expect(JSON.parse(scan.flags_json)).toContain('needs_ocr');
    const bad = db.prepare(`SELECT kind, reason FROM records WHERE url LIKE '%corrupted.pdf'`).get() as { kind: string; reason: string };
    expect(bad.kind).toBe('error');
    expect(bad.reason).toMatch(/PDF/);
  });
});
