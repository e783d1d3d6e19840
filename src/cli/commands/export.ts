// `ogi export --format csv|jsonl [--out DIR]`: the current reports (wide) and their metrics
// (long, with provenance) as reports.<ext> and metrics.<ext>.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { exportArchive, type ExportFormat } from '../../archive/export.js';
import { openReadonly, addStorageOptions, type StorageFlags } from './query.js';

export function registerExport(program: Command): void {
  addStorageOptions(program.command('export')
    .description('write the current reports and their metrics as reports.csv + metrics.csv (UTF-8 with BOM) or .jsonl')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--out <dir>', 'folder to write into (created if needed)', '.'))
    .action((o: StorageFlags & { format: string; out: string }) => {
      if (o.format !== 'csv' && o.format !== 'jsonl') throw new Error(`export: --format must be csv or jsonl, not "${o.format}"`);
      const { db } = openReadonly(o);
      try {
        for (const f of exportArchive(db, resolve(o.out), o.format as ExportFormat)) console.log(`${f.path}  ${f.rows} rows`);
      } finally {
        db.close();
      }
    });
}
