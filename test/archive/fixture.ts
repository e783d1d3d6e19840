// A small archive built row by row for the read-side tests (query, search, export, WARC,
// docs): three issuers, a revised report (two versions), one body served under two URLs, a
// 304 sighting, a POST data call, a list page (not a report), gzip/chunked response headers,
// metrics with provenance and one failing check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive, type DB } from '../../src/archive/db.js';
import { SnapshotStore } from '../../src/store/snapshots.js';

export interface Fixture { dir: string; db: DB; store: SnapshotStore; file: string; snapshots: Record<string, string> }

export const TEXTS = {
  anqing2022: '安庆市人民政府2022年政府信息公开工作年度报告\n一、总体情况\n2022年，安庆市坚持以公开为常态，全面推进决策、执行、管理、服务、结果公开。\n二、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请120件，其中自然人100件。\n三、政府信息公开行政复议、行政诉讼情况\n行政复议5件，行政诉讼5件。',
  anqing2023v1: '安庆市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n2023年，安庆市持续深化政务公开。\n二、收到和处理政府信息公开申请情况\n本年新收申请150件。\n三、行政复议、行政诉讼情况\n行政复议3件，未发生行政诉讼。',
  anqing2023v2: '安庆市人民政府2023年政府信息公开工作年度报告（修订）\n一、总体情况\n2023年，安庆市持续深化政务公开。\n二、收到和处理政府信息公开申请情况\n本年新收申请152件。\n三、行政复议、行政诉讼情况\n行政复议3件，未发生行政诉讼。',
  panan2022: '磐安县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n磐安县围绕“中国药材之乡”建设推进基层政务公开标准化规范化。\n二、收到和处理政府信息公开申请情况\n本年新收申请18件，"全部"按时答复。\n四、存在的主要问题\n一是公开内容还不够全面，二是解读形式较为单一。',
  anshan2019: '鞍山市人民政府2019年政府信息公开工作年度报告\n一、概述\n鞍山市2019年度主动公开政府信息。\n二、依申请公开情况\n全年受理申请40件。\n三、因政府信息公开申请行政复议、提起行政诉讼的情况\n行政复议2件，行政诉讼1件，其中被依法纠错0件。',
  list: '政府信息公开年报 列表\n安庆市人民政府2023年政府信息公开工作年度报告\n行政诉讼 答复 查看更多',
} as const;

const HTML = (title: string, text: string, chrome = '') =>
  Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${chrome}<div class="content">${text.replace(/\n/g, '<br>')}</div></body></html>`, 'utf8');

export function buildFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-read-'));
  const file = join(dir, 'archive.sqlite');
  const db = openArchive(file);
  const store = new SnapshotStore(dir);
  const snapshots: Record<string, string> = {};

  const site = db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at) VALUES (?, ?, ?, ?, 'plain', ?, 'h', '{}', '2024-01-01T00:00:00Z')`);
  site.run('anqing', '安庆市人民政府', '安庆市', 'prefecture', 'https://www.anqing.gov.cn/');
  site.run('panan', '磐安县人民政府', '磐安县', 'county', 'http://www.panan.gov.cn/');
  site.run('anshan', '鞍山市人民政府', '鞍山市', 'prefecture', 'https://www.anshan.gov.cn/');
  const run = db.prepare(`INSERT INTO crawl_runs(id, started_at, finished_at, status, pid) VALUES (?, ?, ?, 'completed', 1)`);
  run.run(1, '2024-03-01T01:00:00.000Z', '2024-03-01T02:00:00.000Z');
  run.run(2, '2024-06-01T01:00:00.000Z', '2024-06-01T02:00:00.000Z');

  const insSnap = db.prepare(`INSERT OR IGNORE INTO snapshots(sha256, size, content_type, charset, charset_source, path, first_seen_at) VALUES (?, ?, ?, 'utf-8', 'meta', ?, ?)`);
  const snap = (name: string, bytes: Buffer, ct: string, at: string) => {
    const p = store.put(bytes);
    insSnap.run(p.sha256, bytes.length, ct, p.path, at);
    snapshots[name] = p.sha256;
    return p.sha256;
  };
  const insFetch = db.prepare(`INSERT INTO fetches(run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, status, outcome,
    request_headers_json, response_headers_json, started_at, elapsed_ms, snapshot_sha256, size, content_type, charset, etag, last_modified)
    VALUES (@run, @site, @key, @kind, @method, @url, @final, @redirects, @status, @outcome, @req, @res, @at, 120, @sha, @size, @ct, 'utf-8', @etag, NULL)`);
  const reqHeaders = (extra: Record<string, string> = {}) => JSON.stringify({
    'User-Agent': 'ogi-archive/0.1 (+https://example.org/ogi)', Accept: 'text/html,*/*;q=0.5', 'Accept-Language': 'zh-CN,zh;q=0.9', 'Accept-Encoding': 'gzip, deflate, br', ...extra,
  });
  const fetch = (o: { run: number; site: string; url: string; final?: string; sha: string | null; at: string; status?: number; outcome?: string; kind?: string; method?: string; key?: string; req?: string; res?: Record<string, string>; size?: number | null }) =>
    insFetch.run({
      run: o.run, site: o.site, key: o.key ?? null, kind: o.kind ?? 'report', method: o.method ?? 'GET', url: o.url, final: o.final ?? o.url,
      redirects: o.final ? JSON.stringify([{ url: o.url, status: 301, location: o.final }]) : '[]', status: o.status ?? 200, outcome: o.outcome ?? 'ok',
      req: o.req ?? reqHeaders(), res: JSON.stringify(o.res ?? { 'content-type': 'text/html; charset=utf-8', 'content-length': '999', 'content-encoding': 'gzip', 'transfer-encoding': 'chunked', etag: '"e1"', server: 'nginx' }),
      at: o.at, sha: o.sha, size: o.size === undefined ? null : o.size, ct: 'text/html; charset=utf-8', etag: '"e1"',
    });

  // Run 1 (March 2024).
  const a22 = snap('anqing2022', HTML('安庆 2022', TEXTS.anqing2022), 'text/html', '2024-03-01T01:00:01.000Z');
  fetch({ run: 1, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/2022nb.html', sha: a22, at: '2024-03-01T01:00:01.000Z' });
  const a23 = snap('anqing2023v1', HTML('安庆 2023', TEXTS.anqing2023v1), 'text/html', '2024-03-01T01:00:03.000Z');
  fetch({ run: 1, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/2023nb.html', sha: a23, at: '2024-03-01T01:00:03.000Z' });
  const p22 = snap('panan2022', HTML('磐安 2022', TEXTS.panan2022), 'text/html', '2024-03-01T01:00:05.000Z');
  fetch({ run: 1, site: 'panan', url: 'http://www.panan.gov.cn/art/2023/1/10/art_1229_1.html', final: 'https://www.panan.gov.cn/art/2023/1/10/art_1229_1.html', sha: p22, at: '2024-03-01T01:00:05.000Z' });
  // the same bytes on a department mirror: one snapshot, a second sighting under another URL
  fetch({ run: 1, site: 'panan', url: 'http://tjj.panan.gov.cn/art/2023/1/10/art_9_1.html', sha: p22, at: '2024-03-01T01:00:07.000Z' });
  const s19 = snap('anshan2019', HTML('鞍山 2019', TEXTS.anshan2019), 'text/html', '2024-03-01T01:00:09.000Z');
  db.prepare(`INSERT INTO frontier(run_id, key, site_id, url, method, body, kind, state, seq) VALUES (1, 'k-post', 'anshan', 'https://www.anshan.gov.cn/api/nb', 'POST', 'year=2019&type=nb', 'data', 'done', 1)`).run();
  fetch({ run: 1, site: 'anshan', url: 'https://www.anshan.gov.cn/api/nb', sha: s19, at: '2024-03-01T01:00:09.000Z', method: 'POST', key: 'k-post', kind: 'data',
    req: reqHeaders({ 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8', 'Content-Length': '17' }), res: { 'content-type': 'text/html; charset=utf-8', 'content-length': String(HTML('鞍山 2019', TEXTS.anshan2019).length) } });
  const list = snap('list', HTML('列表', TEXTS.list), 'text/html', '2024-03-01T01:00:11.000Z');
  fetch({ run: 1, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/nb/index.html', sha: list, at: '2024-03-01T01:00:11.000Z', kind: 'list' });
  fetch({ run: 1, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/missing.html', sha: null, at: '2024-03-01T01:00:13.000Z', status: 404, outcome: 'http_error' });

  // Run 2 (June 2024): 2022 unchanged (304), 2023 revised (new bytes, new text).
  fetch({ run: 2, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/2022nb.html', sha: a22, at: '2024-06-01T01:00:01.000Z', status: 304, outcome: 'not_modified',
    req: reqHeaders({ 'If-None-Match': '"e1"' }), res: { etag: '"e1"', server: 'nginx' } });
  const a23b = snap('anqing2023v2', HTML('安庆 2023', TEXTS.anqing2023v2, '<p>浏览次数：88</p>'), 'text/html', '2024-06-01T01:00:03.000Z');
  fetch({ run: 2, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/2023nb.html', sha: a23b, at: '2024-06-01T01:00:03.000Z' });

  // Extraction: run 1 after crawl 1, run 2 after crawl 2.
  const xr = db.prepare(`INSERT INTO extraction_runs(id, extractor_version, trigger, crawl_run_id, started_at, finished_at, status) VALUES (?, 'x1', 'crawl', ?, ?, ?, 'completed')`);
  xr.run(1, 1, '2024-03-01T02:00:00Z', '2024-03-01T02:01:00Z');
  xr.run(2, 2, '2024-06-01T02:00:00Z', '2024-06-01T02:01:00Z');
  const insDoc = db.prepare(`INSERT INTO documents(text_hash, kind, main_text, first_seen_at) VALUES (?, ?, ?, ?)`);
  const link = db.prepare(`INSERT INTO document_snapshots(document_id, snapshot_sha256, rule, extractor_version) VALUES (?, ?, 'first_text', 'x1')`);
  const insRec = db.prepare(`INSERT INTO records(extraction_run_id, extractor_version, snapshot_sha256, document_id, site_id, url, kind, reason, title, issuer, region, year, format, published_date, charset, created_at)
    VALUES (?, 'x1', ?, ?, ?, ?, ?, 'test', ?, ?, ?, ?, ?, ?, 'utf-8', '2024-03-01T02:00:30Z')`);
  const insMetric = db.prepare(`INSERT INTO metrics(record_id, key, value, unit, raw, flags, source_type, locator_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insCheck = db.prepare(`INSERT INTO checks(record_id, name, keys_json, inputs_json, expected, actual, held, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  let n = 0;
  const report = (o: { xrun: number; sha: string; text: string; kind?: string; site: string; url: string; title?: string; issuer?: string; region?: string; year?: number; format?: string; metrics?: Array<[string, number | null, string, string?]> }) => {
    const doc = Number(insDoc.run(`hash-${++n}`, o.kind ?? 'report', o.text, '2024-03-01T02:00:00Z').lastInsertRowid);
    link.run(doc, o.sha);
    const rec = Number(insRec.run(o.xrun, o.sha, doc, o.site, o.url, o.kind ?? 'report', o.title ?? null, o.issuer ?? null, o.region ?? null, o.year ?? null, o.format ?? null, o.year ? `${o.year + 1}-01-20` : null).lastInsertRowid);
    for (const [key, value, raw, flags] of o.metrics ?? []) {
      insMetric.run(rec, key, value, key.startsWith('fees') ? 'yuan' : 'item', raw, flags ?? '', 'table',
        JSON.stringify({ type: 'table', table: 1, tableLabel: '收到和处理政府信息公开申请情况', row: key.split('.')[1], column: '总计', rowIndex: 1, colIndex: 7, raw }));
    }
    return rec;
  };
  const r22 = report({ xrun: 1, sha: a22, text: TEXTS.anqing2022, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/2022nb.html', title: '安庆市人民政府2022年政府信息公开工作年度报告', issuer: '安庆市人民政府', region: '安庆市', year: 2022, format: '2021',
    metrics: [['requests.new_received.total', 120, '120'], ['requests.carried_over.total', 2, '2'], ['requests.granted.total', 80, '80'], ['requests.partial.total', 10, '10'],
      ['requests.denied.state_secret.total', 2, '2'], ['requests.denied.third_party.total', 3, '3'], ['requests.denied.process_info.total', 0, '', 'blank'], ['requests.unable.not_held.total', 20, '20'],
      ['requests.processed.total', 115, '115'], ['requests.carried_forward.total', 7, '7'], ['review.reconsideration.total', 5, '5'], ['review.reconsideration.corrected', 1, '1'],
      ['review.litigation_direct.total', 4, '4'], ['review.litigation_after_reconsideration.total', 1, '1'], ['fees.amount_yuan', 0, '0']] });
  insCheck.run(r22, 'requests.balance.total', '[]', '{}', 122, 122, 1, null);
  report({ xrun: 1, sha: a23, text: TEXTS.anqing2023v1, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/2023nb.html', title: '安庆市人民政府2023年政府信息公开工作年度报告', issuer: '安庆市人民政府', region: '安庆市', year: 2023, format: '2021',
    metrics: [['requests.new_received.total', 150, '150'], ['requests.processed.total', 150, '150'], ['requests.denied.state_secret.total', 1, '1'], ['review.litigation_direct.total', 0, '0']] });
  const rp = report({ xrun: 1, sha: p22, text: TEXTS.panan2022, site: 'panan', url: 'https://www.panan.gov.cn/art/2023/1/10/art_1229_1.html', title: '磐安县人民政府2022年政府信息公开工作年度报告（"金华, 浙江"）', issuer: '磐安县人民政府', region: '磐安县', year: 2022, format: '2021',
    metrics: [['requests.new_received.total', 18, '18'], ['requests.granted.total', 12, '12'], ['requests.denied.law_forbidden.total', 1, '1'], ['requests.processed.total', 18, '18'],
      ['review.litigation_direct.total', 0, '0'], ['review.litigation_after_reconsideration.total', 0, '0']] });
  insCheck.run(rp, 'requests.balance.total', '[]', '{}', 18, 18, 1, null);
  report({ xrun: 1, sha: s19, text: TEXTS.anshan2019, site: 'anshan', url: 'https://www.anshan.gov.cn/api/nb', title: '鞍山市人民政府2019年政府信息公开工作年度报告', issuer: '鞍山市人民政府', region: '鞍山市', year: 2019, format: 'pre2019',
    metrics: [['requests.new_received.total', 40, '40'], ['requests.answered.total', 38, '38'], ['requests.denied.total', 3, '3'], ['review.reconsideration.total', 2, '2'], ['review.litigation.total', 1, '1'], ['fees.amount_yuan', 141855800, '14185.58万元']] });
  report({ xrun: 1, sha: list, text: TEXTS.list, kind: 'list', site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/nb/index.html' });
  const r23b = report({ xrun: 2, sha: a23b, text: TEXTS.anqing2023v2, site: 'anqing', url: 'https://www.anqing.gov.cn/xxgk/2023nb.html', title: '安庆市人民政府2023年政府信息公开工作年度报告（修订）', issuer: '安庆市人民政府', region: '安庆市', year: 2023, format: '2021',
    metrics: [['requests.new_received.total', 152, '152'], ['requests.carried_over.total', 5, '5'], ['requests.processed.total', 150, '150', 'check_failed'], ['requests.denied.state_secret.total', 1, '1'], ['review.litigation_direct.total', 0, '0']] });
  insCheck.run(r23b, 'requests.balance.total', '["requests.new_received.total","requests.processed.total"]', '{"requests.new_received.total":152,"requests.processed.total":150}', 152, 150, 0, 'received + carried over ≠ processed + carried forward');
  return { dir, db, store, file, snapshots };
}
