import { describe, it, expect, beforeAll } from 'vitest';
import { openArchive } from '../../src/archive/db.js';
import { runQuery, formatTable, formatCsv, formatJson, displayWidth, QueryError } from '../../src/archive/query.js';
import { buildFixture, type Fixture } from './fixture.js';
import { runCli } from './cli.js';

let fx: Fixture;
beforeAll(() => { fx = buildFixture(); });

describe('ogi query: read-only SQL', () => {
  it('runs SELECT, WITH, VALUES, EXPLAIN and reading pragmas', () => {
    const db = openArchive(fx.file, { readonly: true });
    expect(runQuery(db, 'SELECT issuer, year FROM report_summary WHERE region = ? ORDER BY year', ['安庆市']).rows).toEqual([['安庆市人民政府', 2022], ['安庆市人民政府', 2023]]);
    expect(runQuery(db, '-- comment\nWITH x AS (SELECT 2 AS n) SELECT n FROM x;').rows).toEqual([[2]]);
    expect(runQuery(db, 'VALUES (1, 2)').rows).toEqual([[1, 2]]);
    expect(runQuery(db, 'EXPLAIN QUERY PLAN SELECT * FROM records WHERE issuer = 1').rows.length).toBeGreaterThan(0);
    expect(runQuery(db, 'PRAGMA table_info(records)').rows.map((r) => r[1])).toContain('issuer');
    expect(runQuery(db, 'pragma user_version').columns).toEqual(['user_version']);
    db.close();
  });

  it.each([
    ['DELETE FROM sites', /DELETE is not allowed/],
    ['UPDATE sites SET name = 1', /UPDATE is not allowed/],
    ["ATTACH DATABASE '/tmp/x.sqlite' AS x", /ATTACH is not allowed/],
    ["INSERT INTO sites(id) VALUES ('x')", /INSERT is not allowed/],
    ['DROP TABLE sites', /DROP is not allowed/],
    ['WITH x AS (SELECT 1) DELETE FROM sites', /would change the database/],
    ['EXPLAIN DELETE FROM sites', /would change the database/],
    ['/* hidden */ delete from sites', /DELETE is not allowed/],
    ['PRAGMA user_version = 7', /changes a setting/],
    ['PRAGMA journal_mode(delete)', /not one of the reading pragmas/],
    ['PRAGMA optimize', /not one of the reading pragmas/],
    ['SELECT 1; DELETE FROM sites', /more than one statement/],
    ['BEGIN', /BEGIN is not allowed/],
  ])('refuses %s', (sql, msg) => {
    const db = openArchive(fx.file); // even on a writable connection nothing gets through
    expect(() => runQuery(db, sql)).toThrow(msg);
    expect(() => runQuery(db, sql)).toThrow(QueryError);
    expect((db.prepare('SELECT COUNT(*) AS n FROM sites').get() as { n: number }).n).toBe(3);
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(0);
    db.close();
  });

  it('passes SQLite\'s own message for bad SQL', () => {
    const db = openArchive(fx.file, { readonly: true });
    expect(() => runQuery(db, 'SELEC 1')).toThrow('query: near "SELEC": syntax error');
    expect(() => runQuery(db, 'SELECT nope FROM sites')).toThrow('query: no such column: nope');
    expect(() => runQuery(db, '  ')).toThrow(/empty/);
    db.close();
  });

  it('aligns CJK text by display width (a Chinese character is two columns)', () => {
    expect(displayWidth('安庆市')).toBe(6);
    expect(displayWidth('ab１２')).toBe(6);
    const t = formatTable({ columns: ['issuer', 'n'], rows: [['安庆市人民政府', 120], ['abc', 5], [null, null]] });
    const lines = t.split('\n');
    expect(lines[0]).toBe('issuer            n');
    expect(lines[1]).toBe('--------------  ---');
    expect(lines[2]).toBe('安庆市人民政府  120');
    expect(lines[3]).toBe('abc               5');
    expect(lines[4]).toBe('');
    const cut = formatTable({ columns: ['t'], rows: [['一二三四五六七八九十']] }, { maxWidth: 9 });
    expect(cut.split('\n')[2]).toBe('一二三四…');
  });

  it('renders CSV and JSON', () => {
    const r = { columns: ['a', 'b', 'a'], rows: [['x,"y"', 1.5, null], ['行\n二', 2, 'z']] };
    expect(formatCsv(r)).toBe('a,b,a\r\n"x,""y""",1.5,\r\n"行\n二",2,z\r\n');
    expect(JSON.parse(formatJson(r))).toEqual([{ a: 'x,"y"', b: 1.5, 'a:2': null }, { a: '行\n二', b: 2, 'a:2': 'z' }]);
    expect(JSON.parse(formatJson({ columns: ['a'], rows: [] }))).toEqual([]);
    expect(formatCsv({ columns: ['a'], rows: [] })).toBe('a\r\n');
  });

  it('works from the command line, opening the archive read-only', async () => {
    const t = await runCli(['query', 'SELECT report_id, lawsuits FROM report_summary ORDER BY report_id', '--storage', fx.dir]);
    expect(t.error).toBeUndefined();
    expect(t.out).toContain('安庆市人民政府 2022         5');
    expect(t.out).toContain('(4 rows)');
    const c = await runCli(['query', 'SELECT issuer, year FROM report_summary WHERE year = ?', '2019', '--csv', '--storage', fx.dir]);
    expect(c.out).toBe('issuer,year\r\n鞍山市人民政府,2019\r\n');
    const j = await runCli(['query', 'SELECT COUNT(*) AS n FROM failed_checks', '--json', '--storage', fx.dir]);
    expect(JSON.parse(j.out)).toEqual([{ n: 1 }]);
    const d = await runCli(['query', 'DELETE FROM metrics', '--storage', fx.dir]);
    expect(d.error?.message).toMatch(/DELETE is not allowed/);
    const none = await runCli(['query', 'SELECT 1', '--storage', `${fx.dir}/nowhere`]);
    expect(none.error?.message).toMatch(/no archive at/);
  });
});
