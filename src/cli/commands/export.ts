// `ogi export --format csv|jsonl [--out DIR] [--datasette]`: the current reports (wide) and their
// metrics (long, with provenance) as reports.<ext> and metrics.<ext>, with datapackage.json
// (and Datasette's metadata.json).
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { exportArchive, type ExportFormat } from '../../archive/export.js';
import { openReadonly, addStorageOptions, type StorageFlags } from './query.js';
import { archivePathOf } from '../../store/paths.js';

export function registerExport(program: Command): void {
  addStorageOptions(program.command('export')
    .description('write the current reports and their metrics as reports.csv + metrics.csv (UTF-8 with BOM) or .jsonl')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--out <dir>', 'folder to write into (created if needed)', '.')
    .option('--datasette', 'also write metadata.json for Datasette (datasette ARCHIVE -m metadata.json)'))
    .action((o: StorageFlags & { format: string; out: string; datasette?: boolean }) => {
      if (o.format !== 'csv' && o.format !== 'jsonl') throw new Error(`export: --format must be csv or jsonl, not "${o.format}"`);
      const { db, dir } = openReadonly(o);
      try {
        const files = exportArchive(db, resolve(o.out), o.format as ExportFormat, o.datasette ? { datasette: { archiveFile: archivePathOf(dir) } } : {});
        for (const f of files) console.log(/\.json$/.test(f.path) ? f.path : `${f.path}  ${f.rows} rows`);
      } finally {
        db.close();
      }
    });
}
