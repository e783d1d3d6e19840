// `ogi schema [name…]`: the archive's tables and views with what they and their columns mean
// (from the migrations' SQL comments), or `--sql` for the raw DDL stored in the archive.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadGlobalConfig } from '../../config/load.js';
import { storageDir } from '../storage.js';
import { archivePathOf } from '../../store/paths.js';
import { migrate } from '../../archive/db.js';
import { schemaDocs, formatSchema, rawDdl } from '../../archive/schemaDoc.js';
import { addStorageOptions, openReadonly, type StorageFlags } from './query.js';

export function registerSchema(program: Command): void {
  addStorageOptions(program.command('schema')
    .description('describe the archive\'s tables and views (see also docs/archive.md)')
    .argument('[names...]', 'only these tables or views')
    .option('--sql', 'the raw DDL from the archive\'s sqlite_master (or of a fresh archive when there is none yet)')
    .option('--json', 'the descriptions as JSON'))
    .action((names: string[], o: StorageFlags & { sql?: boolean; json?: boolean }) => {
      if (o.sql) {
        const exists = existsSync(archivePathOf(storageDir(loadGlobalConfig(o.config), o.storage)));
        const db = exists ? openReadonly(o).db : new Database(':memory:');
        try {
          if (!exists) migrate(db);
          process.stdout.write(rawDdl(db));
        } finally {
          db.close();
        }
        return;
      }
      let docs = schemaDocs();
      if (names.length) {
        const unknown = names.filter((n) => !docs.some((d) => d.name === n));
        if (unknown.length) throw new Error(`schema: no table or view named ${unknown.join(', ')} (there are ${docs.map((d) => d.name).join(', ')})`);
        docs = docs.filter((d) => names.includes(d.name));
      }
      if (o.json) process.stdout.write(`${JSON.stringify(docs.map(({ sql: _sql, ...d }) => d), null, 2)}\n`);
      else process.stdout.write(formatSchema(docs));
    });
}
