// `ogi query "SELECT …" [params…]`: read-only SQL against the archive, printed as an aligned
// table, CSV or JSON. Also the read-only opening of the archive the other reading commands share.
import type { Command } from 'commander';
import { loadGlobalConfig, defaultConfigDir } from '../../config/load.js';
import { storageDir, openStorage, requireArchive } from '../storage.js';
import { runWatched, writeRowsAsync, formatTable, prepareReadOnly } from '../../archive/query.js';
import { plain } from '../plain.js';
import { migrations, type DB } from '../../archive/db.js';
import type { SnapshotStore } from '../../store/snapshots.js';

export interface StorageFlags { storage?: string; config: string }

/** Opens the archive read-only (the file must exist); the caller closes it. */
export function openReadonly(o: StorageFlags): { db: DB; store: SnapshotStore; dir: string } {
  const dir = storageDir(loadGlobalConfig(o.config), o.storage);
  requireArchive(dir);
  const opened = openStorage(dir, true);
  // A read-only connection cannot apply migrations: say so when the file is behind the code.
  try {
    const done = new Set((opened.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
    const pending = migrations().filter((m) => !done.has(m.version)).map((m) => m.name);
    if (pending.length) console.error(`ogi: the archive lacks migration${pending.length > 1 ? 's' : ''} ${pending.join(', ')}; tables and views they add are missing until a writing command (e.g. \`ogi verify\`) upgrades it`);
  } catch { /* no schema_migrations table: not an archive made by ogi; let the query say what is missing */ }
  return opened;
}

export function addStorageOptions(cmd: Command): Command {
  return cmd
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir);
}

export function registerQuery(program: Command): void {
  addStorageOptions(program.command('query')
    .description('run read-only SQL on the archive (SELECT, WITH, VALUES, EXPLAIN, reading PRAGMAs); see `ogi schema` and docs/archive.md')
    .argument('<sql>', 'one SQL statement; ? placeholders take the params that follow')
    .argument('[params...]', 'values for ? placeholders (numbers are passed as numbers)')
    .option('--csv', 'CSV (RFC 4180) instead of a table')
    .option('--json', 'a JSON array of row objects instead of a table')
    .option('--max-width <n>', 'cut table cells wider than this many columns (0 = never)', '60')
    .option('--timeout <seconds>', 'stop a query that works longer than this (0 = no limit)', '60'))
    .action(async (sql: string, params: string[], o: StorageFlags & { csv?: boolean; json?: boolean; maxWidth: string; timeout: string }) => {
      if (o.csv && o.json) throw new Error('query: choose one of --csv and --json');
      const timeout = Number(o.timeout);
      if (!Number.isFinite(timeout) || timeout < 0) throw new Error(`query: --timeout must be a number of seconds ≥ 0, not "${o.timeout}"`);
      const maxWidth = Number(o.maxWidth);
      if (!Number.isInteger(maxWidth) || maxWidth < 0) throw new Error('query: --max-width must be a whole number ≥ 0');
      const { db } = openReadonly(o);
      try {
        const args = params.map((p) => (/^-?\d+(\.\d+)?$/.test(p) ? Number(p) : p));
        const columns = prepareReadOnly(db, sql).columns().map((c) => c.name);
        const rows = runWatched(db, sql, args, { timeoutMs: timeout * 1000 });
        if (o.csv || o.json) {
          // archived text is shown without terminal control characters (issue 7): CSV cells as visible
          // symbols, as in the table; JSON escapes them (\u001b), so --json keeps every value exactly
          const shown = o.csv ? mapRows(rows, (v) => (typeof v === 'string' ? plain(v) : v)) : rows;
          await writeRowsAsync(columns, shown, o.csv ? 'csv' : 'json', (s) => process.stdout.write(s));
        } else {
          const all: unknown[][] = [];
          for await (const r of rows) all.push(r);
          console.log(plain(formatTable({ columns, rows: all }, { maxWidth }))); // archived text: no terminal control characters (issue 7)
          console.log(`(${all.length} row${all.length === 1 ? '' : 's'})`);
        }
      } finally {
        db.close();
      }
    });
}

async function* mapRows(rows: AsyncIterable<unknown[]>, f: (v: unknown) => unknown): AsyncGenerator<unknown[]> {
  for await (const r of rows) yield r.map(f);
}
