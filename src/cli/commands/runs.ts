// `ogi runs list` and `ogi runs show RUN`: the stored crawl runs and each one's report.
import type { Command } from 'commander';
import { defaultConfigDir } from '../../config/load.js';
import { withArchive } from '../storage.js';
import { runReport, formatRunReport } from '../../crawl/report.js';

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('crawl runs and their reports');
  runs.command('list')
    .description('the crawl runs, newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action((o: { limit: string; json?: boolean; storage?: string; config: string }) => {
      return withArchive(o, true, ({ db }) => {
        const rows = db.prepare(`SELECT r.id, r.started_at, r.finished_at, r.status, r.resumed_count,
            (SELECT COUNT(*) FROM fetches f WHERE f.run_id = r.id AND f.outcome NOT IN ('robots_disallowed', 'off_host')) AS requests,
            (SELECT COUNT(*) FROM crawl_run_sites s WHERE s.run_id = r.id AND s.status != 'not_due') AS sites_crawled,
            (SELECT COUNT(*) FROM crawl_run_sites s WHERE s.run_id = r.id AND s.status = 'failed') AS sites_failed,
            (SELECT COUNT(*) FROM fetches f WHERE f.run_id = r.id AND f.error_kind IS NOT NULL AND f.error_kind != 'robots') AS failures
          FROM crawl_runs r ORDER BY r.id DESC LIMIT ?`).all(Number(o.limit)) as Array<Record<string, unknown>>;
        if (o.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(`${'run'.padStart(5)} ${'started'.padEnd(24)} ${'status'.padEnd(10)} ${'sites'.padStart(5)} ${'requests'.padStart(8)} ${'failures'.padStart(8)} ${'failed sites'.padStart(12)}`);
        for (const r of rows) console.log(`${String(r.id).padStart(5)} ${String(r.started_at).padEnd(24)} ${String(r.status).padEnd(10)} ${String(r.sites_crawled).padStart(5)} ${String(r.requests).padStart(8)} ${String(r.failures).padStart(8)} ${String(r.sites_failed).padStart(12)}${r.resumed_count ? `  (continued ${r.resumed_count}×)` : ''}`);
      });
    });
  runs.command('show <run>')
    .description('the report of one crawl run')
    .option('--json', 'print JSON')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action((run: string, o: { json?: boolean; storage?: string; config: string }) => {
      return withArchive(o, true, ({ db }) => {
        const id = run === 'last' ? (db.prepare('SELECT MAX(id) AS id FROM crawl_runs').get() as { id: number }).id : Number(run);
        const r = runReport(db, id);
        console.log(o.json ? JSON.stringify(r, null, 2) : formatRunReport(r));
      });
    });
}
