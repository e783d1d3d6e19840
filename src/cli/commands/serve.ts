// `ogi serve [--port N] [--host 127.0.0.1]`: browse the archive in a web browser (reports,
// one report beside its archived page, coverage, trends, search); read-only.
import type { Command } from 'commander';
import { openReadonly, addStorageOptions, type StorageFlags } from './query.js';
import { startServe } from '../../serve/server.js';

export function registerServe(program: Command): void {
  addStorageOptions(program.command('serve')
    .description('browse the archive in a web browser: reports, each beside its archived page with the value marked, coverage, trends, search (read-only)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1'))
    .action(async (o: StorageFlags & { port: string; host: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`serve: --port must be a whole number 0–65535, not "${o.port}"`);
      const { db, store } = openReadonly(o);
      const s = await startServe({ db, store, host: o.host, port });
      console.log(`ogi serve: ${s.url}/  (read-only; Ctrl-C to stop)`);
      if (o.host !== '127.0.0.1' && o.host !== 'localhost' && o.host !== '::1') console.error(`ogi serve: listening on ${o.host}, reachable from other machines`);
      const stop = () => { void s.close().then(() => { db.close(); process.exit(0); }); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
