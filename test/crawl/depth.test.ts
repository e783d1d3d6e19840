// The list-depth limit the operator sets (config/ogi.yaml's politeness.max_depth, or a site's
// own) is the one the dialects follow: a portal with endless pagination is read exactly that
// many list pages deep, not to a dialect's own fallback.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { crawl } from '../../src/crawl/crawler.js';
import { openArchive } from '../../src/archive/db.js';
import { loadGlobalConfig, validateSite } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { tempStorage } from '../helpers/crawl.js';

describe('max_depth reaches the dialects', () => {
  let srv: TestServer;
  beforeAll(async () => {
    // list page N links one new report and 下一页 → N+1, forever
    srv = await startServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/robots.txt') return res.end('User-agent: *\nDisallow:\n');
      const list = /^\/col\/list_(\d+)\.html$/.exec(url);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      if (list) {
        const n = Number(list[1]);
        return res.end(`<html><body><ul><li><a href="/art/r${n}.html">第${n}号 政府信息公开工作年度报告</a></li></ul><a href="/col/list_${n + 1}.html">下一页</a></body></html>`);
      }
      res.end('<html><body><h1>年度报告</h1></body></html>');
    });
  });
  afterAll(async () => { await srv?.close(); });

  const listDepth = async (globalDepth: number, siteDepth?: number) => {
    const dir = tempStorage();
    const db = openArchive(join(dir, 'archive.sqlite'));
    const global = loadGlobalConfig();
    global.politeness.max_depth = globalDepth;
    global.politeness.max_barren_lists = 1000;
    const site = validateSite({
      id: 'deep', name: '深县人民政府', region: '深县', level: 'county', homepage: 'http://www.deep.gov.cn/', dialect: 'linklist',
      start_urls: ['http://www.deep.gov.cn/col/list_0.html'], ...(siteDepth === undefined ? {} : { politeness: { max_depth: siteDepth } }),
    }, '<test>');
    const s = await crawl({ db, storageDir: dir, sites: [site], global, log: silentLogger, delayMs: 0, hostMap: () => ({ address: '127.0.0.1', port: srv.port }) });
    expect(s.status).toBe('completed');
    const n = (db.prepare(`SELECT MAX(CAST(substr(url, instr(url, '/list_') + 6) AS INTEGER)) AS n FROM fetches WHERE kind = 'list' AND outcome = 'ok'`).get() as { n: number }).n;
    db.close();
    return n;
  };

  it('the global max_depth, above the linklist dialect\'s own fallback of 10', async () => {
    expect(await listDepth(14)).toBe(14);
  }, 120_000);

  it('a site\'s own max_depth wins over the global one', async () => {
    expect(await listDepth(14, 3)).toBe(3);
  }, 120_000);
});
