// `ogi export-warc [--out FILE.warc.gz] [--wacz]`: every fetch with a stored body as WARC 1.1
// (request, response, revisit records), gzipped per record when the name ends in .gz, or
// packaged as WACZ 1.1.1 with --wacz.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { exportWarc } from '../../archive/warc.js';
import { exportWacz } from '../../archive/wacz.js';
import { openReadonly, addStorageOptions, type StorageFlags } from './query.js';

export function registerExportWarc(program: Command): void {
  addStorageOptions(program.command('export-warc')
    .description('write every stored response with its recorded request/response headers as a WARC 1.1 file (identical payloads as revisit records)')
    .option('--out <file>', 'file to write; a WARC is gzipped per record when it ends in .gz (default ogi-archive.warc.gz, with --wacz ogi-archive.wacz)')
    .option('--wacz', 'write a WACZ 1.1.1 package instead (the WARC, a CDXJ index, the report pages, datapackage.json), for ReplayWeb.page and pywb'))
    .action((o: StorageFlags & { out?: string; wacz?: boolean }) => {
      const { db, store } = openReadonly(o);
      try {
        const out = resolve(o.out ?? (o.wacz ? 'ogi-archive.wacz' : 'ogi-archive.warc.gz'));
        const c = o.wacz ? exportWacz(db, store, out) : { ...exportWarc(db, store, out), indexed: null, pages: null };
        console.log(`${out}: ${c.records} records (${c.requests} requests, ${c.responses} responses, ${c.revisits} revisits of which ${c.not_modified} for 304s)${c.indexed !== null ? `; ${c.indexed} index lines, ${c.pages} pages` : ''}`);
        for (const h of c.missing) console.error(`missing snapshot, its fetches left out: ${h}`);
        for (const h of c.mismatched) console.error(`snapshot bytes do not match their hash, its fetches left out: ${h}`);
        process.exitCode = c.missing.length || c.mismatched.length ? 1 : 0;
      } finally {
        db.close();
      }
    });
}
