// Owns `ogi export`: the current reports (one row per report: the wide view report_summary
// plus the columns of report_records it lacks: title, site, version, provenance)
// and their metrics (the long view report_metrics, with provenance) written as two files,
// reports.{csv,jsonl} and metrics.{csv,jsonl}. CSV is RFC 4180 with CRLF line ends, UTF-8 with
// a byte-order mark so that Excel reads the Chinese; JSONL is one JSON object per line. Rows are
// streamed to a temp file that is renamed into place when complete.
import { openSync, writeSync, closeSync, renameSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { DB } from './db.js';
import { csvLine, uniqueNames, rowObject } from './query.js';

export type ExportFormat = 'csv' | 'jsonl';

/** Reports: every column of report_summary, then the columns of report_records it lacks (title, site, version …). */
export function reportsSql(db: DB): string {
  const cols = (v: string) => (db.prepare('SELECT name FROM pragma_table_info(?)').all(v) as Array<{ name: string }>).map((c) => c.name);
  const have = new Set(cols('report_summary'));
  const extra = cols('report_records').filter((c) => !have.has(c)).map((c) => `, rr."${c.replace(/"/g, '""')}"`).join('');
  return `SELECT s.*${extra} FROM report_summary s JOIN report_records rr ON rr.report_id = s.report_id ORDER BY s.issuer, s.year, s.report_id`;
}

export const METRICS_SQL = 'SELECT * FROM report_metrics ORDER BY issuer, year, record_id, key';

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
export function exportQuery(db: DB, sql: string, path: string, format: ExportFormat): number {
  const stmt = db.prepare(sql);
  const columns = stmt.columns().map((c) => c.name);
  const names = uniqueNames(columns);
  const f = new BufferedFile(path);
  let n = 0;
  let ok = false;
  try {
    if (format === 'csv') f.write(`\ufeff${csvLine(columns)}`);
    for (const row of stmt.raw(true).iterate() as IterableIterator<unknown[]>) {
      f.write(format === 'csv' ? csvLine(row) : `${JSON.stringify(rowObject(names, row))}\n`);
      n++;
    }
    ok = true;
  } finally {
    f.close(ok);
  }
  return n;
}

/** Exports reports and metrics into the folder (created if needed). */
export function exportArchive(db: DB, outDir: string, format: ExportFormat): ExportedFile[] {
  if (format !== 'csv' && format !== 'jsonl') throw new Error(`export: unknown format "${String(format)}" (csv or jsonl)`);
  mkdirSync(outDir, { recursive: true });
  const files: ExportedFile[] = [];
  for (const [name, sql] of [['reports', reportsSql(db)], ['metrics', METRICS_SQL]] as const) {
    const path = join(outDir, `${name}.${format}`);
    files.push({ path, rows: exportQuery(db, sql, path, format) });
  }
  return files;
}
