// The codebook and Datasette readiness (migration 010, ogi export): datapackage.json describes
// every exported column with a type; counts are integers in SQLite; every metric key has one
// unit; NULLs say why; every report carries fetched_at and its URL; "decided" and "share granted"
// use one denominator; Datasette's and sqlite-utils' FTS detection find the index and their
// search returns only matching rows; the any-length canned query finds what `ogi search` finds.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive, type DB } from '../../src/archive/db.js';
import { exportArchive } from '../../src/archive/export.js';
import { searchReports } from '../../src/archive/search.js';
import { buildFixture, type Fixture } from './fixture.js';
import { runCli } from './cli.js';

let fx: Fixture;
let db: DB;
beforeAll(() => {
  fx = buildFixture();
  // a value the report has a place for but does not give: a "/" cell
  const rec = (fx.db.prepare(`SELECT record_id FROM report_records WHERE report_id = '安庆市人民政府 2022'`).get() as { record_id: number }).record_id;
  fx.db.prepare(`INSERT INTO metrics(record_id, key, value, unit, raw, flags, source_type, locator_json) VALUES (?, 'requests.not_processed.petition.total', NULL, NULL, '/', 'not_applicable', 'table', '{}')`).run(rec);
  // a money figure read without a stated unit (元 or 万元): NULL, its digits kept (extractor 1.3.0)
  fx.db.prepare(`DELETE FROM metrics WHERE record_id = ? AND key = 'proactive.fees.amount_yuan'`).run(rec);
  fx.db.prepare(`INSERT INTO metrics(record_id, key, value, unit, raw, flags, source_type, locator_json) VALUES (?, 'proactive.fees.amount_yuan', NULL, NULL, '12.35', 'uncertain_unit', 'table', '{}')`).run(rec);
  db = openArchive(fx.file, { readonly: true });
});

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import sqlite3'], { stdio: 'ignore' }).status === 0);
const sqliteUtils = ['/usr/bin/sqlite-utils'].find((p) => existsSync(p));

describe('codebook (migration 010)', () => {
  it('stores whole numbers as integers and gives every key one unit', () => {
    const types = db.prepare(`SELECT typeof(value) AS t, COUNT(*) AS n FROM metrics WHERE value IS NOT NULL GROUP BY 1`).all() as Array<{ t: string; n: number }>;
    expect(types.map((t) => t.t)).toEqual(['integer']);
    expect(db.prepare(`SELECT key FROM metric_values GROUP BY key HAVING COUNT(DISTINCT unit) > 1`).all()).toEqual([]);
    const units = new Set((db.prepare('SELECT unit FROM codebook_units').all() as Array<{ unit: string }>).map((u) => u.unit));
    for (const r of db.prepare('SELECT DISTINCT unit FROM metric_values').all() as Array<{ unit: string }>) expect(units.has(r.unit), r.unit).toBe(true);
    expect((db.prepare(`SELECT unit FROM metric_keys WHERE key = 'fees.amount_yuan'`).get() as { unit: string }).unit).toBe('yuan');
    expect((db.prepare(`SELECT unit FROM metric_keys WHERE key = 'requests.new_received.total'`).get() as { unit: string }).unit).toBe('count');
    expect(db.prepare(`SELECT null_reason FROM metric_values WHERE key = 'requests.not_processed.petition.total'`).get()).toEqual({ null_reason: 'not_applicable' });
    expect(db.prepare(`SELECT value, raw, null_reason FROM metric_values WHERE report_id = '安庆市人民政府 2022' AND key = 'proactive.fees.amount_yuan'`).get()).toEqual({ value: null, raw: '12.35', null_reason: 'unit_unknown' });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM metric_values WHERE value IS NOT NULL AND null_reason IS NOT NULL`).get()).toEqual({ n: 0 });
  });

  it('harmonises decided across formats and shares granted over it', () => {
    const h: Record<string, Record<string, unknown>> = Object.fromEntries((db.prepare(`SELECT * FROM report_harmonised`).all() as Array<Record<string, unknown>>).map((r) => [r.report_id, r]));
    expect(h['安庆市人民政府 2022']).toMatchObject({ decided: 115, decided_key: 'requests.processed.total', granted: 80, share_granted: Math.round(80 / 115 * 1e4) / 1e4, share_granted_or_partial: Math.round(90 / 115 * 1e4) / 1e4 });
    expect(h['鞍山市人民政府 2019']).toMatchObject({ format: 'pre2019', decided: 38, decided_key: 'requests.answered.total' });
    for (const r of Object.values(h)) {
      expect(r.fetched_at, String(r.report_id)).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(r.url).toBeTruthy();
      if (r.share_granted !== null) expect(Number(r.share_granted)).toBeLessThanOrEqual(1);
    }
  });

  it('writes datapackage.json describing every exported column, and metadata.json for Datasette', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ogi-cb-'));
    const r = await runCli(['export', '--out', out, '--datasette', '--storage', fx.dir]);
    expect(r.error).toBeUndefined();
    const dp = JSON.parse(readFileSync(join(out, 'datapackage.json'), 'utf8'));
    expect(dp.profile).toBe('tabular-data-package');
    expect(dp.resources.map((x: { path: string }) => x.path)).toEqual(['reports.csv', 'metrics.csv']);
    for (const res of dp.resources) {
      const header = readFileSync(join(out, res.path), 'utf8').slice(1).split('\r\n')[0].split(',');
      expect(res.schema.fields.map((f: { name: string }) => f.name)).toEqual(header);
      for (const f of res.schema.fields) {
        expect(f.description, `${res.name}.${f.name}`).not.toBe('');
        expect(['integer', 'number', 'string', 'datetime']).toContain(f.type);
      }
    }
    const field = (res: string, name: string) => dp.resources.find((x: { name: string }) => x.name === res).schema.fields.find((f: { name: string }) => f.name === name);
    expect(field('reports', 'requests_received')).toMatchObject({ type: 'integer', unit: 'count' });
    expect(field('reports', 'share_granted')).toMatchObject({ type: 'number' });
    expect(field('reports', 'fetched_at')).toMatchObject({ type: 'datetime' });
    expect(field('reports', 'url').type).toBe('string');
    expect(field('metrics', 'null_reason').description).toMatch(/not_printed/);
    expect(field('metrics', 'key').constraints.enum).toContain('requests.new_received.total');
    const keys = dp.codebook.metrics.map((m: { key: string }) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(dp.codebook.metrics.find((m: { key: string }) => m.key === 'requests.new_received.total')).toMatchObject({ unit: 'count', label_zh: 'new_received' });
    const md = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8'));
    const d = md.databases.archive;
    expect(d.tables.report_summary.columns.requests_received).toMatch(/\[unit: count\]/);
    expect(d.tables.documents).toMatchObject({ fts_table: 'documents_fts', fts_pk: 'id' });
    expect(Object.keys(d.queries)).toEqual(expect.arrayContaining(['share_granted_by_city_year', 'failed_checks_with_sentence', 'search_text']));
    // the canned queries run as written
    for (const [name, q] of Object.entries(d.queries as Record<string, { sql: string }>)) {
      const rows = db.prepare(q.sql).all(...(q.sql.includes(':q') ? [{ q: '诉讼' }] : []));
      expect(rows.length, name).toBeGreaterThan(0);
    }
  });

  it('finds with one or two characters what `ogi search` finds (canned query search_text)', () => {
    const canned = (db.prepare(`SELECT rr.report_id FROM report_records rr JOIN documents d ON d.id = rr.document_id WHERE :q <> '' AND instr(d.main_text, :q) > 0`).all({ q: '诉讼' }) as Array<{ report_id: string }>).map((r) => r.report_id).sort();
    const ours = [...new Set(searchReports(db, ['诉讼'], { limit: 100 }).hits.filter((h) => h.is_current !== false).map((h) => `${h.issuer} ${h.year}`))].sort();
    expect(canned.length).toBeGreaterThan(1);
    expect(canned).toEqual(ours);
  });
});

describe('Datasette and sqlite-utils find the full-text index', () => {
  it.skipIf(!python)('Datasette\'s detection query finds documents_fts and its _search SQL returns only matching rows', () => {
    const script = `
import sqlite3, sys, json
conn = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
def escape_fts(q):
    if q.count('"') % 2: q += '"'
    bits = [b for b in q.split() if b and b != '""']
    return " ".join('"{}"'.format(b) if not b.startswith('"') else b for b in bits)
conn.create_function("escape_fts", 1, escape_fts)
table = "documents"
detect = """select name from sqlite_master where rootpage = 0 and (
  sql like '%VIRTUAL TABLE%USING FTS%content="{table}"%'
  or sql like '%VIRTUAL TABLE%USING FTS%content=[{table}]%'
  or (tbl_name = "{table}" and sql like '%VIRTUAL TABLE%USING FTS%'))""".format(table=table)
fts = [r[0] for r in conn.execute(detect)]
term = sys.argv[2]
hits = [r[0] for r in conn.execute("select id from documents where rowid in (select rowid from [{0}] where [{0}] match escape_fts(:search)) order by id".format(fts[0]), {"search": term})] if fts else []
every = [r[0] for r in conn.execute("select id from documents order by id")]
truth = [r[0] for r in conn.execute("select id from documents where instr(main_text, ?) > 0 order by id", (term,))]
print(json.dumps({"fts": fts, "hits": hits, "all": every, "truth": truth}))
`;
    const r = JSON.parse(execFileSync(python!, ['-c', script, fx.file, '行政诉讼'], { encoding: 'utf8' }));
    expect(r.fts).toEqual(['documents_fts']);
    expect(r.hits).toEqual(r.truth);
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.length).toBeLessThan(r.all.length);
  });

  it.skipIf(!sqliteUtils)('sqlite-utils search uses it (Debian sqlite-utils)', () => {
    const out = execFileSync(sqliteUtils!, ['search', fx.file, 'documents', '行政诉讼', '-c', 'id', '--csv'], { encoding: 'utf8' });
    const ids = out.trim().split(/\r?\n/).slice(1).map(Number).sort((a, b) => a - b);
    const truth = (db.prepare(`SELECT id FROM documents WHERE instr(main_text, '行政诉讼') > 0 ORDER BY id`).all() as Array<{ id: number }>).map((x) => x.id);
    expect(ids).toEqual(truth);
  });
});
if (!python) console.log('Datasette FTS test skipped: no python3 with sqlite3');
if (!sqliteUtils) console.log('sqlite-utils test skipped: /usr/bin/sqlite-utils absent (apt-get install sqlite-utils)');
