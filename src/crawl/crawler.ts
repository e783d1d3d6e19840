// Owns a crawl run end to end: it starts (or continues) the run, sets up what the sites share
// (frontier, polite fetcher, the sink that writes the archive on a thread of its own, browser) and
// runs the sites as a queue of per-site jobs (siteCrawl.ts), then closes the run with its
// counts. Sites run in parallel, each host one request at a time. A run killed midway is
// continued by the next crawl.
import PQueue from 'p-queue';
import type { DB } from '../archive/db.js';
import type { GlobalConfig, SiteConfig } from '../config/schema.js';
import { HostClock } from '../frontier/hostclock.js';
import { Frontier } from '../frontier/frontier.js';
import { startRun, finishRun } from '../frontier/runs.js';
import { RunSites } from './runSites.js';
import { PoliteFetcher } from '../fetch/polite.js';
import { closeConnections, type HostMapper } from '../fetch/http.js';
import { SnapshotStore } from '../store/snapshots.js';
import { Recorder } from '../store/record.js';
import { ArchiveSink, type Sink } from '../store/sink.js';
import { ThreadSink } from '../store/sinkThread.js';
import { Lane } from '../util/lane.js';
import { Checkpointer } from '../store/checkpointer.js';
import { upsertSites } from '../store/sites.js';
import { runCounts, type SiteCounts } from './counts.js';
import type { Logger } from '../util/log.js';
import type { BrowserRenderer } from '../fetch/browser.js';
import { crawlSite, type RunContext, type SiteOutcome } from './siteCrawl.js';

export { looksLikeTrap } from './siteCrawl.js';

/** Rows of the fetches that finish within this window share one commit; a kill loses at most the window (its requests stay pending and are fetched again). */
const COMMIT_WINDOW_MS = 100;

export interface CrawlOptions {
  db: DB;
  storageDir: string;
  sites: SiteConfig[];
  global: GlobalConfig;
  log: Logger;
  hostMap?: HostMapper;
  /** Overrides every site's per-host delay (tests, replay). */
  delayMs?: number;
  /** Continue a run left by a killed crawl (default true). */
  resume?: boolean;
  /** The run's time (default now): the calendar and revisit intervals are computed from it. */
  now?: Date;
  /** Follow the crawl calendar: skip sites whose lists are not due, and known reports checked recently. */
  incremental?: boolean;
  /** Renders `render: browser` sites' list pages; created on demand when absent. */
  browser?: () => Promise<BrowserRenderer>;
  /** Write the archive (snapshot files and rows) from a thread of its own (default true); false writes from the event loop. */
  snapshotThread?: boolean;
  /** Called after each fetch is recorded (progress display). */
  onFetch?: (e: { siteId: string; url: string; kind: string; outcome: string; done: number; queued: number }) => void;
}

export interface CrawlSummary { runId: number; resumed: boolean; status: 'completed' | 'failed'; sites: Record<string, SiteCounts>; totals: SiteCounts; siteErrors: Record<string, string>; outcomes: Record<string, SiteOutcome>; durationMs: number }

export async function crawl(o: CrawlOptions): Promise<CrawlSummary> {
  const t0 = Date.now();
  const g = o.global.politeness;
  upsertSites(o.db, o.sites);
  const now = o.now ?? new Date();
  const { run, resumed } = startRun(o.db, { sites: o.sites.map((s) => s.id), delayMs: o.delayMs ?? null, incremental: !!o.incremental }, o.resume !== false, now);
  const runSites = new RunSites(o.db, run.id);
  o.log.info(resumed ? 'crawl.resume' : 'crawl.start', { run: run.id, sites: o.sites.length });
  const lane = new Lane();
  // The archive is written from a thread of its own (snapshot files and rows), unless asked not
  // to or the archive is in memory; then from this thread, with WAL checkpoints on a thread.
  const threaded = o.snapshotThread !== false && !o.db.memory;
  const sink: Sink = threaded ? new ThreadSink(o.db.name, o.storageDir, run.id, COMMIT_WINDOW_MS, o.global.snapshot_inline_max_bytes) : new ArchiveSink(o.db, o.storageDir, run.id, { lane, commitMs: COMMIT_WINDOW_MS, inlineMaxBytes: o.global.snapshot_inline_max_bytes });
  const checkpoints = threaded ? null : Checkpointer.start(o.db, o.log);
  const frontier = new Frontier(o.db, run.id, sink);
  const recorder = new Recorder(o.db, new SnapshotStore(o.storageDir, o.db)); // reads only: validators and stored bodies of earlier fetches
  const clock = new HostClock(o.delayMs ?? g.delay_ms);
  const fetcher = new PoliteFetcher({
    userAgent: o.global.user_agent, timeoutMs: g.timeout_ms, maxUrlMs: g.max_url_ms, retries: g.retries, backoffMs: g.backoff_ms,
    maxRedirects: g.max_redirects, maxBodyBytes: g.max_body_bytes, maxRetryAfterMs: g.max_retry_after_ms,
    hostMap: o.hostMap, clock,
    stored: (url) => {
      const prev = recorder.previous(url, 'GET');
      return prev ? { headers: Recorder.conditionalHeaders(prev), body: () => recorder.storedBody(prev) } : null;
    },
  });
  let renderer: Promise<BrowserRenderer> | null = null;
  const ctx: RunContext = {
    db: o.db, runId: run.id, global: o.global, log: o.log, now, incremental: !!o.incremental, delayMs: o.delayMs,
    runSites, frontier, recorder, sink, fetcher, onFetch: o.onFetch,
    // parsing (and archive writes on this thread) wait their turn behind timers and sockets (see Lane)
    lane,
    storing: { bytes: 0 },
    renderer: () => (renderer ??= o.browser ? o.browser() : import('../fetch/browser.js').then((b) => b.createBrowserRenderer(o.global, o.log))),
  };
  const outcomes: Record<string, SiteOutcome> = {};
  const queue = new PQueue({ concurrency: o.global.max_parallel_hosts });

  // Each site starts in a turn of the event loop of its own (the lane): starting a site and
  // sending its first request take a few milliseconds, and hundreds of sites started in one go
  // would hold back every response and timer of the sites already running (the first request
  // of a 200-site run went out after 0.5 s). Sites that start one turn apart also do not stay
  // in step, so their responses do not arrive in bursts.
  // its own lane: starts do not wait behind pages being read, nor these behind starts. At least 8
  // a turn, and enough that every site has started within about 25 turns: a thousand sites 8 a
  // turn took 1.2–1.6 s to start, and each late start delays that site's whole chain.
  const starts = new Lane(Math.max(8, Math.ceil(Math.min(o.sites.length, o.global.max_parallel_hosts) / 25)));
  for (const site of o.sites) {
    queue.add(async () => {
      let running!: Promise<SiteOutcome>;
      await starts.run('soon', () => { running = crawlSite(ctx, site); }); // the start's own work (up to its first request) counts in the turn
      outcomes[site.id] = await running;
    });
  }
  try {
    await queue.onIdle();
  } finally {
    try {
      await sink.close();
    } finally {
      await checkpoints?.stop();
    }
  }
  if (renderer) await (await (renderer as Promise<BrowserRenderer>).catch(() => null))?.close();
  closeConnections();
  const siteErrors: Record<string, string> = {};
  for (const [id, x] of Object.entries(outcomes)) if (x.status === 'failed') siteErrors[id] = x.reason ?? 'failed';
  const counts = runCounts(o.db, run.id);
  const status = Object.keys(siteErrors).length === o.sites.length && o.sites.length > 0 ? 'failed' : 'completed';
  // The frontier is the run's work queue: once the run is finished, every request it made is in
  // `fetches` (with its frontier key), so the queue is emptied to keep nightly runs small.
  o.db.transaction(() => {
    finishRun(o.db, run.id, status, { totals: counts.totals, siteErrors }); // per-site counts: crawl_run_sites and fetches
    frontier.clear();
  })();
  o.log.info('crawl.finish', { run: run.id, status, ...counts.totals });
  return { runId: run.id, resumed, status, ...counts, siteErrors, outcomes, durationMs: Date.now() - t0 };
}
