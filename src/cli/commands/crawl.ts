// `ogi crawl`: crawls the configured sites (all, or --site ID…) into the archive, then extracts
// the new report snapshots and prints the run's report. --replay HOST:PORT sends every request
// to a portal replay on this machine; --incremental follows the crawl calendar (cron).
import type { Command } from 'commander';
import { loadGlobalConfig, loadSites, defaultConfigDir } from '../../config/load.js';
import type { SiteConfig, GlobalConfig } from '../../config/schema.js';
import { crawl, type CrawlSummary } from '../../crawl/crawler.js';
import { runReport, formatRunReport, type RunReport } from '../../crawl/report.js';
import { createLogger } from '../../util/log.js';
import { replayHostMap } from '../hostmap.js';
import { storageDir, openStorage } from '../storage.js';
import { archivePathOf } from '../../store/paths.js';
import { createProgress } from '../progress.js';
import type { HostMapper } from '../../fetch/http.js';
import { EXTRACTOR_VERSION } from '../../extract/index.js';
import { ExtractionSandbox, sandboxedExtractAny } from '../../extract/any.js';
import { extractPending, reportLines, type ExtractionCounts } from '../../archive/extraction.js';
import { acquireLock, LockHeldError } from '../../frontier/lock.js';
import { planCrawl } from '../../crawl/plan.js';
import { EXIT } from '../exit.js';
import { plain } from '../plain.js';
import { missingTools, formatMissing, type MissingTool } from '../systemTools.js';
import { openLogFile } from '../logfile.js';

export interface CrawlCliOptions {
  site?: string[]; replay?: string; delay?: string; storage?: string; config: string; logJson?: boolean; progress?: boolean;
  incremental?: boolean; now?: string; dryRun?: boolean; queue?: string;
  /** Sites crawled besides config/sites (the demo's replay-only samples); not a command-line option. */
  extraSites?: SiteConfig[];
}

export function selectSites(all: SiteConfig[], ids: string[] | undefined): SiteConfig[] {
  if (!ids?.length) return all;
  const unknown = ids.filter((id) => !all.some((s) => s.id === id));
  if (unknown.length) throw new Error(`unknown site id(s): ${unknown.join(', ')} (see \`ogi sites list\`)`);
  return all.filter((s) => ids.includes(s.id));
}

export interface CrawlOutcome { summary: CrawlSummary; dir: string; report: RunReport; missing: MissingTool[]; logFile: string | null; extraction: { runId: number | null; counts: ExtractionCounts; reports: ReturnType<typeof reportLines> } }

function parseOptions(o: CrawlCliOptions): { delayMs?: number; now?: Date } {
  const delayMs = o.delay !== undefined ? Number(o.delay) : undefined;
  if (delayMs !== undefined && (!Number.isFinite(delayMs) || delayMs < 0)) throw new Error(`--delay: expected milliseconds ≥ 0, got "${o.delay}"`);
  const now = o.now !== undefined ? new Date(o.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now: expected an ISO date and time, got "${o.now}"`);
  return { delayMs, now };
}

function loadSelection(o: CrawlCliOptions): { global: GlobalConfig; selected: SiteConfig[] } {
  const global = loadGlobalConfig(o.config);
  const { sites, errors } = loadSites(o.config);
  for (const e of errors) console.error(`skipping invalid config ${e.message}`);
  return { global, selected: selectSites([...sites, ...(o.extraSites ?? [])], o.site) };
}

/**
 * Runs a crawl and its extraction. On a terminal the log goes to a file under storage/logs/
 * (progress bars and the summary are what a person reads); piped or with --log-json it is JSON
 * lines on stderr. Missing system tools are named once, before the first request; pass
 * `missing` when the caller has named them already.
 */
export async function runCrawlCommand(o: CrawlCliOptions, hostMap?: HostMapper, known?: { missing: MissingTool[] }): Promise<CrawlOutcome> {
  const { delayMs, now } = parseOptions(o);
  const { global, selected } = loadSelection(o);
  const map = hostMap ?? (o.replay ? replayHostMap(o.replay) : undefined);
  const dir = storageDir(global, o.storage);
  const lock = acquireLock(dir);
  const tty = !!process.stderr.isTTY && !o.logJson;
  const file = tty ? openLogFile(dir, 'crawl') : null;
  const log = createLogger(file ? { json: true, level: 'info', stream: file.stream } : { json: true, level: 'info' });
  let db: ReturnType<typeof openStorage>['db'] | null = null;
  const progress = createProgress(tty && o.progress !== false, selected.map((s) => s.id));
  try {
    const opened = openStorage(dir);
    db = opened.db;
    if (lock.tookOver) log.warn('lock.takeover', { pid: lock.tookOver.pid, since: lock.tookOver.since, note: 'the previous crawl was killed; its run is continued' });
    const missing = known?.missing ?? await missingTools(global, selected);
    if (missing.length) {
      log.warn('tools.missing', { tools: missing.map((t) => ({ tool: t.tool, needed_for: t.neededFor, install: t.install, detail: t.detail })) });
      if (tty && !known) for (const line of formatMissing(missing)) process.stderr.write(`${line}\n`);
    }
    // attachments are read in a worker with memory and time limits (a hostile file becomes an error
    // record); it boots while the crawl waits on the network
    const sandbox = new ExtractionSandbox();
    sandbox.warm();
    const summary = await crawl({
      db, storageDir: dir, sites: selected, global, log, delayMs, now, incremental: o.incremental, hostMap: map,
      onFetch: tty && o.progress !== false ? (e) => progress.update(e) : undefined,
    }).catch(async (e: unknown) => { await sandbox.close(); throw e; });
    progress.stop();
    const ex = await extractPending(db, opened.store, sandboxedExtractAny(sandbox), EXTRACTOR_VERSION, 'crawl', summary.runId).finally(() => sandbox.close());
    log.info('extract.finish', { run: ex.runId, ...ex.counts });
    const report = runReport(db, summary.runId);
    log.info('run.report', { run: summary.runId, sites: report.sites, totals: report.totals });
    return { summary, dir, report, missing, logFile: file?.path ?? null, extraction: { ...ex, reports: ex.runId === null ? [] : reportLines(db, ex.runId) } };
  } finally {
    progress.stop();
    db?.close();
    await file?.close();
    lock.release();
  }
}

export function printSummary(out: CrawlOutcome): void {
  const { summary, dir, report, extraction } = out;
  console.log(`\n${plain(formatRunReport(report))}`); // issuer names and notes come from archived pages (issue 7)
  const t = summary.totals;
  console.log(`sites ${Object.keys(summary.sites).length}, pages fetched ${t.requests}, snapshots stored ${t.new_snapshots} new, unchanged ${t.unchanged}, in ${(summary.durationMs / 1000).toFixed(1)} s${summary.resumed ? ' (continued after an interrupted run)' : ''}`);
  const c = extraction.counts;
  console.log(`\n${extraction.runId === null ? 'No new report snapshot to extract' : `Extraction run ${extraction.runId}`}: ${c.snapshots} new snapshots read, ${c.reports} reports, ${c.metrics} values, ${c.lists + c.other} not reports, ${c.errors} errors, ${c.failed_checks} failed checks`);
  if (extraction.reports.length) {
    const w = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
    console.log(`${'issuer'.padEnd(22)} ${'year'.padStart(4)} ${'format'.padEnd(7)} ${'received'.padStart(8)} ${'lawsuits'.padStart(8)}  checks`);
    for (const r of extraction.reports) {
      const issuer = plain(r.issuer ?? '?');
      console.log(`${issuer}${' '.repeat(Math.max(1, 22 - w(issuer)))} ${String(r.year ?? '?').padStart(4)} ${String(r.format ?? '?').padEnd(7)} ${String(r.received ?? '-').padStart(8)} ${String(r.lawsuits ?? '-').padStart(8)}  ${r.failed_checks ? `FAILED: ${r.failed.join(', ')}` : 'ok'}`);
    }
  }
  console.log(`archive: ${archivePathOf(dir)}`);
  if (out.logFile) console.log(`log: ${out.logFile}`);
}

/** Exit code of a finished crawl: all well, or some sites failed. */
export function crawlExitCode(out: CrawlOutcome): number {
  return failedSites(out).length ? EXIT.SOME_SITES_FAILED : EXIT.OK;
}

/** The sites that failed in the run (with a reason), or asked and got nothing stored. */
export function failedSites(out: CrawlOutcome): RunReport['sites'] {
  return out.report.sites.filter((s) => s.status === 'failed' || (s.status !== 'not_due' && s.requests > 0 && s.new_snapshots + s.unchanged === 0));
}

export function registerCrawl(program: Command): void {
  program.command('crawl')
    .description('crawl configured sites into the archive, extract new reports, print the run report')
    .option('--site <id...>', 'only these site ids')
    .option('--incremental', 'follow the crawl calendar: lists nightly in the publishing season, weekly otherwise; known reports re-checked monthly (for cron)')
    .option('--dry-run', 'list what would be fetched, fetch nothing')
    .option('--replay <host:port>', 'send every request to a portal replay at this loopback address (no DNS)')
    .option('--delay <ms>', 'per-host delay in ms for this run (overrides the configs)')
    .option('--now <iso>', 'the run\'s date for the calendar (simulations and tests)')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--log-json', 'structured JSON log lines even on a terminal')
    .option('--no-progress', 'no progress bars')
    .option('--queue <redis-url>', 'do not crawl here: put one job per site on this Redis queue for `ogi worker` processes and wait for them')
    .action(async (o: CrawlCliOptions) => {
      if (o.queue) {
        const { delayMs, now } = parseOptions(o);
        const { selected } = loadSelection(o);
        const { runQueuedCrawlCommand } = await import('./queue.js');
        process.exitCode = await runQueuedCrawlCommand({ queue: o.queue, sites: selected, replay: o.replay, delayMs, incremental: o.incremental, now: now?.toISOString() });
        return;
      }
      if (o.dryRun) {
        const { now } = parseOptions(o);
        const { global, selected } = loadSelection(o);
        console.log(planCrawl(storageDir(global, o.storage), selected, global, { incremental: !!o.incremental, now: now ?? new Date() }));
        return;
      }
      try {
        const out = await runCrawlCommand(o);
        printSummary(out);
        process.exitCode = crawlExitCode(out);
      } catch (e) {
        if (e instanceof LockHeldError) {
          console.error(`ogi crawl: ${e.message}; not starting a second one`);
          process.exitCode = EXIT.LOCKED;
          return;
        }
        throw e;
      }
    });
}
