// Owns read-only SQL against the archive (`ogi query`): deciding whether a statement may run
// (one statement; SELECT / WITH / VALUES / EXPLAIN / a reading PRAGMA; and SQLite itself must
// call it read-only), running it, and rendering the rows as an aligned table (CJK characters
// are two columns wide), CSV (RFC 4180) or JSON. The CSV writer here is shared by `ogi export`.
// `ogi query` runs the statement in a child process under a time limit (runWatched).
import { fork } from 'node:child_process';
import type { DB } from './db.js';

export class QueryError extends Error {}

export interface QueryResult { columns: string[]; rows: unknown[][] }

/** Pragmas that only read; the first set may take a (table or index name) argument, the second none. */
const PRAGMAS_WITH_ARG = new Set(['table_info', 'table_xinfo', 'table_list', 'index_list', 'index_info', 'index_xinfo',
  'foreign_key_list', 'foreign_key_check', 'integrity_check', 'quick_check']);
const PRAGMAS_NO_ARG = new Set(['database_list', 'compile_options', 'function_list', 'module_list', 'pragma_list', 'collation_list',
  'user_version', 'schema_version', 'application_id', 'page_count', 'page_size', 'freelist_count', 'encoding', 'data_version',
  'foreign_keys', 'journal_mode', 'max_page_count', ...PRAGMAS_WITH_ARG]);
const ALLOWED_FIRST = new Set(['SELECT', 'WITH', 'VALUES', 'EXPLAIN', 'PRAGMA']);

/** The SQL with leading whitespace, comments and opening parentheses removed. */
function stripLead(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.replace(/^[\s(]+/, '');
    if (t.startsWith('--')) { const nl = t.indexOf('\n'); s = nl < 0 ? '' : t.slice(nl + 1); continue; }
    if (t.startsWith('/*')) { const end = t.indexOf('*/'); s = end < 0 ? '' : t.slice(end + 2); continue; }
    return t;
  }
}

function checkPragma(body: string): void {
  // body: what follows the PRAGMA keyword, e.g. "main.table_info(records)" or "user_version"
  const m = /^\s*(?:["`[]?\w+["`\]]?\s*\.\s*)?["`[]?(\w+)["`\]]?\s*(\(|=|;|$)/.exec(body);
  if (!m) throw new QueryError('query: could not read this PRAGMA');
  const name = m[1].toLowerCase();
  if (m[2] === '=') throw new QueryError(`query: PRAGMA ${name} = … changes a setting; only reading pragmas are allowed`);
  const allowed = m[2] === '(' ? PRAGMAS_WITH_ARG : PRAGMAS_NO_ARG;
  if (!allowed.has(name)) {
    throw new QueryError(`query: PRAGMA ${name}${m[2] === '(' ? '(…)' : ''} is not one of the reading pragmas allowed here (${[...PRAGMAS_NO_ARG].sort().join(', ')})`);
  }
}

/** Prepares the statement if, and only if, it is a single statement that only reads. */
export function prepareReadOnly(db: DB, sql: string) {
  const lead = stripLead(sql);
  if (!lead) throw new QueryError('query: the SQL is empty');
  let stmt;
  try {
    stmt = db.prepare(sql); // compiles only; bad SQL gets SQLite's own message
  } catch (e) {
    throw new QueryError(`query: ${(e as Error).message}`);
  }
  const first = (/^[A-Za-z]+/.exec(lead)?.[0] ?? lead.slice(0, 12)).toUpperCase();
  if (!ALLOWED_FIRST.has(first)) {
    throw new QueryError(`query: ${first} is not allowed; only read-only SELECT, WITH, VALUES, EXPLAIN and reading PRAGMA statements run here`);
  }
  if (first === 'PRAGMA') checkPragma(lead.slice(6));
  if (!stmt.readonly) throw new QueryError('query: this statement would change the database; only read-only statements run here');
  if (!stmt.reader) throw new QueryError('query: this statement returns no rows');
  return stmt;
}

/** Runs one read-only statement with optional positional parameters. */
export function runQuery(db: DB, sql: string, params: unknown[] = []): QueryResult {
  const stmt = prepareReadOnly(db, sql);
  try {
    const columns = stmt.columns().map((c) => c.name);
    const rows = stmt.raw(true).all(...params) as unknown[][];
    return { columns, rows };
  } catch (e) {
    throw new QueryError(`query: ${(e as Error).message}`);
  }
}

/** Runs one read-only statement and hands its rows over one at a time (for CSV and JSON output of any size). */
export function iterateQuery(db: DB, sql: string, params: unknown[] = []): { columns: string[]; rows: IterableIterator<unknown[]> } {
  const stmt = prepareReadOnly(db, sql);
  const columns = stmt.columns().map((c) => c.name);
  let it: IterableIterator<unknown[]>;
  try {
    it = stmt.raw(true).iterate(...params) as IterableIterator<unknown[]>;
  } catch (e) {
    throw new QueryError(`query: ${(e as Error).message}`);
  }
  const rows: IterableIterator<unknown[]> = {
    [Symbol.iterator]() { return this; },
    next() {
      try {
        return it.next();
      } catch (e) {
        throw new QueryError(`query: ${(e as Error).message}`);
      }
    },
    return(v?: unknown) { return it.return ? it.return(v) : { done: true, value: undefined }; },
  };
  return { columns, rows };
}

export interface WatchOptions {
  /** Stop the query after this much of its own working time (time spent waiting for the output to be taken does not count); 0 = no limit. */
  timeoutMs: number;
}

const queryChild = new URL('./queryChild.mjs', import.meta.url);

/**
 * Runs one read-only statement (checked with prepareReadOnly first) in a child process and
 * yields its rows; a query that works longer than the time limit is killed and ends in a
 * QueryError saying so. The archive file must exist.
 */
export async function* runWatched(db: DB, sql: string, params: unknown[], o: WatchOptions): AsyncGenerator<unknown[]> {
  prepareReadOnly(db, sql);
  const child = fork(queryChild, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { if (stderr.length < 4000) stderr += d; });
  type Msg = { ready?: boolean; rows?: unknown[][]; done?: boolean; error?: string };
  const queue: Array<Msg | Error> = [];
  let waiting: (() => void) | null = null;
  const deliver = (m: Msg | Error) => { queue.push(m); const w = waiting; waiting = null; w?.(); };
  let used = 0;
  let timer: NodeJS.Timeout | null = null;
  let since = 0;
  const stopClock = () => { if (timer) { clearTimeout(timer); timer = null; used += Date.now() - since; } };
  const startClock = () => {
    if (!o.timeoutMs) return;
    since = Date.now();
    timer = setTimeout(() => {
      timer = null;
      child.kill('SIGKILL');
      const s = o.timeoutMs / 1000;
      deliver(new QueryError(`query: stopped after ${s} s, its time limit (--timeout ${s}; 0 = none): a query that runs away, e.g. a recursive CTE with no end, or one that needs a higher --timeout`));
    }, Math.max(1, o.timeoutMs - used));
  };
  child.on('message', (m: Msg) => { stopClock(); deliver(m); });
  child.on('exit', (code, signal) => { stopClock(); deliver(new QueryError(`query: the query process ended (${signal ?? `exit ${code}`})${stderr ? `: ${stderr.trim().slice(-500)}` : ''}`)); });
  child.on('error', (e) => { stopClock(); deliver(new QueryError(`query: could not run the query process: ${e.message}`)); });
  const next = async (): Promise<Msg> => {
    while (!queue.length) await new Promise<void>((r) => { waiting = r; });
    const m = queue.shift()!;
    if (m instanceof Error) throw m;
    return m;
  };
  try {
    if (!(await next()).ready) throw new QueryError('query: the query process did not start');
    startClock();
    child.send({ file: db.name, sql, params });
    for (;;) {
      const m = await next();
      if (m.error !== undefined) throw new QueryError(`query: ${m.error}`);
      const done = !!m.done;
      if (!done) { startClock(); child.send('more'); } // the child works on the next batch while these are written
      for (const r of m.rows ?? []) yield r;
      if (done) return;
    }
  } finally {
    stopClock();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Writes CSV or JSON (an array of row objects, one per line) in chunks of about 1 MB. */
export function writeRows(columns: string[], rows: Iterable<unknown[]>, format: 'csv' | 'json', write: (s: string) => void): number {
  const w = new RowWriter(columns, format, write);
  for (const row of rows) w.add(row);
  return w.end();
}

/** writeRows for rows that come asynchronously (runWatched). */
export async function writeRowsAsync(columns: string[], rows: AsyncIterable<unknown[]>, format: 'csv' | 'json', write: (s: string) => void): Promise<number> {
  const w = new RowWriter(columns, format, write);
  for await (const row of rows) w.add(row);
  return w.end();
}

/** JSON text with DEL and the C1 control characters escaped too (JSON.stringify leaves them raw; a terminal may obey them). */
export function jsonText(v: unknown, space?: number): string {
  return JSON.stringify(v, null, space).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

class RowWriter {
  private names: string[];
  private buf: string;
  private n = 0;
  constructor(columns: string[], private format: 'csv' | 'json', private write: (s: string) => void) {
    this.names = uniqueNames(columns);
    this.buf = format === 'csv' ? csvLine(columns) : '[';
  }
  add(row: unknown[]): void {
    this.buf += this.format === 'csv' ? csvLine(row) : `${this.n ? ',' : ''}\n${jsonText(rowObject(this.names, row))}`;
    this.n++;
    if (this.buf.length > 1 << 20) { this.write(this.buf); this.buf = ''; }
  }
  end(): number {
    this.buf += this.format === 'csv' ? '' : this.n ? '\n]\n' : ']\n';
    this.write(this.buf);
    return this.n;
  }
}

// ---- rendering -------------------------------------------------------------------------

/** Display width of one code point: 2 for East Asian wide and full-width characters, 0 for combining marks. */
function cpWidth(cp: number): number {
  if (cp === 0 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)) return 2;
  return 1;
}

/** Terminal columns a string takes (CJK characters count 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += cpWidth(ch.codePointAt(0)!);
  return w;
}

function truncate(s: string, max: number): string {
  if (max <= 0 || displayWidth(s) <= max) return s;
  let w = 0;
  let out = '';
  for (const ch of s) {
    const cw = cpWidth(ch.codePointAt(0)!);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Buffer.isBuffer(v)) return `<blob ${v.length} bytes>`;
  return String(v).replace(/\r?\n|\r/g, '↵').replace(/\t/g, ' ');
}

export interface TableOptions { maxWidth?: number }

/** An aligned text table: numbers right-aligned, NULL as empty, cells cut at maxWidth columns (0 = never). */
export function formatTable(r: QueryResult, opts: TableOptions = {}): string {
  const max = opts.maxWidth ?? 60;
  const head = r.columns.map((c) => truncate(c, max));
  const body = r.rows.map((row) => row.map((v) => truncate(cellText(v), max)));
  const numeric = r.columns.map((_, i) => r.rows.length > 0 && r.rows.every((row) => row[i] === null || typeof row[i] === 'number' || typeof row[i] === 'bigint'));
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...body.map((row) => displayWidth(row[i]))));
  const pad = (s: string, i: number) => {
    const gap = ' '.repeat(widths[i] - displayWidth(s));
    return numeric[i] ? gap + s : s + gap;
  };
  const lines = [head.map(pad).join('  ').trimEnd(), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of body) lines.push(row.map(pad).join('  ').trimEnd());
  return lines.join('\n');
}

/**
 * Archived text is the web's text (titles, issuers, notes come from crawled pages): a text cell
 * a spreadsheet would evaluate as a formula, i.e. one starting with =, +, -, @, a tab or a CR,
 * gets a leading apostrophe (OWASP's CSV injection advice). A text cell that is exactly a
 * number (`-3`, `-1.5`) is left alone: it is read as that number, not run. Numeric columns are
 * written from numbers, which are never guarded, so a negative count stays a number.
 */
export function formulaLike(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s) && !/^-(?:\d+(?:\.\d+)?|\.\d+)$/.test(s);
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR, LF or edge whitespace. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = Buffer.isBuffer(v) ? v.toString('hex') : String(v);
  if (typeof v === 'string' && formulaLike(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function formatCsv(r: QueryResult): string {
  let out = '';
  writeRows(r.columns, r.rows, 'csv', (s) => { out += s; });
  return out;
}

/** Column names made unique (a repeated name gets ":2", ":3" …) for JSON objects. */
export function uniqueNames(columns: string[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c}:${n}`;
  });
}

export function jsonValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return v ?? null;
}

export function rowObject(names: string[], row: unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  names.forEach((n, i) => { o[n] = jsonValue(row[i]); });
  return o;
}

/** A JSON array of row objects, one row per line (ends with a newline). */
export function formatJson(r: QueryResult): string {
  let out = '';
  writeRows(r.columns, r.rows, 'json', (s) => { out += s; });
  return out;
}
