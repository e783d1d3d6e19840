// `ogi reextract` and `ogi diff`: re-run the current extractor over stored snapshots (offline,
// on all cores, as a new extraction run), and list what changed between two runs.
import type { Command } from 'commander';
import { loadGlobalConfig, defaultConfigDir } from '../../config/load.js';
import { storageDir, openStorage, withArchive } from '../storage.js';
import { reextract } from '../../archive/reextract.js';
import { diffRuns } from '../../archive/diff.js';
import { EXTRACTOR_VERSION } from '../../extract/index.js';
import { acquireLock, LockHeldError } from '../../frontier/lock.js';
import { EXIT } from '../exit.js';

export function registerReextract(program: Command): void {
  program.command('reextract')
    .description('re-run the current extractor over stored snapshots, as a new extraction run (no network)')
    .option('--site <id>', 'only snapshots fetched from this site')
    .option('--force', 'also snapshots already extracted by this extractor version')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action(async (o: { site?: string; force?: boolean; workers?: string; storage?: string; config: string }) => {
      const dir = storageDir(loadGlobalConfig(o.config), o.storage);
      let lock;
      try {
        lock = acquireLock(dir); // one writer at a time: a crawl or a re-extraction
      } catch (e) {
        if (!(e instanceof LockHeldError)) throw e;
        console.error(`ogi reextract: ${e.message}; try again when it has finished`);
        process.exitCode = EXIT.LOCKED;
        return;
      }
      const { db } = openStorage(dir);
      try {
        const tty = process.stderr.isTTY;
        const r = await reextract(db, {
          storageDir: dir, version: EXTRACTOR_VERSION, siteId: o.site, force: o.force, workers: o.workers ? Number(o.workers) : undefined,
          onProgress: (d, t) => { if (tty) process.stderr.write(`\rre-extracting ${d}/${t}`); },
        });
        if (tty) process.stderr.write('\n');
        const c = r.counts;
        console.log(`extraction run ${r.runId} (extractor ${EXTRACTOR_VERSION}): ${c.snapshots} snapshots, ${c.reports} reports, ${c.metrics} values, ${c.failed_checks} failed checks, ${c.errors} errors; ${r.skipped} skipped (already extracted by this version${o.force ? '' : '; --force to redo'})`);
      } finally {
        db.close();
        lock.release();
      }
    });

  program.command('diff <runA> <runB>')
    .description('every value that changed, appeared or disappeared between two extraction runs')
    .option('--json', 'print JSON')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action((a: string, b: string, o: { json?: boolean; storage?: string; config: string }) => {
      return withArchive(o, true, ({ db }) => {
        const d = diffRuns(db, Number(a), Number(b));
        if (o.json) return console.log(JSON.stringify(d, null, 2));
        console.log(`runs ${d.runA} (${d.versionA}) → ${d.runB} (${d.versionB}): ${d.compared} snapshots compared, ${d.onlyA} only in ${d.runA}, ${d.onlyB} only in ${d.runB}; ${d.changes.length} value changes`);
        for (const c of d.changes) console.log(`${c.change.padEnd(11)} ${c.issuer ?? '?'} ${c.year ?? '?'} ${c.key}: ${c.before ?? '∅'} → ${c.after ?? '∅'}  (${c.snapshot.slice(0, 12)})`);
      });
    });
}
