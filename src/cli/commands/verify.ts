// `ogi verify`: re-hashes every stored snapshot and runs SQLite's integrity check; exits 1 on
// any mismatch. Reports files under snapshots/ that no row holds (left by a killed run), and
// removes them with --remove-orphans (taking the crawl lock, so never under a running crawl).
import type { Command } from 'commander';
import { defaultConfigDir } from '../../config/load.js';
import { withArchive } from '../storage.js';
import { verifyArchive, verifyPassed, removeStrayFiles } from '../../archive/verify.js';
import { acquireLock, lockHolder, LockHeldError, type Lock } from '../../frontier/lock.js';
import { EXIT } from '../exit.js';
import { plain } from '../plain.js';

export function registerVerify(program: Command): void {
  program.command('verify')
    .description('check the archive: SQLite integrity and every snapshot\'s bytes against its hash; report files no row holds')
    .option('--remove-orphans', 'also delete snapshot files no row holds and temp files of killed runs (waits for no crawl: refuses while one holds the lock)')
    .option('--json', 'print the report as JSON')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action(async (o: { storage?: string; config: string; removeOrphans?: boolean; json?: boolean }) => {
      return withArchive(o, false, async ({ db, store, dir }) => {
        let lock: Lock | null = null;
        if (o.removeOrphans) {
          try {
            lock = acquireLock(dir); // no crawl writes while orphans are removed
          } catch (e) {
            if (!(e instanceof LockHeldError)) throw e;
            console.error(`ogi verify: ${e.message}; orphans are not removed while it writes (its new files have no row yet)`);
            process.exitCode = EXIT.LOCKED;
            return;
          }
        }
        try {
          const running = lock ? null : lockHolder(dir);
          const r = await verifyArchive(db, store);
          const s = r.stray;
          const removal = lock ? removeStrayFiles(db, dir, s) : null;
          if (o.json) {
            console.log(JSON.stringify({ passed: verifyPassed(r), ...r, running, removed: removal?.removed ?? [], kept: removal?.kept ?? [] }, null, 2));
          } else {
            console.log(`snapshots ${r.snapshots} (${r.inline} inside the archive, ${r.snapshots - r.inline} files): ${r.ok} ok, ${r.missing.length} missing, ${r.mismatched.length} hash mismatch; fetches pointing nowhere ${r.dangling}; sqlite ${r.sqlite.length ? r.sqlite.join('; ') : 'ok'}`);
            for (const h of r.missing) console.log(`missing  ${h}`);
            for (const h of r.mismatched) console.log(`mismatch ${h}`);
            const n = s.orphans.length + s.temps.length;
            if (n || s.others.length) {
              console.log(`files no row holds: ${s.orphans.length} orphan snapshot${s.orphans.length === 1 ? '' : 's'}, ${s.temps.length} temp file${s.temps.length === 1 ? '' : 's'} (${s.bytes} bytes)${s.others.length ? `, ${s.others.length} other file${s.others.length === 1 ? '' : 's'} (not ogi's, kept)` : ''}`);
              for (const f of s.orphans) console.log(`orphan   ${f}`);
              for (const f of s.temps) console.log(`temp     ${f}`);
              for (const f of s.others) console.log(`other    ${plain(f)}`);
              if (running) console.log(`a crawl or re-extraction is running (pid ${running.pid}, since ${running.since}): files it is writing show here until their rows commit`);
              else if (!removal && n) console.log('left by an interrupted run; `ogi verify --remove-orphans` deletes them');
            } else console.log('files no row holds: none');
            if (removal) console.log(`removed ${removal.removed.length} file${removal.removed.length === 1 ? '' : 's'}${removal.kept.length ? `; kept ${removal.kept.length} (a row or a live writer holds them): ${removal.kept.join(', ')}` : ''}`);
          }
          process.exitCode = verifyPassed(r) ? EXIT.OK : 1;
        } finally {
          lock?.release();
        }
      });
    });
}
