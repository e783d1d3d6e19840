// In-memory archives at a given schema version, for the tests of a migration.
import Database from 'better-sqlite3';
import { migrations, migrate, type DB } from '../../src/archive/db.js';

/** An archive with migrations up to `version` applied (and recorded), no further. */
export function archiveAt(version: number): DB {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations().filter((x) => x.version <= version)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'test');
  }
  return db;
}

/** An archive with every migration applied. */
export function currentArchive(): DB {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
