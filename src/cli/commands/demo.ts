// `ogi demo` (what `npm start` runs): starts the bundled portal replay on 127.0.0.1, crawls
// the real site configs and the replay-only samples (one per dialect no city uses yet) against it
// (no DNS, no internet) and prints the run report, the dialects crawled and the extracted reports. Then the replay plays a second night on one portal (one report revised,
// the portal's page layout changed) and that site is crawled again: conditional requests,
// unchanged text under new bytes, and a report with two versions.
import type { Command } from 'commander';
import { defaultConfigDir } from '../../config/load.js';
import { startReplay } from '../../replay/server.js';
import { runCrawlCommand, printSummary } from './crawl.js';
import { replayHostMap } from '../hostmap.js';
import { EXIT } from '../exit.js';
import { sampleSites } from '../../replay/samples.js';

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('crawl the bundled offline replay of the configured portals (what `npm start` runs)')
    .option('--delay <ms>', 'per-host delay against the replay, in ms', '200')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--log-json', 'structured JSON log lines even on a terminal')
    .option('--one-night', 'skip the second night')
    .action(async (o: { delay: string; storage?: string; config: string; logJson?: boolean; oneNight?: boolean }) => {
      const replay = await startReplay({ samples: true });
      console.log(`replay of ${replay.hosts.length} portal hosts serving on ${replay.url}`);
      try {
        const map = replayHostMap(`127.0.0.1:${replay.port}`);
        const samples = sampleSites();
        // only the portals the replay plays: config/sites also holds real sites it has no copy of
        const out = await runCrawlCommand({ ...o, extraSites: samples, site: replay.sites.map((s) => s.id) }, map);
        printSummary(out);
        const byDialect = new Map<string, string[]>();
        for (const s of replay.sites) byDialect.set(s.dialect, [...(byDialect.get(s.dialect) ?? []), `${s.id} ${out.summary.sites[s.id]?.reports ?? 0}`]);
        console.log(`\nDialects crawled (site and report links found): ${[...byDialect].sort().map(([d, ss]) => `${d}: ${ss.join(', ')}`).join('; ')}`);
        let code: number = out.summary.status === 'failed' ? EXIT.CANNOT_RUN : EXIT.OK;
        const site = replay.sites.find((s) => s.render === 'http' && replay.reports(s.id).length >= 3);
        if (!o.oneNight && site) {
          const revised = replay.reports(site.id)[1];
          replay.control.reviseReport(site.id, 1);
          replay.control.setChromeVariant(site.id, 2);
          console.log(`\nSecond night: ${site.id} revised its ${revised.year} report and changed its page layout; crawling ${site.id} again`);
          const again = await runCrawlCommand({ ...o, site: [site.id] }, map);
          printSummary(again);
          if (again.summary.status === 'failed') code = EXIT.CANNOT_RUN;
        }
        process.exitCode = code;
      } finally {
        await replay.close();
      }
    });
}
