import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/load.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { runQuery } from '../../src/archive/query.js';
import { buildFixture } from './fixture.js';

const archiveMd = readFileSync(join(projectRoot, 'docs', 'archive.md'), 'utf8');
const metricsMd = readFileSync(join(projectRoot, 'docs', 'metrics.md'), 'utf8');
const examples = [...archiveMd.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1].trim());

let db: DB;
beforeAll(() => { db = openArchive(buildFixture().file, { readonly: true }); });

describe('docs/archive.md', () => {
  it('has the example queries the issue asks for', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const needle of ['requests_received', 'denied_pct', 'lawsuits', 'c.held = 0', 'report_versions', 'documents_fts MATCH', 'instr(']) {
      expect(examples.some((q) => q.includes(needle))).toBe(true);
    }
  });

  it.each(examples.map((q) => [q.split('\n')[0], q]))('runs as written and returns rows: %s', (_title, sql) => {
    const r = runQuery(db, sql);
    expect(r.rows.length).toBeGreaterThan(0);
  });

  it('gives the expected answers on the fixture', () => {
    const byStart = (s: string) => examples.find((q) => q.startsWith(s))!;
    expect(runQuery(db, byStart('SELECT region AS city')).rows).toEqual([['安庆市', 2022, 120], ['安庆市', 2023, 152], ['磐安县', 2022, 18], ['鞍山市', 2019, 40]]);
    const denied = runQuery(db, examples.find((q) => q.includes('denied_pct'))!);
    expect(denied.rows.map((r) => [r[0], r[1], r[3], r[4], r[5]])).toEqual([
      ['安庆市人民政府', 2022, 5, 115, 4.3], ['安庆市人民政府', 2023, 1, 150, 0.7], ['磐安县人民政府', 2022, 1, 18, 5.6], ['鞍山市人民政府', 2019, 3, 38, 7.9]]);
    expect(runQuery(db, byStart('SELECT year, COUNT(*) AS reports')).rows).toEqual([[2019, 1, 1, 1], [2022, 2, 2, 5], [2023, 1, 0, null]]);
    const failed = runQuery(db, examples.find((q) => q.includes('c.held = 0'))!);
    expect(failed.rows.map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
      ['安庆市人民政府 2023', 'requests.balance.total', 'requests.new_received.total', 152], ['安庆市人民政府 2023', 'requests.balance.total', 'requests.processed.total', 150]]);
    const changed = runQuery(db, examples.find((q) => q.includes('first_version'))!);
    expect(changed.rows).toEqual([['安庆市人民政府 2023', 'requests.new_received.total', 150, 152]]);
  });

  it('names every table and view of the archive', () => {
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'documents_fts_%'`).all() as Array<{ name: string }>).map((r) => r.name);
    for (const n of names) expect(archiveMd).toContain(`\`${n}\``);
  });
});

describe('docs/metrics.md', () => {
  it('lists the keys the views and the examples rely on', () => {
    const keys = new Set([...(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'report_summary'`).get() as { sql: string }).sql.matchAll(/'((?:requests|review|fees)\.[a-z_.]+)'/g)].map((m) => m[1]));
    expect(keys.size).toBeGreaterThan(8);
    for (const k of keys) {
      const [section, ...rest] = k.split('.');
      const column = rest.pop()!;
      const row = rest.join('.');
      // a key is documented either whole or as its row key plus column key in the tables
      expect(metricsMd.includes(`\`${k}\``) || (metricsMd.includes(`\`${row}\``) && metricsMd.includes(`\`${column}\``) && metricsMd.includes(`\`${section}.`))).toBe(true);
    }
  });
});
