// `ogi demo` (what `npm start` runs): starts the bundled portal replay on 127.0.0.1, crawls
// the real site configs against it (no DNS, no internet), and prints the summary.
import type { Command } from 'commander';
import { defaultConfigDir } from '../../config/load.js';
import { startReplay } from '../../replay/server.js';
import { runCrawlCommand, printSummary } from './crawl.js';
import { replayHostMap } from '../hostmap.js';

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('crawl the bundled offline replay of the configured portals (what `npm start` runs)')
    .option('--delay <ms>', 'per-host delay against the replay, in ms', '200')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--log-json', 'structured JSON log lines even on a terminal')
    .action(async (o: { delay: string; storage?: string; config: string; logJson?: boolean }) => {
      const replay = await startReplay({});
      console.log(`replay of ${replay.hosts.length} portal hosts serving on ${replay.url}`);
      try {
        const out = await runCrawlCommand({ ...o }, replayHostMap(`127.0.0.1:${replay.port}`));
        printSummary(out);
        process.exitCode = out.summary.status === 'failed' ? 2 : 0;
      } finally {
        await replay.close();
      }
    });
}
