import iconv from 'iconv-lite';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { httpGet } from '../helpers/http.js';

describe('portal replay server', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ seed: 7 });
  });
  afterAll(() => replay.close());

  it('serves the five seed portals and the gkmlpt example under their real hosts', async () => {
    expect(replay.hosts.sort()).toEqual(['aqxxgk.anqing.gov.cn', 'www.anqing.gov.cn', 'www.anshan.gov.cn', 'www.jiangmen.gov.cn', 'www.lf.gov.cn', 'www.panan.gov.cn', 'www.xianning.gov.cn', 'zfxxgk.lf.gov.cn', 'zwsjj.xianning.gov.cn'].sort());
    expect(replay.url).toBe(`http://127.0.0.1:${replay.port}`);
    const dialects = Object.fromEntries(replay.sites.map((s) => [s.id, s.dialect]));
    expect(dialects).toEqual({ anqing: 'anhui', anshan: 'liaoning', jiangmen: 'gkmlpt', langfang: 'gknr', panan: 'hanweb', xianning: 'trs' });
    expect(replay.sites.filter((s) => s.encoding === 'gbk').map((s) => s.id)).toEqual(['anshan']);
    for (const s of replay.sites) {
      const robots = await httpGet(replay.port, `http://${s.hosts[0]}/robots.txt`);
      expect(robots.status).toBe(200);
      expect(robots.text).toContain('Disallow: /preview/');
      const reports = replay.reports(s.id);
      expect(reports.map((r) => r.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
      for (const r of reports) {
        const page = await httpGet(replay.port, r.url);
        expect(page.status, r.url).toBe(200);
      }
    }
  });

  it('answers 404 for an unknown host and an unknown path', async () => {
    const unknown = await httpGet(replay.port, 'http://www.example.gov.cn/');
    expect(unknown.status).toBe(404);
    const missing = await httpGet(replay.port, 'http://www.panan.gov.cn/art/2021/1/1/art_1229425387_1.html');
    expect(missing.status).toBe(404);
  });

  it('answers conditional requests with 304 (ETag and Last-Modified)', async () => {
    const url = replay.reports('xianning')[3].url;
    const first = await httpGet(replay.port, url);
    const etag = first.headers.etag as string;
    const lm = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(Date.parse(lm)).toBeGreaterThan(0);
    const byTag = await httpGet(replay.port, url, { headers: { 'If-None-Match': etag } });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers.etag).toBe(etag);
    const byDate = await httpGet(replay.port, url, { headers: { 'If-Modified-Since': lm } });
    expect(byDate.status).toBe(304);
    const stale = await httpGet(replay.port, url, { headers: { 'If-None-Match': '"nope"', 'If-Modified-Since': lm } });
    expect(stale.status).toBe(200);
    const older = await httpGet(replay.port, url, { headers: { 'If-Modified-Since': new Date(Date.parse(lm) - 86_400_000).toUTCString() } });
    expect(older.status).toBe(200);
    expect(older.body.equals(first.body)).toBe(true);
  });

  it('serves the GBK site without a charset in Content-Type', async () => {
    const list = await httpGet(replay.port, 'http://www.anshan.gov.cn/search/search.ct?siteCode=ASSZF&offset=1&limit=15&searchKey=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A');
    expect(list.headers['content-type']).toBe('text/html');
    const text = iconv.decode(list.body, 'gb18030');
    expect(text).toContain('charset=gb2312');
    expect(text).toContain('鞍山市政府2023年度政府信息公开工作报告');
    expect(list.text).not.toContain('鞍山市政府2023年度政府信息公开工作报告');
    const report = await httpGet(replay.port, replay.reports('anshan')[4].url);
    expect(report.headers['content-type']).not.toMatch(/charset/i);
    expect(iconv.decode(report.body, 'gb18030')).toContain('2019');
  });

  it('answers the Hanweb data call (POST dataproxy.jsp) with the records asked for', async () => {
    const body = 'col=1&appid=1&webid=3611&path=%2F&columnid=1229419673&sourceContentType=1&unitid=6166867&webname=x&permissiontype=0';
    const r = await httpGet(replay.port, 'http://www.panan.gov.cn/module/jpage/dataproxy.jsp?startrecord=6&endrecord=50&perpage=15', { body });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/xml/);
    // The column lists the trap, the reports from 2019 and three notices; older reports sit in year sub-columns.
    expect(r.text).toMatch(/<totalrecord>9<\/totalrecord>/);
    expect((r.text.match(/<record>/g) ?? []).length).toBe(4);
    const other = await httpGet(replay.port, 'http://www.panan.gov.cn/module/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15', { body: 'columnid=1' });
    expect(other.text).toMatch(/<totalrecord>0<\/totalrecord>/);
  });

  it('serves attachments with their content type and a Chinese file name', async () => {
    const withFiles = replay.reports('panan').filter((r) => r.attachmentUrl);
    expect(withFiles.length).toBe(2);
    for (const r of withFiles) {
      const a = await httpGet(replay.port, r.attachmentUrl!);
      expect(a.status).toBe(200);
      const cd = a.headers['content-disposition'] as string;
      expect(cd).toMatch(/^attachment; filename="report-\d{4}\.(pdf|docx)"; filename\*=UTF-8''/);
      expect(decodeURIComponent(cd.split("UTF-8''")[1])).toBe(`${r.title}.${r.attachmentUrl!.endsWith('pdf') ? 'pdf' : 'docx'}`);
      if (r.attachmentUrl!.endsWith('pdf')) {
        expect(a.headers['content-type']).toBe('application/pdf');
        expect(a.body.subarray(0, 5).toString()).toBe('%PDF-');
        expect(a.body.subarray(-6).toString()).toBe('%%EOF\n');
      } else {
        expect(a.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
        expect(a.body.subarray(0, 2).toString()).toBe('PK');
      }
      const page = await httpGet(replay.port, r.url);
      expect(page.text).toContain(new URL(r.attachmentUrl!).pathname);
    }
  });

  it('records every request in its log', async () => {
    const before = replay.log.length;
    await httpGet(replay.port, 'http://www.lf.gov.cn/robots.txt', { headers: { 'User-Agent': 'ogi-archive/0.1' } });
    const e = replay.log[before];
    expect(e).toMatchObject({ host: 'www.lf.gov.cn', method: 'GET', path: '/robots.txt', status: 200 });
    expect(e.headers['user-agent']).toBe('ogi-archive/0.1');
    expect(e.tEnd).toBeGreaterThanOrEqual(e.t);
  });

  it('also works as an HTTP proxy (absolute request URLs), as a browser would use it', async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: replay.port, path: 'http://www.xianning.gov.cn/xxgk/xxgknb/city/index.shtml', headers: { Host: 'www.xianning.gov.cn' } }, (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(r.status).toBe(200);
    expect(r.body).toContain('createPageHTML(2, 0, "index", "shtml")');
  });
});

describe('portal replay controls', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await startReplay({ seed: 11, sites: ['panan', 'xianning', 'jiangmen', 'anqing'] });
  });
  afterAll(() => replay.close());

  it('is deterministic for a seed', async () => {
    const other = await startReplay({ seed: 11, sites: ['xianning'] });
    try {
      const url = replay.reports('xianning')[5].url;
      expect(other.reports('xianning')[5].url).toBe(url);
      const [a, b] = await Promise.all([httpGet(replay.port, url), httpGet(other.port, url)]);
      expect(a.body.equals(b.body)).toBe(true);
      expect(a.headers.etag).toBe(b.headers.etag);
    } finally {
      await other.close();
    }
  });

  it('setChromeVariant changes the pages, not the reports', async () => {
    const url = replay.reports('panan')[2].url;
    const before = await httpGet(replay.port, url);
    const list0 = await httpGet(replay.port, 'http://www.panan.gov.cn/col/col1229419673/index.html');
    replay.control.setChromeVariant('panan', 3);
    const after = await httpGet(replay.port, url, { headers: { 'If-None-Match': before.headers.etag as string } });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const list1 = await httpGet(replay.port, 'http://www.panan.gov.cn/col/col1229419673/index.html', { headers: { 'If-Modified-Since': list0.headers['last-modified'] as string } });
    expect(list1.status).toBe(200);
    expect(replay.reports('panan').map((r) => r.url)).toContain(url);
  });

  it('reviseReport changes one report only', async () => {
    const reports = replay.reports('xianning');
    const a0 = await httpGet(replay.port, reports[4].url);
    const b0 = await httpGet(replay.port, reports[5].url);
    replay.control.reviseReport('xianning', 4);
    const a1 = await httpGet(replay.port, reports[4].url);
    const b1 = await httpGet(replay.port, reports[5].url);
    expect(a1.body.equals(a0.body)).toBe(false);
    expect(b1.body.equals(b0.body)).toBe(true);
    expect(replay.reports('xianning')[4].url).toBe(reports[4].url);
    expect(() => replay.control.reviseReport('xianning', 99)).toThrow();
  });

  it('publishReport adds the next year to the top of the list', async () => {
    replay.control.publishReport('xianning');
    const reports = replay.reports('xianning');
    const added = reports[reports.length - 1];
    expect(added.year).toBe(2024);
    // A new year gets its own sub-column under the root, and its report is linked as the _app page.
    const root = await httpGet(replay.port, 'http://www.xianning.gov.cn/xxgk/xxgknb/');
    expect(root.text).toContain('href="2024/szbm/index.shtml"');
    const list = await httpGet(replay.port, 'http://www.xianning.gov.cn/xxgk/xxgknb/2024/szbm/index.shtml');
    expect(list.text).toContain(new URL(added.url).pathname.split('/').pop());
    expect(added.url).toMatch(/_app\.shtml$/);
    expect((await httpGet(replay.port, added.url)).status).toBe(200);
  });

  it('setRobots replaces robots.txt', async () => {
    replay.control.setRobots('jiangmen', 'User-agent: *\nDisallow: /\n');
    const r = await httpGet(replay.port, 'http://www.jiangmen.gov.cn/robots.txt');
    expect(r.text).toBe('User-agent: *\nDisallow: /\n');
  });

  it('setWall answers 412 with a script-only page everywhere, until lifted', async () => {
    replay.control.setWall('jiangmen', true);
    for (const path of ['/gkmlpt/index', '/robots.txt', '/gkmlpt/api/all/2812?page=1&sid=750001']) {
      const r = await httpGet(replay.port, `http://www.jiangmen.gov.cn${path}`);
      expect(r.status).toBe(412);
      expect(r.text).toMatch(/^<!DOCTYPE html><html><head><meta charset="utf-8"><\/head><body><script>[\s\S]*<\/script><\/body><\/html>$/);
    }
    replay.control.setWall('jiangmen', false);
    expect((await httpGet(replay.port, 'http://www.jiangmen.gov.cn/gkmlpt/index')).status).toBe(200);
  });

  it('breakLayout takes the report links out of lists (every dialect)', async () => {
    const panan = 'http://www.panan.gov.cn/col/col1229419673/index.html';
    const trs = 'http://www.xianning.gov.cn/xxgk/xxgknb/city/index.shtml';
    const api = 'http://www.jiangmen.gov.cn/gkmlpt/api/all/0?page=1&sid=750001';
    // The label call of the 年报 column, as its page writes it.
    const organ = await httpGet(replay.port, 'http://www.anqing.gov.cn/public/column/3902119?type=4&action=list&nav=3');
    const column = /href="([^"]+)">政府信息公开年报/.exec(organ.text)![1].replace(/&amp;/g, '&');
    const shellPage = await httpGet(replay.port, `http://www.anqing.gov.cn${column}`);
    const frag = `http://www.anqing.gov.cn${/\.load\('([^']+)'\)/.exec(shellPage.text)![1]}`;
    expect((await httpGet(replay.port, panan)).text).toContain('/art/');
    expect((await httpGet(replay.port, frag)).text).toContain('/public/3902119/');
    for (const id of ['panan', 'xianning', 'jiangmen', 'anqing']) replay.control.breakLayout(id, true);
    expect((await httpGet(replay.port, panan)).text).not.toContain('href="/art/');
    expect((await httpGet(replay.port, trs)).text).not.toMatch(/href="\.\/\d{6}\//);
    expect(JSON.parse((await httpGet(replay.port, api)).text).articles.every((a: { url?: string }) => a.url === undefined)).toBe(true);
    expect((await httpGet(replay.port, frag)).text).not.toContain('/public/3902119/');
    for (const id of ['panan', 'xianning', 'jiangmen', 'anqing']) replay.control.breakLayout(id, false);
    expect((await httpGet(replay.port, panan)).text).toContain('href="/art/');
  });

  it('rejects controls for unknown sites', () => {
    expect(() => replay.control.setWall('nowhere', true)).toThrow(/unknown site/);
  });
});

describe('portal replay options', () => {
  it('honours reportsPerSite, latencyMs and HEAD', async () => {
    const replay = await startReplay({ sites: ['panan', 'langfang'], reportsPerSite: 2, latencyMs: 40 });
    try {
      expect(replay.reports('panan').map((r) => r.year)).toEqual([2022, 2023]);
      const t = performance.now();
      const head = await httpGet(replay.port, replay.reports('panan')[1].url, { method: 'HEAD' });
      expect(performance.now() - t).toBeGreaterThanOrEqual(35);
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
      // The portal's column keeps the trap and three notices (one page of 5); both reports (2022,
      // 2023) are on the disclosure platform and served there.
      const home = await httpGet(replay.port, 'http://www.lf.gov.cn/');
      const column = /href="(\/Category_\d+\/)Index\.aspx">政府信息公开年报/.exec(home.text)![1];
      expect((await httpGet(replay.port, `http://www.lf.gov.cn${column}Index.aspx`)).status).toBe(200);
      expect((await httpGet(replay.port, `http://www.lf.gov.cn${column}Index_2.aspx`)).status).toBe(404);
      expect(replay.reports('langfang').map((r) => new URL(r.url).hostname)).toEqual(['zfxxgk.lf.gov.cn', 'zfxxgk.lf.gov.cn']);
      for (const r of replay.reports('langfang')) expect((await httpGet(replay.port, r.url)).status).toBe(200);
    } finally {
      await replay.close();
    }
  });

  it('refuses unknown site ids', async () => {
    await expect(startReplay({ sites: ['nowhere'] })).rejects.toThrow(/nowhere/);
  });
});
