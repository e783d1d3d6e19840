// Owns `ogi export`: the current reports (one row per report: the wide view report_summary
// plus the columns of report_records and report_harmonised it lacks: title, site, version,
// provenance, the harmonised decided count and share granted, when it was fetched)
// and their metrics (the long view metric_values: codebook unit, integer counts, null_reason,
// labels, URL and fetch time) written as two files, reports.{csv,jsonl} and
// metrics.{csv,jsonl}, with a Frictionless `datapackage.json` describing them (codebook.ts),
// and on request Datasette's `metadata.json`. CSV is RFC 4180 with CRLF line ends, UTF-8 with
// a byte-order mark so that Excel reads the Chinese; JSONL is one JSON object per line. Rows are
// streamed to a temp file that is renamed into place when complete.
import { openSync, writeSync, closeSync, renameSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hasSchemaObject, type DB } from './db.js';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { csvLine, uniqueNames, rowObject } from './query.js';
import { TypeTracker, fieldsFor, dataPackage, datasetteMetadata, type ResourceInfo } from './codebook.js';

export type ExportFormat = 'csv' | 'jsonl';

/** Reports: every column of report_summary, then the columns of report_records it lacks (title, site, version …). */
export function reportsSql(db: DB): string {
  const cols = (v: string) => (db.prepare('SELECT name FROM pragma_table_info(?)').all(v) as Array<{ name: string }>).map((c) => c.name);
  const q = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const have = new Set(cols('report_summary'));
  const extra = cols('report_records').filter((c) => !have.has(c));
  for (const c of extra) have.add(c);
  const harmonised = hasSchemaObject(db, 'report_harmonised') ? cols('report_harmonised').filter((c) => !have.has(c)) : [];
  return `SELECT s.*${extra.map((c) => `, rr.${q(c)}`).join('')}${harmonised.map((c) => `, h.${q(c)}`).join('')}
    FROM report_summary s JOIN report_records rr ON rr.report_id = s.report_id${harmonised.length ? ' LEFT JOIN report_harmonised h ON h.report_id = s.report_id' : ''}
    ORDER BY s.issuer, s.year, s.report_id`;
}


/** The metrics: the clean long view (migration 010), or report_metrics on an archive without it. */
export const METRICS_SQL = 'SELECT * FROM metric_values ORDER BY issuer, year, record_id, key';
const METRICS_SQL_OLD = 'SELECT * FROM report_metrics ORDER BY issuer, year, record_id, key';
export function metricsSql(db: DB): string {
  return hasSchemaObject(db, 'metric_values') ? METRICS_SQL : METRICS_SQL_OLD;
}

export interface ExportedFile { path: string; rows: number }

class BufferedFile {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  readonly tmp: string;
  constructor(readonly path: string) {
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, 'w');
  }
  write(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (!this.buf.length) return;
    const b = Buffer.from(this.buf.join(''), 'utf8');
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.buf = [];
    this.size = 0;
  }
  close(commit: boolean): void {
    try {
      if (commit) this.flush();
    } finally {
      closeSync(this.fd);
      if (commit) renameSync(this.tmp, this.path);
      else unlinkSync(this.tmp);
    }
  }
}

/** Writes the rows of one read-only query to a file in the format; returns how many rows. */
export function exportQuery(db: DB, sql: string, path: string, format: ExportFormat, types?: (t: TypeTracker) => void): number {
  const stmt = db.prepare(sql);
  const columns = stmt.columns().map((c) => c.name);
  const names = uniqueNames(columns);
  const tracker = new TypeTracker(names);
  const f = new BufferedFile(path);
  let n = 0;
  let ok = false;
  try {
    if (format === 'csv') f.write(`\ufeff${csvLine(columns)}`);
    for (const row of stmt.raw(true).iterate() as IterableIterator<unknown[]>) {
      f.write(format === 'csv' ? csvLine(row) : `${JSON.stringify(rowObject(names, row))}\n`);
      tracker.add(row);
      n++;
    }
    ok = true;
    types?.(tracker);
  } finally {
    f.close(ok);
  }
  return n;
}

export interface ExportOptions { /** also write Datasette's metadata.json for this archive file */ datasette?: { archiveFile: string } }

/** Exports reports and metrics into the folder (created if needed), with datapackage.json. */
export function exportArchive(db: DB, outDir: string, format: ExportFormat, opts: ExportOptions = {}): ExportedFile[] {
  if (format !== 'csv' && format !== 'jsonl') throw new Error(`export: unknown format "${String(format)}" (csv or jsonl)`);
  mkdirSync(outDir, { recursive: true });
  const files: ExportedFile[] = [];
  const resources: ResourceInfo[] = [];
  const plan = [
    ['reports', reportsSql(db), ['report_summary', 'report_records', 'report_harmonised'], ['report_id']],
    ['metrics', metricsSql(db), ['metric_values', 'report_metrics', 'metrics'], undefined],
  ] as const;
  for (const [name, sql, views, primaryKey] of plan) {
    const path = join(outDir, `${name}.${format}`);
    let tracker: TypeTracker | null = null;
    const rows = exportQuery(db, sql, path, format, (t) => { tracker = t; });
    files.push({ path, rows });
    const t = tracker as unknown as TypeTracker;
    resources.push({ name, path: basename(path), format, rows, fields: fieldsFor(t.names, t, [...views]), primaryKey: primaryKey ? [...primaryKey] : undefined });
  }
  const dp = join(outDir, 'datapackage.json');
  writeJson(dp, dataPackage(db, resources));
  files.push({ path: dp, rows: resources.length });
  if (opts.datasette) {
    const md = join(outDir, 'metadata.json');
    writeJson(md, datasetteMetadata(db, basename(opts.datasette.archiveFile).replace(/\.(sqlite3?|db)$/i, '')));
    files.push({ path: md, rows: 1 });
  }
  return files;
}

function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}
