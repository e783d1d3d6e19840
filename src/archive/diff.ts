// Owns comparing two extraction runs: every value that changed, appeared or disappeared, over
// the snapshots both runs read (snapshots only one run read are counted apart).
import type { DB } from './db.js';

export interface ValueChange { change: 'changed' | 'appeared' | 'disappeared'; snapshot: string; url: string | null; issuer: string | null; year: number | null; key: string; before: string | null; after: string | null }
export interface RunDiff { runA: number; runB: number; versionA: string; versionB: string; compared: number; onlyA: number; onlyB: number; changes: ValueChange[] }

interface Row { sha: string; url: string | null; issuer: string | null; year: number | null; key: string | null; value: number | null; flags: string | null; kind: string }

function valuesOf(db: DB, run: number): Map<string, { row: Row; values: Map<string, string> }> {
  const rows = db.prepare(`SELECT r.snapshot_sha256 AS sha, r.url, r.issuer, r.year, r.kind, m.key, m.value, m.flags
    FROM records r LEFT JOIN metrics m ON m.record_id = r.id WHERE r.extraction_run_id = ? ORDER BY m.id`).all(run) as Row[];
  const out = new Map<string, { row: Row; values: Map<string, string> }>();
  for (const r of rows) {
    const e = out.get(r.sha) ?? out.set(r.sha, { row: r, values: new Map() }).get(r.sha)!;
    if (r.key === null) continue;
    const shown = `${r.value === null ? 'null' : r.value}${r.flags ? ` [${r.flags}]` : ''}`;
    let k = r.key;
    for (let i = 2; e.values.has(k); i++) k = `${r.key}#${i}`;
    e.values.set(k, shown);
  }
  return out;
}

export function diffRuns(db: DB, runA: number, runB: number): RunDiff {
  const version = (id: number) => {
    const r = db.prepare('SELECT extractor_version FROM extraction_runs WHERE id = ?').get(id) as { extractor_version: string } | undefined;
    if (!r) throw new Error(`no extraction run ${id} (see \`ogi query "SELECT * FROM extraction_runs"\`)`);
    return r.extractor_version;
  };
  const d: RunDiff = { runA, runB, versionA: version(runA), versionB: version(runB), compared: 0, onlyA: 0, onlyB: 0, changes: [] };
  const a = valuesOf(db, runA), b = valuesOf(db, runB);
  for (const sha of a.keys()) if (!b.has(sha)) d.onlyA++;
  for (const [sha, eb] of b) {
    const ea = a.get(sha);
    if (!ea) { d.onlyB++; continue; }
    d.compared++;
    const ctx = { snapshot: sha, url: eb.row.url, issuer: eb.row.issuer ?? ea.row.issuer, year: eb.row.year ?? ea.row.year };
    for (const [k, va] of ea.values) {
      const vb = eb.values.get(k);
      if (vb === undefined) d.changes.push({ change: 'disappeared', ...ctx, key: k, before: va, after: null });
      else if (vb !== va) d.changes.push({ change: 'changed', ...ctx, key: k, before: va, after: vb });
    }
    for (const [k, vb] of eb.values) if (!ea.values.has(k)) d.changes.push({ change: 'appeared', ...ctx, key: k, before: null, after: vb });
  }
  return d;
}
