// `ogi export-warc [--out FILE.warc.gz]`: every fetch with a stored body as WARC 1.1 (request,
// response, revisit records), gzipped per record when the name ends in .gz.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { exportWarc } from '../../archive/warc.js';
import { openReadonly, addStorageOptions, type StorageFlags } from './query.js';

export function registerExportWarc(program: Command): void {
  addStorageOptions(program.command('export-warc')
    .description('write every stored response with its recorded request/response headers as a WARC 1.1 file (identical payloads as revisit records)')
    .option('--out <file>', 'WARC file to write; gzipped per record when it ends in .gz', 'ogi-archive.warc.gz'))
    .action((o: StorageFlags & { out: string }) => {
      const { db, store } = openReadonly(o);
      try {
        const out = resolve(o.out);
        const c = exportWarc(db, store, out);
        console.log(`${out}: ${c.records} records (${c.requests} requests, ${c.responses} responses, ${c.revisits} revisits of which ${c.not_modified} for 304s)`);
        for (const h of c.missing) console.error(`missing snapshot, its fetches left out: ${h}`);
        for (const h of c.mismatched) console.error(`snapshot bytes do not match their hash, its fetches left out: ${h}`);
        process.exitCode = c.missing.length || c.mismatched.length ? 1 : 0;
      } finally {
        db.close();
      }
    });
}
