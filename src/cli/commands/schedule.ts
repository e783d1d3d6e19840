// `ogi schedule --at HH:MM`: for people without cron, runs `ogi crawl --incremental` every day
// at that local time, in the foreground, until interrupted.
import type { Command } from 'commander';
import { defaultConfigDir } from '../../config/load.js';
import { runCrawlCommand, printSummary, crawlExitCode } from './crawl.js';
import { LockHeldError } from '../../frontier/lock.js';

export function nextRunAt(hhmm: string, from: Date): Date {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`--at: expected HH:MM (24-hour local time), got "${hhmm}"`);
  const t = new Date(from);
  t.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (t.getTime() <= from.getTime()) t.setDate(t.getDate() + 1);
  return t;
}

export function registerSchedule(program: Command): void {
  program.command('schedule')
    .description('run `ogi crawl --incremental` every day at a time, in the foreground (instead of cron)')
    .requiredOption('--at <HH:MM>', 'local time of day')
    .option('--site <id...>', 'only these site ids')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--log-json', 'structured JSON log lines even on a terminal')
    .action(async (o: { at: string; site?: string[]; storage?: string; config: string; logJson?: boolean }) => {
      let stop = false;
      process.once('SIGINT', () => { stop = true; });
      process.once('SIGTERM', () => { stop = true; });
      while (!stop) {
        const at = nextRunAt(o.at, new Date());
        console.log(`next crawl at ${at.toString()}`);
        while (!stop && Date.now() < at.getTime()) await new Promise((r) => setTimeout(r, Math.min(60_000, at.getTime() - Date.now())));
        if (stop) break;
        try {
          const out = await runCrawlCommand({ ...o, incremental: true, progress: false });
          printSummary(out);
          console.log(`exit status of this run: ${crawlExitCode(out)}`);
        } catch (e) {
          console.error(e instanceof LockHeldError ? `skipped: ${e.message}` : `crawl failed: ${(e as Error).message}`);
        }
      }
    });
}
