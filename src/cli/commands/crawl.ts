// `ogi crawl`: crawls the configured sites (all, or --site ID…) into the archive; --replay
// HOST:PORT sends every request to a portal replay on this machine instead of the real hosts.
import type { Command } from 'commander';
import { loadGlobalConfig, loadSites, defaultConfigDir } from '../../config/load.js';
import type { SiteConfig } from '../../config/schema.js';
import { crawl, type CrawlSummary } from '../../crawl/crawler.js';
import { createLogger } from '../../util/log.js';
import { replayHostMap } from '../hostmap.js';
import { storageDir, openStorage, archivePath } from '../storage.js';
import { createProgress } from '../progress.js';
import type { HostMapper } from '../../fetch/http.js';
import { extract, EXTRACTOR_VERSION } from '../../extract/index.js';
import { extractPending, reportLines, type ExtractionCounts } from '../../archive/extraction.js';

export interface CrawlCliOptions { site?: string[]; replay?: string; delay?: string; storage?: string; config: string; logJson?: boolean; progress?: boolean }

export function selectSites(all: SiteConfig[], ids: string[] | undefined): SiteConfig[] {
  if (!ids?.length) return all;
  const unknown = ids.filter((id) => !all.some((s) => s.id === id));
  if (unknown.length) throw new Error(`unknown site id(s): ${unknown.join(', ')} (see \`ogi sites list\`)`);
  return all.filter((s) => ids.includes(s.id));
}

export interface CrawlOutcome { summary: CrawlSummary; dir: string; extraction: { runId: number; counts: ExtractionCounts; reports: ReturnType<typeof reportLines> } }

export async function runCrawlCommand(o: CrawlCliOptions, hostMap?: HostMapper): Promise<CrawlOutcome> {
  const global = loadGlobalConfig(o.config);
  const { sites, errors } = loadSites(o.config);
  for (const e of errors) console.error(`skipping invalid config ${e.message}`);
  const selected = selectSites(sites, o.site);
  const dir = storageDir(global, o.storage);
  const { db, store } = openStorage(dir);
  const tty = !!process.stderr.isTTY && !o.logJson;
  const log = createLogger({ json: !tty, level: tty ? 'warn' : 'info' });
  const progress = createProgress(tty && o.progress !== false, selected.map((s) => s.id));
  try {
    const delayMs = o.delay !== undefined ? Number(o.delay) : undefined;
    if (delayMs !== undefined && (!Number.isFinite(delayMs) || delayMs < 0)) throw new Error(`--delay: expected milliseconds ≥ 0, got "${o.delay}"`);
    const summary = await crawl({
      db, storageDir: dir, sites: selected, global, log, delayMs,
      hostMap: hostMap ?? (o.replay ? replayHostMap(o.replay) : undefined),
      onFetch: (e) => progress.update(e),
    });
    progress.stop();
    const ex = extractPending(db, store, extract, EXTRACTOR_VERSION, 'crawl', summary.runId);
    log.info('extract.finish', { run: ex.runId, ...ex.counts });
    return { summary, dir, extraction: { ...ex, reports: reportLines(db, ex.runId) } };
  } finally {
    progress.stop();
    db.close();
  }
}

export function printSummary({ summary, dir, extraction }: CrawlOutcome): void {
  const rows = Object.entries(summary.sites);
  console.log(`\nCrawl run ${summary.runId}${summary.resumed ? ' (continued after an interrupted run)' : ''}: ${summary.status} in ${(summary.durationMs / 1000).toFixed(1)} s`);
  console.log(`${'site'.padEnd(12)} ${'requests'.padStart(8)} ${'new snaps'.padStart(9)} ${'unchanged'.padStart(9)} ${'reports'.padStart(7)} ${'blocked'.padStart(7)} ${'robots'.padStart(6)}  errors`);
  for (const [id, c] of rows) {
    const errs = Object.entries(c.errors).filter(([k]) => k !== 'robots').map(([k, v]) => `${k}:${v}`).join(' ');
    console.log(`${id.padEnd(12)} ${String(c.requests).padStart(8)} ${String(c.new_snapshots).padStart(9)} ${String(c.unchanged).padStart(9)} ${String(c.reports).padStart(7)} ${String(c.blocked).padStart(7)} ${String(c.robots_disallowed).padStart(6)}  ${errs}`);
  }
  const t = summary.totals;
  console.log(`sites ${rows.length}, pages fetched ${t.requests}, snapshots stored ${t.new_snapshots} new, unchanged ${t.unchanged}`);
  for (const [id, e] of Object.entries(summary.siteErrors)) console.log(`site ${id} failed: ${e}`);
  const c = extraction.counts;
  console.log(`\nExtraction run ${extraction.runId}: ${c.snapshots} new snapshots read, ${c.reports} reports, ${c.metrics} values, ${c.lists + c.other} not reports, ${c.errors} errors, ${c.failed_checks} failed checks`);
  if (extraction.reports.length) {
    console.log(`${'issuer'.padEnd(16)} ${'year'.padStart(4)} ${'format'.padEnd(7)} ${'received'.padStart(8)} ${'lawsuits'.padStart(8)}  checks`);
    for (const r of extraction.reports) {
      console.log(`${(r.issuer ?? '?').padEnd(16 - (r.issuer ?? '?').length)} ${String(r.year ?? '?').padStart(4)} ${String(r.format ?? '?').padEnd(7)} ${String(r.received ?? '-').padStart(8)} ${String(r.lawsuits ?? '-').padStart(8)}  ${r.failed_checks ? `${r.failed_checks} FAILED` : 'ok'}`);
    }
  }
  console.log(`archive: ${archivePath(dir)}`);
}

export function registerCrawl(program: Command): void {
  program.command('crawl')
    .description('crawl configured sites into the archive')
    .option('--site <id...>', 'only these site ids')
    .option('--replay <host:port>', 'send every request to a portal replay at this loopback address (no DNS)')
    .option('--delay <ms>', 'per-host delay in ms for this run (overrides the configs)')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--log-json', 'structured JSON log lines even on a terminal')
    .option('--no-progress', 'no progress bars')
    .action(async (o: CrawlCliOptions) => {
      const out = await runCrawlCommand(o);
      printSummary(out);
      const { summary } = out;
      const failed = Object.keys(summary.siteErrors).length;
      process.exitCode = summary.status === 'failed' ? 2 : failed ? 1 : 0;
    });
}
