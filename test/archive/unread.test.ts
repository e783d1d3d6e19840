// The archive shows what the extractor dropped: pages fetched as reports, titled like one, that
// were not read as reports (with the reason), and pages whose extraction failed (view
// unread_reports, migration 009). Reports, lists and notices stay out of it.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { openArchive } from '../../src/archive/db.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractSnapshots, startExtractionRun, type SnapshotJob } from '../../src/archive/extraction.js';
import { extract } from '../../src/extract/index.js';
import { tempStorage } from '../helpers/crawl.js';

const html = (title: string, body: string) => `<html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

describe('unread_reports', () => {
  it('lists pages titled like reports that were not read, and failed extractions, with the reason', async () => {
    const dir = tempStorage();
    const db = openArchive(join(dir, 'archive.sqlite'));
    const store = new SnapshotStore(dir);
    db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES ('s', 'x', 'x', 'county', 'linklist', 'http://x.gov.cn/', 'h', '{}', 'now')`).run();
    db.prepare(`INSERT INTO crawl_runs(id, started_at, status) VALUES (1, 'now', 'completed')`).run();
    const pages: Array<[string, string]> = [
      // a report: not listed
      ['report', html('示例县人民政府2015年政府信息公开工作年度报告', '<p>一、概述</p><p>2015年，全县共受理政府信息公开申请12件，均已按时答复。</p>')],
      // titled like a report, but the page holds only a picture: listed
      ['empty', html('示例县人民政府2016年政府信息公开工作年度报告', '<p><img src="a.jpg"></p><p>附件：<a href="a.pdf">点击下载</a></p>')],
      // a notice about the reports: not listed
      ['notice', html('关于做好2016年度政府信息公开工作年度报告编制工作的通知', '<p>各乡镇人民政府，县直各单位：现将有关事项通知如下。</p>')],
      // extraction fails: listed
      ['broken', html('x', '<p>x</p>')],
    ];
    const jobs: SnapshotJob[] = pages.map(([name, p]) => {
      const put = store.put(Buffer.from(p));
      db.prepare(`INSERT INTO snapshots(sha256, size, path, first_seen_at) VALUES (?, ?, ?, 'now')`).run(put.sha256, p.length, put.path);
      db.prepare(`INSERT INTO fetches(run_id, site_id, kind, method, url, outcome, started_at, snapshot_sha256) VALUES (1, 's', 'report', 'GET', ?, 'ok', '2017-01-05T00:00:00Z', ?)`).run(`http://x.gov.cn/${name}.html`, put.sha256);
      return { sha256: put.sha256, url: `http://x.gov.cn/${name}.html`, siteId: 's', contentType: 'text/html; charset=utf-8', fetchedAt: null, charsetOverride: null };
    });
    const extractor = (input: Parameters<typeof extract>[0]) => {
      if (input.url?.includes('broken')) throw new Error('boom');
      return extract(input);
    };
    await extractSnapshots(db, store, startExtractionRun(db, 'v', 'import'), 'v', jobs, extractor);
    const rows = db.prepare('SELECT url, title, kind, reason, first_fetched_at FROM unread_reports ORDER BY url').all() as Array<Record<string, string>>;
    expect(rows.map((r) => [r.url, r.kind])).toEqual([['http://x.gov.cn/broken.html', 'error'], ['http://x.gov.cn/empty.html', 'other']]);
    expect(rows[1].title).toBe('示例县人民政府2016年政府信息公开工作年度报告');
    expect(rows[1].reason).toMatch(/no report content/);
    expect(rows[0].reason).toMatch(/boom/);
    expect(rows[1].first_fetched_at).toBe('2017-01-05T00:00:00Z');
    expect((db.prepare(`SELECT COUNT(*) AS n FROM report_records`).get() as { n: number }).n).toBe(1);
    db.close();
  });
});
