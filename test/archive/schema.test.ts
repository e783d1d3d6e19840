import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../src/archive/db.js';
import { schemaDocs, formatSchema, rawDdl, splitStatements } from '../../src/archive/schemaDoc.js';
import { buildFixture } from './fixture.js';
import { runCli } from './cli.js';

const objects = (db: Database.Database) =>
  (db.prepare(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as Array<{ type: string; name: string }>).map((r) => `${r.type} ${r.name}`);

describe('ogi schema', () => {
  it('documents every table and view of the archive, from the migrations\' comments', () => {
    const mem = new Database(':memory:');
    migrate(mem);
    const names = (mem.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'documents_fts_%'`).all() as Array<{ name: string }>).map((r) => r.name);
    const docs = schemaDocs();
    expect(docs.map((d) => d.name).sort()).toEqual([...names].sort());
    for (const d of docs) {
      expect(d.doc, d.name).not.toBe('');
      const cols = (mem.prepare('SELECT name FROM pragma_table_info(?)').all(d.name) as Array<{ name: string }>).map((c) => c.name);
      expect(d.columns.map((c) => c.name), d.name).toEqual(cols);
    }
    const col = (t: string, c: string) => docs.find((d) => d.name === t)!.columns.find((x) => x.name === c)!;
    expect(col('records', 'year').doc).toBe('the year reported on');
    expect(col('fetches', 'outcome').doc).toMatch(/^ok \| not_modified/);
    expect(col('report_metrics', 'key').doc).toContain('docs/metrics.md'); // a view column takes the table column's description
    expect(col('report_summary', 'lawsuits').doc).toContain('review.litigation');
    expect(docs.find((d) => d.name === 'snapshots')!.doc).toMatch(/^Distinct response bodies/);
    const text = formatSchema(docs);
    expect(text).toContain('table metrics  (010_codebook.sql)');
    expect(text).toMatch(/ {4}value +NUMERIC +a whole number is stored as INTEGER; NULL when the cell held no number/);
    expect(docs.find((d) => d.name === 'metrics')!.doc).toMatch(/^Every statistic of a record/);
    mem.close();
  });

  it('splits statements, keeping a trigger whole and the comment above each', () => {
    const st = splitStatements('-- file\n\n-- the t\nCREATE TABLE t (a INT); -- x\nCREATE TRIGGER g AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n', 'f.sql');
    expect(st.map((s) => [s.comment, s.sql.split('\n')[0]])).toEqual([['the t', 'CREATE TABLE t (a INT); -- x'], ['', 'CREATE TRIGGER g AFTER INSERT ON t BEGIN']]);
  });

  it('prints the raw DDL, which rebuilds the same schema', () => {
    const fx = buildFixture();
    const ddl = rawDdl(fx.db);
    expect(ddl).toContain('CREATE TABLE sites (');
    expect(ddl).toContain('CREATE VIRTUAL TABLE documents_fts USING fts5(main_text, content="documents", content_rowid="id", tokenize="trigram");');
    expect(ddl).not.toContain('CREATE TABLE \'documents_fts_data\'');
    const copy = new Database(':memory:');
    copy.exec(ddl);
    expect(objects(copy)).toEqual(objects(fx.db));
  });

  it('works from the command line', async () => {
    const fx = buildFixture();
    const a = await runCli(['schema', 'report_summary', 'checks', '--storage', fx.dir]);
    expect(a.error).toBeUndefined();
    expect(a.out).toContain('view report_summary');
    expect(a.out).toContain('table checks');
    expect(a.out).not.toContain('table sites');
    const s = await runCli(['schema', '--sql', '--storage', fx.dir]);
    expect(s.out).toContain('CREATE VIEW report_summary AS');
    const j = await runCli(['schema', '--json', 'records', '--storage', fx.dir]);
    expect((JSON.parse(j.out) as Array<{ name: string; columns: unknown[] }>)[0].name).toBe('records');
    const bad = await runCli(['schema', 'nope', '--storage', fx.dir]);
    expect(bad.error?.message).toMatch(/no table or view named nope/);
  });
});
