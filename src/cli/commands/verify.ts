// `ogi verify`: re-hashes every stored snapshot and runs SQLite's integrity check; exits 1 on
// any mismatch.
import type { Command } from 'commander';
import { defaultConfigDir } from '../../config/load.js';
import { withArchive } from '../storage.js';
import { verifyArchive, verifyPassed } from '../../archive/verify.js';

export function registerVerify(program: Command): void {
  program.command('verify')
    .description('check the archive: SQLite integrity and every snapshot\'s bytes against its hash')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action(async (o: { storage?: string; config: string }) => {
      return withArchive(o, false, async ({ db, store }) => {
        const r = await verifyArchive(db, store);
        console.log(`snapshots ${r.snapshots}: ${r.ok} ok, ${r.missing.length} missing, ${r.mismatched.length} hash mismatch; fetches pointing nowhere ${r.dangling}; sqlite ${r.sqlite.length ? r.sqlite.join('; ') : 'ok'}`);
        for (const h of r.missing) console.log(`missing  ${h}`);
        for (const h of r.mismatched) console.log(`mismatch ${h}`);
        process.exitCode = verifyPassed(r) ? 0 : 1;
      });
    });
}
