// Owns the SQLite archive file: opening it (WAL, foreign keys, busy timeout) and applying the
// numbered migrations in src/archive/migrations/ exactly once each, in order.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DB = Database.Database;
const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrations(): Array<{ version: number; name: string; sql: string }> {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.split('_')[0]), name: f, sql: readFileSync(join(migrationsDir, f), 'utf8') }));
}

export interface OpenOptions { readonly?: boolean }

/** A function that prepares each SQL text once (for code that runs the same statements many times). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function statementCache(db: DB): (sql: string) => Database.Statement<any[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stmts = new Map<string, Database.Statement<any[]>>();
  return (sql) => {
    let st = stmts.get(sql);
    if (!st) { st = db.prepare(sql); stmts.set(sql, st); }
    return st;
  };
}

/** Whether the archive has a table or view of this name (an older archive may lack a later migration's). */
export function hasSchemaObject(db: DB, name: string): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;
}

export function openArchive(file: string, opts: OpenOptions = {}): DB {
  if (!opts.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  db.pragma('busy_timeout = 10000');
  if (opts.readonly) return db;
  // A new archive gives back the pages a finished run's frontier leaves free (the file would
  // otherwise keep them as free pages). Only possible before the first table is created.
  if (db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() === 0) db.pragma('auto_vacuum = FULL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Savepoints (a fetch recorded inside the crawl's group commit) keep their undo journal in
  // memory instead of a temp file created and written for each one.
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}

export function migrate(db: DB): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').all().map((r) => (r as { version: number }).version));
  const applied: number[] = [];
  for (const m of migrations()) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
