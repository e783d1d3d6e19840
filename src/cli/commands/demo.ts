// `ogi demo` (what `npm start` runs): starts the bundled portal replay on 127.0.0.1, crawls
// the real site configs and the replay-only samples (one per dialect no city uses yet) against it
// (no DNS, no internet) and prints the run report, the dialects crawled and the extracted reports. Then the replay plays a second night on one portal (one report revised,
// the portal's page layout changed) and that site is crawled again: conditional requests,
// unchanged text under new bytes, and a report with two versions.
import type { Command } from 'commander';
import { defaultConfigDir } from '../../config/load.js';
import { startReplay } from '../../replay/server.js';
import { runCrawlCommand, printSummary, failedSites } from './crawl.js';
import { loadGlobalConfig, loadSites } from '../../config/load.js';
import { missingTools, formatMissing } from '../systemTools.js';
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
      // the tools this machine lacks are named once; the demo goes on with the rest, and the
      // sites that need a missing tool are reported failed with that reason
      const samples = sampleSites();
      const missing = await missingTools(loadGlobalConfig(o.config), [...loadSites(o.config).sites, ...samples]);
      for (const line of formatMissing(missing)) console.log(line);
      const replay = await startReplay({ samples: true });
      console.log(`replay of ${replay.hosts.length} portal hosts serving on ${replay.url}`);
      try {
        const map = replayHostMap(`127.0.0.1:${replay.port}`);
        const noBrowser = missing.some((t) => t.tool === 'chromium');
        const explained = (id: string) => noBrowser && replay.sites.some((s) => s.id === id && s.render === 'browser');
        /** 0, or 1 when a site failed for a reason other than a tool named above. */
        const codeOf = (out: Awaited<ReturnType<typeof runCrawlCommand>>) => (failedSites(out).some((s) => !explained(s.site)) ? EXIT.SOME_SITES_FAILED : EXIT.OK);
        const out = await runCrawlCommand({ ...o, extraSites: samples }, map, { missing });
        printSummary(out);
        const byDialect = new Map<string, string[]>();
        for (const s of replay.sites) byDialect.set(s.dialect, [...(byDialect.get(s.dialect) ?? []), `${s.id} ${out.summary.sites[s.id]?.reports ?? 0}`]);
        console.log(`\nDialects crawled (site and report links found): ${[...byDialect].sort().map(([d, ss]) => `${d}: ${ss.join(', ')}`).join('; ')}`);
        let code: number = codeOf(out);
        const site = replay.sites.find((s) => s.render === 'http' && replay.reports(s.id).length >= 3);
        if (!o.oneNight && site) {
          const revised = replay.reports(site.id)[1];
          replay.control.reviseReport(site.id, 1);
          replay.control.setChromeVariant(site.id, 2);
          console.log(`\nSecond night: ${site.id} revised its ${revised.year} report and changed its page layout; crawling ${site.id} again`);
          const again = await runCrawlCommand({ ...o, site: [site.id] }, map, { missing });
          printSummary(again);
          code = Math.max(code, codeOf(again));
        }
        process.exitCode = code;
      } finally {
        await replay.close();
      }
    });
}
