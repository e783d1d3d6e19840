import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive, type DB } from '../../src/archive/db.js';
import { exportArchive, reportsSql, METRICS_SQL } from '../../src/archive/export.js';
import { buildFixture, type Fixture } from './fixture.js';
import { runCli } from './cli.js';
import { parseCsv } from '../helpers/csv.js';

let fx: Fixture;
let db: DB;
beforeAll(() => { fx = buildFixture(); db = openArchive(fx.file, { readonly: true }); });


const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

describe('ogi export', () => {
  it('writes reports.csv and metrics.csv that round-trip Chinese, commas, quotes and JSON', () => {
    const out = mkdtempSync(join(tmpdir(), 'ogi-exp-'));
    const files = exportArchive(db, out, 'csv');
    expect(files.map((f) => f.path)).toEqual([join(out, 'reports.csv'), join(out, 'metrics.csv'), join(out, 'datapackage.json')]);
    for (const [file, sql] of [['reports.csv', reportsSql(db)], ['metrics.csv', METRICS_SQL]] as const) {
      const bytes = readFileSync(join(out, file));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const parsed = parseCsv(bytes.subarray(3).toString('utf8'));
      const stmt = db.prepare(sql);
      const expected = [stmt.columns().map((c) => c.name), ...(stmt.raw(true).all() as unknown[][]).map((r) => r.map(asText))];
      expect(parsed).toEqual(expected);
      expect(files.find((f) => f.path.endsWith(file))!.rows).toBe(expected.length - 1);
    }
    const reports = parseCsv(readFileSync(join(out, 'reports.csv'), 'utf8').slice(1));
    const head = reports[0];
    const panan = reports.find((r) => r[head.indexOf('issuer')] === '磐安县人民政府')!;
    expect(panan[head.indexOf('title')]).toBe('磐安县人民政府2022年政府信息公开工作年度报告（"金华, 浙江"）');
    expect(readFileSync(join(out, 'reports.csv'), 'utf8')).toContain('"磐安县人民政府2022年政府信息公开工作年度报告（""金华, 浙江""）"');
    // one row per report: the revised 2023 report appears once, as its current version
    const a23 = reports.filter((r) => r[head.indexOf('report_id')] === '安庆市人民政府 2023');
    expect(a23).toHaveLength(1);
    expect([a23[0][head.indexOf('version')], a23[0][head.indexOf('versions')], a23[0][head.indexOf('requests_received')]]).toEqual(['2', '2', '152']);
    const metrics = parseCsv(readFileSync(join(out, 'metrics.csv'), 'utf8').slice(1));
    const mh = metrics[0];
    const fee = metrics.find((r) => r[mh.indexOf('key')] === 'fees.amount_yuan' && r[mh.indexOf('year')] === '2019')!;
    expect([fee[mh.indexOf('value')], fee[mh.indexOf('raw')]]).toEqual(['141855800', '14185.58万元']);
    expect(JSON.parse(fee[mh.indexOf('locator_json')]).tableLabel).toBe('收到和处理政府信息公开申请情况');
    for (const col of ['issuer', 'year', 'key', 'value', 'raw', 'flags', 'source_type', 'locator_json', 'snapshot_sha256', 'url', 'extractor_version']) expect(mh).toContain(col);
  });

  it('writes JSON Lines without a byte-order mark', () => {
    const out = mkdtempSync(join(tmpdir(), 'ogi-exp-'));
    exportArchive(db, out, 'jsonl');
    const text = readFileSync(join(out, 'reports.jsonl'), 'utf8');
    expect(text.charCodeAt(0)).toBe('{'.charCodeAt(0));
    const rows = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.issuer === '磐安县人民政府')!.title).toBe('磐安县人民政府2022年政府信息公开工作年度报告（"金华, 浙江"）');
    expect(rows.find((r) => r.report_id === '鞍山市人民政府 2019')!.lawsuits).toBe(1);
    const m = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(m.length).toBe((db.prepare('SELECT COUNT(*) AS n FROM report_metrics').get() as { n: number }).n);
    expect(m.find((r) => r.key === 'requests.denied.process_info.total')).toMatchObject({ value: 0, raw: '', flags: 'blank' });
  });

  it('works from the command line and refuses an unknown format', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ogi-exp-'));
    const r = await runCli(['export', '--format', 'csv', '--out', out, '--storage', fx.dir]);
    expect(r.error).toBeUndefined();
    expect(r.out).toContain(`${join(out, 'reports.csv')}  4 rows`);
    const bad = await runCli(['export', '--format', 'xlsx', '--out', out, '--storage', fx.dir]);
    expect(bad.error?.message).toMatch(/csv or jsonl/);
  });
});

import { csvField } from '../../src/archive/query.js';
describe('CSV cells from archived text', () => {
  it('never start with a formula a spreadsheet would run, and numbers stay numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1 call')).toBe("'+1 call");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField(-3)).toBe('-3');
    expect(csvField('-3')).toBe('-3');
    expect(csvField('磐安县')).toBe('磐安县');
  });
});
