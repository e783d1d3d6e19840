// `ogi query` against a runaway query and hostile cells (issue 15, §4): a recursive CTE with no
// end is stopped at the time limit with a clear error (exit 2), while time spent waiting for
// the output to be taken does not count; CSV output shows control characters as visible
// symbols and JSON escapes them, so no archived text reaches a terminal raw.
import { describe, it, expect, beforeAll } from 'vitest';
import { buildFixture, type Fixture } from '../archive/fixture.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { runWatched, QueryError } from '../../src/archive/query.js';
import { EXIT } from '../../src/cli/exit.js';
import { ogi, inProcess } from './cli.js';

const RUNAWAY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = `标题\u001b]0;owned\u0007\u001b[2J\u009b31m\u007f结尾`;

describe('ogi query: time limit', () => {
  let fx: Fixture;
  let db: DB;
  beforeAll(() => { fx = buildFixture(); fx.db.close(); db = openArchive(fx.file, { readonly: true }); });

  it('a recursive CTE with no end is stopped at the limit with a clear error, and its process killed', async () => {
    const t0 = Date.now();
    let err: unknown;
    try {
      for await (const r of runWatched(db, RUNAWAY, [], { timeoutMs: 800 })) void r;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QueryError);
    expect((err as Error).message).toMatch(/stopped after 0\.8 s, its time limit \(--timeout 0\.8/);
    expect(Date.now() - t0).toBeLessThan(8000); // 0.8 s of work plus starting the query process on a loaded machine
  });

  it('the limit counts the query\'s own work, not the time its output waits to be taken', async () => {
    // 3 500 rows come in 4 batches; the reader dawdles 500 ms per batch, twice the limit in all
    const t0 = Date.now();
    let n = 0;
    for await (const r of runWatched(db, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3500) SELECT x FROM c', [], { timeoutMs: 1000 })) {
      if (++n % 1000 === 0) await new Promise((res) => setTimeout(res, 500));
      void r;
    }
    expect(n).toBe(3500);
    expect(Date.now() - t0).toBeGreaterThan(1000);
  });

  it('from the command line: exit 2 with the message; an unknown column is still SQLite\'s own error', async () => {
    const r = await ogi(['query', RUNAWAY, '--storage', fx.dir, '--timeout', '1']);
    expect(r.code, r.err).toBe(EXIT.CANNOT_RUN);
    expect(r.err).toMatch(/ogi: query: stopped after 1 s, its time limit/);
    const bad = await inProcess(['query', 'SELECT nope FROM records', '--storage', fx.dir]);
    expect(bad.error?.message).toMatch(/no such column: nope/);
    const neg = await inProcess(['query', 'SELECT 1', '--timeout', '-1', '--storage', fx.dir]);
    expect(neg.error?.message).toMatch(/--timeout must be/);
  }, 60_000);
});

describe('ogi query: control characters', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildFixture();
    fx.db.prepare(`UPDATE records SET title = ? WHERE id = (SELECT MIN(id) FROM records WHERE kind = 'report')`).run(HOSTILE);
    fx.db.close();
  });
  const sql = `SELECT title, -3 AS n FROM records WHERE title LIKE '标题%'`;

  it('--csv shows them as visible symbols, table too; --json escapes them and keeps the value exactly', async () => {
    const csv = await inProcess(['query', sql, '--csv', '--storage', fx.dir]);
    expect(csv.error).toBeUndefined();
    expect(csv.out).toContain('标题␛]0;owned␇␛[2J');
    expect(csv.out.replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
    expect(csv.out).toContain(',-3\r\n'); // numbers stay numbers
    const table = await inProcess(['query', sql, '--storage', fx.dir]);
    expect(table.out).toContain('标题␛]0;owned');
    expect(table.out).not.toMatch(CONTROL);
    const json = await inProcess(['query', sql, '--json', '--storage', fx.dir]);
    expect(json.out).not.toMatch(CONTROL);
    expect(JSON.parse(json.out)).toEqual([{ title: HOSTILE, n: -3 }]);
  });

  it('`ogi runs show` prints a site\'s note (text from the web) the same way, and its JSON escapes them', async () => {
    const db = openArchive(fx.file);
    try {
      db.prepare(`INSERT INTO crawl_run_sites(run_id, site_id, status, started_at, finished_at, parse_errors, error) VALUES (1, 'anqing', 'failed', '2024-03-01T01:00:00.000Z', '2024-03-01T01:10:00.000Z', 0, ?)`).run(`blocked: ${HOSTILE}`);
    } finally {
      db.close();
    }
    const show = await inProcess(['runs', 'show', '1', '--storage', fx.dir]);
    expect(show.error).toBeUndefined();
    expect(show.out).toContain('blocked: 标题␛]0;owned');
    expect(show.out).not.toMatch(CONTROL);
    const json = await inProcess(['runs', 'show', '1', '--json', '--storage', fx.dir]);
    expect(json.out).not.toMatch(CONTROL);
    expect(JSON.stringify(JSON.parse(json.out))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });

  it('the real command line prints no control character either (CSV)', async () => {
    const r = await ogi(['query', sql, '--csv', '--storage', fx.dir]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('结尾');
    expect(r.out.replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
  }, 60_000);
});
