// Our crawler as a contender of the crawl benchmark: the whole path (frontier, polite fetcher,
// snapshots, archive rows, dialect parsing) on a fresh archive, one linklist site per host.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crawl } from '../../src/crawl/crawler.js';
import { openArchive } from '../../src/archive/db.js';
import { loadGlobalConfig, validateSite } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { runContender } from './measure.mjs';

await runContender(async ({ port, hosts, delayMs, hostName }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-crawl-'));
  const db = openArchive(join(dir, 'archive.sqlite'));
  const global = loadGlobalConfig();
  if (process.env.OGI_BENCH_PARALLEL !== 'default') global.max_parallel_hosts = hosts;
  const sites = Array.from({ length: hosts }, (_, i) => validateSite({
    id: `h${i}`, name: `示例${i}县人民政府`, region: `示例${i}县`, level: 'county', homepage: `http://${hostName(i)}/`,
    dialect: 'linklist', start_urls: [`http://${hostName(i)}/list.html`],
  }, '<bench>'));
  return {
    crawl: async () => {
      const summary = await crawl({ db, storageDir: dir, sites, global, log: silentLogger, delayMs, hostMap: () => ({ address: '127.0.0.1', port }) });
      if (summary.status !== 'completed') throw new Error(`crawl ${summary.status}: ${JSON.stringify(summary.siteErrors).slice(0, 300)}`);
      return { status: summary.status, max_parallel_hosts: global.max_parallel_hosts };
    },
    cleanup: () => { db.close(); rmSync(dir, { recursive: true, force: true }); },
  };
});
