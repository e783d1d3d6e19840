// pandas reads counts as integers (issue 12): an exported CSV read with the types its
// datapackage.json declares gives integer columns for every integer field, and the archive read
// with pandas.read_sql gives int64 for counts, because they are stored as INTEGER. Needs Debian's
// python3 with pandas (apt-get install python3-pandas); skipped with that reason when absent.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixture, type Fixture } from './fixture.js';
import { runCli } from './cli.js';

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import pandas, sqlite3'], { stdio: 'ignore' }).status === 0);
if (!python) console.log('pandas test skipped: no python3 with pandas (apt-get install python3-pandas)');

const SCRIPT = `
import json, sqlite3, sys
import pandas as pd
out, db = sys.argv[1], sys.argv[2]
dp = json.load(open(out + "/datapackage.json", encoding="utf-8"))
# the datapackage's types as pandas dtypes: integer -> Int64 (integers that may be missing)
to_dtype = {"integer": "Int64", "number": "float64", "string": "string"}
csv = {}
for r in dp["resources"]:
    fields = r["schema"]["fields"]
    dtypes = {f["name"]: to_dtype[f["type"]] for f in fields if f["type"] in to_dtype}
    df = pd.read_csv(out + "/" + r["path"], dtype=dtypes, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    ints = [f["name"] for f in fields if f["type"] == "integer"]
    csv[r["path"]] = {
        "rows": len(df),
        "integer_fields": ints,
        "dtypes": {c: str(df[c].dtype) for c in ints},
        # a column with no missing value converts to plain int64 without loss
        "as_int64": {c: str(df[c].astype("int64").dtype) for c in ints if not df[c].isna().any()},
    }
con = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
counts = pd.read_sql("SELECT value FROM metric_values WHERE unit IN ('count', 'item', 'person') AND value IS NOT NULL", con)
summary = pd.read_sql("SELECT year, failed_checks FROM report_summary", con)
print(json.dumps({"csv": csv, "sql_counts": str(counts["value"].dtype), "sql_count_rows": len(counts),
  "sql_summary": {c: str(summary[c].dtype) for c in summary.columns}}))
`;

describe('pandas', () => {
  let fx: Fixture;
  beforeAll(() => { fx = buildFixture(); });

  it.skipIf(!python)('reads counts as integers from the exported CSVs (with the datapackage types) and from the archive (read_sql)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ogi-pd-'));
    const r = await runCli(['export', '--out', out, '--storage', fx.dir]);
    expect(r.error, r.err).toBeUndefined();
    const res = JSON.parse(execFileSync(python!, ['-c', SCRIPT, out, fx.file], { encoding: 'utf8' })) as {
      csv: Record<string, { rows: number; integer_fields: string[]; dtypes: Record<string, string>; as_int64: Record<string, string> }>;
      sql_counts: string; sql_count_rows: number; sql_summary: Record<string, string>;
    };
    for (const path of ['reports.csv', 'metrics.csv']) {
      const c = res.csv[path];
      expect(c.rows, path).toBeGreaterThan(0);
      expect(c.integer_fields.length, path).toBeGreaterThan(0);
      for (const f of c.integer_fields) expect(c.dtypes[f], `${path} ${f}`).toBe('Int64');
      for (const [f, t] of Object.entries(c.as_int64)) expect(t, `${path} ${f}`).toBe('int64');
    }
    expect(res.csv['metrics.csv'].dtypes.value).toBe('Int64');
    expect(res.csv['reports.csv'].as_int64.year).toBe('int64');
    expect(res.sql_count_rows).toBeGreaterThan(10);
    expect(res.sql_counts).toBe('int64');
    expect(res.sql_summary).toEqual({ year: 'int64', failed_checks: 'int64' });
  }, 60_000);
});
