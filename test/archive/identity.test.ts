import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { openArchive } from '../../src/archive/db.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractSnapshots, startExtractionRun, type SnapshotJob } from '../../src/archive/extraction.js';
import { issuerIdentity } from '../../src/documents/identity.js';
import { documentHash } from '../../src/documents/text.js';
import type { ExtractResult } from '../../src/extract/types.js';
import { tempStorage } from '../helpers/crawl.js';

const page = (code: string | null, siteCode: string, body: string) =>
  `<html><head><meta name="SiteIDCode" content="${siteCode}"></head><body>${code ? `<td>索引号：</td><td>${code}/2021-00012</td>` : ''}<div>${body}</div></body></html>`;

describe('issuer identity', () => {
  it('reads the publisher code of 索引号 and the SiteIDCode', () => {
    expect(issuerIdentity('示例县 人民政府', page('113307270631468253', '3307270001', 'x'))).toEqual({ issuer_key: '示例县人民政府', publisher_code: '113307270631468253', site_code: '3307270001' });
    expect(issuerIdentity('示例县人民政府', '<p>索引号:003130339/2018-01234</p>').publisher_code).toBe('003130339');
  });

  it('ignores portal metadata lines in the document text', () => {
    expect(documentHash('标题\n发布时间：2021-01-01 浏览次数：12\n正文')).toBe(documentHash('标题\n正文\n【打印】【关闭】'));
    expect(documentHash('标题\n正文一')).not.toBe(documentHash('标题\n正文二'));
  });

  it('never merges reports of different publishers, even with the same text; a page without code joins the one known code', async () => {
    const dir = tempStorage();
    const db = openArchive(join(dir, 'archive.sqlite'));
    const store = new SnapshotStore(dir);
    db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES ('s', 'x', 'x', 'county', 'linklist', 'http://x.gov.cn/', 'h', '{}', 'now')`).run();
    db.prepare(`INSERT INTO crawl_runs(id, started_at, status) VALUES (1, 'now', 'completed')`).run();
    const text = '示例县人民政府2021年政府信息公开工作年度报告\n本年新收政府信息公开申请12件';
    const pages = [page('111111111111111111', 'A1', text), page('222222222222222222', 'B2', text), page(null, 'C3', text)];
    const jobs: SnapshotJob[] = pages.map((p, i) => {
      const put = store.put(Buffer.from(p));
      db.prepare(`INSERT INTO snapshots(sha256, size, path, first_seen_at) VALUES (?, ?, ?, 'now')`).run(put.sha256, p.length, put.path);
      db.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, outcome, started_at, snapshot_sha256) VALUES (1, 's', 'report', 'GET', ?, 'ok', ?, ?)`).run(`http://x.gov.cn/${i}.html`, `2022-01-0${i + 1}`, put.sha256);
      return { sha256: put.sha256, url: `http://x.gov.cn/${i}.html`, siteId: 's', contentType: 'text/html', fetchedAt: null, charsetOverride: null };
    });
    const fake = (): ExtractResult => ({ kind: 'report', reason: 'test', charset: 'utf-8', mainText: text, record: { title: 't', issuer: '示例县人民政府', region: '示例县', year: 2021, format: '2021', published_date: null, metrics: [], checks: [], flags: [] } });
    // two publishers only: two reports, each with one version, although the text is the same
    await extractSnapshots(db, store, startExtractionRun(db, 'v', 'import'), 'v', jobs.slice(0, 2), fake);
    expect(db.prepare('SELECT issuer_key, versions FROM report_records ORDER BY issuer_key').all()).toEqual([
      { issuer_key: '示例县人民政府#111111111111111111', versions: 1 },
      { issuer_key: '示例县人民政府#222222222222222222', versions: 1 },
    ]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n).toBe(1);
    // a page without 索引号 stays apart while two codes are known for that name and year
    await extractSnapshots(db, store, startExtractionRun(db, 'v', 'import'), 'v', jobs.slice(2), fake);
    expect((db.prepare('SELECT COUNT(*) AS n FROM report_records').get() as { n: number }).n).toBe(3);
    db.close();
  });
});
