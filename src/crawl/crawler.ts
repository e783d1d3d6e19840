// Owns a crawl run end to end: sites → frontier → polite fetch → snapshot + fetch row →
// links found by the site's dialect back into the frontier. Sites run in parallel, each
// host one request at a time. A run killed midway is continued by the next crawl.
import PQueue from 'p-queue';
import { CookieJar } from 'tough-cookie';
import type { DB } from '../archive/db.js';
import type { GlobalConfig, SiteConfig } from '../config/schema.js';
import { getDialect } from '../../crawlers/index.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { HostClock } from '../frontier/hostclock.js';
import { Frontier, type FrontierItem } from '../frontier/frontier.js';
import { canonicalUrl, hostAllowed } from '../frontier/url.js';
import { startRun, finishRun } from '../frontier/runs.js';
import { scheduleOf, listsDue, RevisitPolicy } from '../frontier/calendar.js';
import { RunSites } from './runSites.js';
import { PoliteFetcher, type Attempted } from '../fetch/polite.js';
import { closeConnections, type HostMapper } from '../fetch/http.js';
import { decodeBody } from '../fetch/decode.js';
import { htmlNesting, MAX_HTML_NESTING } from '../fetch/htmlguard.js';
import { SnapshotStore, StorageError } from '../store/snapshots.js';
import { Recorder } from '../store/record.js';
import { CommitWindow, CommitError } from '../store/commitWindow.js';
import { SnapshotWriter } from '../store/snapshotWriter.js';
import { Lane } from '../util/lane.js';
import { Checkpointer } from '../store/checkpointer.js';
import { upsertSites } from '../store/sites.js';
import { runCounts, type SiteCounts } from './counts.js';
import type { Logger } from '../util/log.js';
import type { BrowserRenderer } from '../fetch/browser.js';

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
  /** Write snapshot files from a worker thread (default true); false writes them from the event loop. */
  snapshotThread?: boolean;
  /** Called after each fetch is recorded (progress display). */
  onFetch?: (e: { siteId: string; url: string; kind: string; outcome: string; done: number; queued: number }) => void;
}

/** Pages of one site whose storing may run behind its crawl at once, and the bytes they may hold in memory. */
const MAX_STORING_PER_SITE = 8;
const MAX_STORING_BYTES_PER_SITE = 32 * 2 ** 20;

export interface CrawlSummary { runId: number; resumed: boolean; status: 'completed' | 'failed'; sites: Record<string, SiteCounts>; totals: SiteCounts; siteErrors: Record<string, string>; durationMs: number }

export async function crawl(o: CrawlOptions): Promise<CrawlSummary> {
  const t0 = Date.now();
  const g = o.global.politeness;
  upsertSites(o.db, o.sites);
  const now = o.now ?? new Date();
  const { run, resumed } = startRun(o.db, { sites: o.sites.map((s) => s.id), delayMs: o.delayMs ?? null, incremental: !!o.incremental }, o.resume !== false, now);
  const runSites = new RunSites(o.db, run.id);
  o.log.info(resumed ? 'crawl.resume' : 'crawl.start', { run: run.id, sites: o.sites.length });
  const frontier = new Frontier(o.db, run.id);
  const store = new SnapshotStore(o.storageDir);
  const writer = o.snapshotThread === false ? undefined : new SnapshotWriter(o.storageDir);
  const recorder = new Recorder(o.db, store, writer);
  const commits = new CommitWindow(o.db, (ok) => (ok ? recorder.committed() : recorder.rolledBack()));
  const checkpoints = Checkpointer.start(o.db, o.log);
  // parsing and archive writes wait their turn behind timers and sockets (see Lane)
  const lane = new Lane();
  const clock = new HostClock(o.delayMs ?? g.delay_ms);
  const fetcher = new PoliteFetcher({
    userAgent: o.global.user_agent, timeoutMs: g.timeout_ms, retries: g.retries, backoffMs: g.backoff_ms,
    maxRedirects: g.max_redirects, maxBodyBytes: g.max_body_bytes, maxRetryAfterMs: g.max_retry_after_ms,
    hostMap: o.hostMap, clock,
    stored: (url) => {
      const prev = recorder.previous(url, 'GET');
      return prev ? { headers: Recorder.conditionalHeaders(prev), body: () => recorder.storedBody(prev) } : null;
    },
  });
  let renderer: BrowserRenderer | null = null;
  const siteErrors: Record<string, string> = {};
  const queue = new PQueue({ concurrency: o.global.max_parallel_hosts });

  const crawlSite = async (site: SiteConfig) => {
    const dialect = getDialect(site.dialect)!;
    const params = dialect.params.parse(site.params);
    const delayMs = o.delayMs ?? site.politeness.delay_ms ?? g.delay_ms;
    const maxPages = site.politeness.max_pages ?? g.max_pages;
    const maxDepth = site.politeness.max_depth ?? g.max_depth;
    const maxBody = site.politeness.max_body_bytes ?? g.max_body_bytes;
    const maxMs = (site.politeness.max_seconds ?? g.max_seconds) * 1000;
    const sched = scheduleOf(site, o.global);
    const revisit = o.incremental ? new RevisitPolicy(o.db, now, sched.revisitDays) : null;
    commits.open(); // a site's start rows share a commit with the other sites starting now
    const siteRow = runSites.start(site.id);
    if (siteRow.previous === 'not_due') return;
    if (siteRow.fresh && o.incremental) {
      const due = listsDue(o.db, site, sched, now);
      if (!due.due) {
        o.log.info('site.not_due', { site: site.id, reason: due.reason });
        runSites.finish(site.id, 'not_due', due.reason);
        return;
      }
    }
    if (frontier.countFor(site.id) === 0) frontier.add(site.id, dialect.startRequests(site, params).map((r) => ({ ...r, depth: 0 })), null);
    const cookies = new CookieJar(); // the site's own cookies, kept for this run only
    const t0 = Date.now();
    let barren = 0;
    let status: 'completed' | 'budget' | 'trap' = 'completed';

    const record = async (item: FrontierItem | null, kind: string, att: Attempted, bytes: Buffer | null, charset: { charset: string; source: string } | null, prev: ReturnType<Recorder['previous']>, extra?: () => void) => {
      let snap = null;
      let sha: string | null = null;
      if (bytes && (att.outcome === 'ok' || att.outcome === 'blocked')) {
        const put = await recorder.putBody(bytes);
        sha = put.sha256;
        snap = { sha256: put.sha256, path: put.path, size: bytes.length, contentType: att.result.headers['content-type'] ?? null, charset: charset?.charset ?? null, charsetSource: charset?.source ?? null };
      } else if (att.outcome === 'not_modified' && prev) sha = prev.snapshot_sha256;
      await lane.turn('later');
      commits.open();
      recorder.record({
        runId: run.id, siteId: site.id, frontierKey: item?.key ?? null, kind, method: item?.method ?? 'GET', parentUrl: item?.parent_url ?? null,
        attempted: att, snapshotSha256: att.outcome === 'blocked' ? null : sha, charset: charset?.charset ?? null,
        carried: att.outcome === 'not_modified' && prev ? { etag: prev.etag, last_modified: prev.last_modified } : undefined,
      }, att.outcome === 'blocked' ? null : snap, extra);
    };

    // Storing a page (its bytes made durable, then its rows) runs behind the crawl: a host's next
    // request waits for its politeness delay, not for the disk. The item stays pending until its
    // rows are in, so a kill meanwhile means it is fetched again (`Frontier.next` moves past it).
    const storing = new Map<string, Promise<void>>();
    let storeFailure: Error | null = null;
    let storingBytes = 0;
    const storeBehind = (key: string, url: string, stored: Promise<void>, failed?: () => void, bytes = 0) => {
      storingBytes += bytes;
      storing.set(key, stored.catch((e) => {
        if (e instanceof StorageError || e instanceof CommitError) storeFailure ??= e;
        else {
          o.log.error('item.failed', { site: site.id, url, error: (e as Error).stack ?? String(e) });
          failed?.();
        }
      }).finally(() => { storing.delete(key); storingBytes -= bytes; }));
    };

    const processItem = async (item: FrontierItem) => {
      const opts = { allowedHosts: site.allowed_hosts, delayMs, maxBodyBytes: maxBody, cookies }; // the site's cap applies while streaming (issue 7)
      if (revisit && (item.kind === 'report' || item.kind === 'attachment') && !revisit.due(item.url)) {
        frontier.setState(item.key, 'fresh');
        runSites.bump(site.id, 'fresh_skipped');
        return;
      }
      const robots = await fetcher.robotsFor(item.url, opts);
      if (robots.first && robots.attempt) {
        const a = robots.attempt;
        storeBehind(`robots ${a.result.url}`, item.url, record(null, 'robots', a, a.result.body, a.result.body ? { charset: 'utf-8', source: 'default' } : null, recorder.previous(a.result.url, 'GET')));
      }
      if (!robots.rules.isAllowed(item.url)) {
        const att: Attempted = {
          result: { url: item.url, finalUrl: item.url, redirects: [], status: null, headers: {}, requestHeaders: {}, body: null, startedAt: new Date().toISOString(), elapsedMs: 0, error: null },
          outcome: 'robots_disallowed', errorKind: 'robots', error: robots.rules.reason, attempt: 0,
        };
        await record(item, item.kind, att, null, null, undefined, () => frontier.setState(item.key, 'skipped'));
        return;
      }
      const prev = recorder.previous(item.url, item.method);
      const headers = Recorder.conditionalHeaders(prev);
      const useBrowser = site.render === 'browser' && item.kind === 'list';
      let att: Attempted;
      let text: string | null = null;
      if (useBrowser) {
        renderer ??= await (o.browser ? o.browser() : (await import('../fetch/browser.js')).createBrowserRenderer(o.global, o.log));
        const r = await renderer.render(item.url, { fetcher, allowedHosts: site.allowed_hosts, delayMs, conditional: headers, stored: recorder.storedBody(prev) });
        for (const sub of r.subrequests) await record(null, 'data', sub, sub.result.body, sub.result.body ? decodeCharset(sub.result.body, sub.result.headers['content-type'], site.encoding) : null, undefined);
        att = r.main;
        text = r.html;
      } else {
        att = await fetcher.fetch({ url: item.url, method: item.method, body: item.body ?? undefined, headers, ...opts });
      }
      const result = att.result;
      let bytes = result.body;
      if (bytes && bytes.length > maxBody) { att = { ...att, outcome: 'too_large', errorKind: 'size', error: `body over the site's cap of ${maxBody}` }; bytes = null; }
      const done = att.outcome === 'ok' || att.outcome === 'not_modified';
      const fetched = att;
      /** Decodes the page and reads the requests it links to (its dialect's rules). */
      const readPage = (): { charset: { charset: string; source: string } | null; next: DiscoveredRequest[] } => {
        const body = fetched.outcome === 'not_modified' ? recorder.storedBody(prev) : bytes;
        if (!body || !done) return { charset: null, next: [] };
        const dec = decodeBody(body, result.headers['content-type'], site.encoding);
        let discovered: DiscoveredRequest[] = [];
        const parsable = item.kind !== 'attachment' && isTextual(result.headers['content-type']);
        // Hostile pages (issue 7): HTML nested deeper than any real page keeps parse5 busy for minutes; archived, not parsed.
        if (parsable && htmlNesting(text ?? dec.text) > MAX_HTML_NESTING) {
          runSites.bump(site.id, 'parse_errors');
          o.log.warn('parse.skipped', { site: site.id, url: item.url, reason: `HTML nested more than ${MAX_HTML_NESTING} elements deep` });
        } else if (parsable) {
          try {
            discovered = dialect.parse({ site, request: { url: item.url, kind: item.kind, method: item.method, body: item.body ?? undefined, label: item.label ?? undefined, depth: item.depth }, finalUrl: result.finalUrl, status: result.status ?? 0, contentType: result.headers['content-type'] ?? null, text: text ?? dec.text }, params);
          } catch (e) {
            runSites.bump(site.id, 'parse_errors');
            o.log.warn('parse.failed', { site: site.id, url: item.url, error: (e as Error).message });
          }
        }
        return { charset: { charset: dec.charset, source: dec.source }, next: filterDiscovered(discovered, item, site, maxDepth, g.max_url_length) };
      };
      /** Queues the page's links; returns how many report links it had, and how many were new. */
      const addLinks = (next: DiscoveredRequest[]): { reportLinks: number; newReports: number } => {
        commits.open();
        const reports = next.filter((r) => r.kind === 'report' || r.kind === 'attachment');
        const newReports = frontier.add(site.id, reports, result.finalUrl);
        frontier.add(site.id, next.filter((r) => r.kind !== 'report' && r.kind !== 'attachment'), result.finalUrl);
        return { reportLinks: reports.length, newReports };
      };
      const state = done ? 'done' : 'failed';
      const isList = item.kind === 'list' || item.kind === 'data';
      const store = (charset: { charset: string; source: string } | null, reportLinks: number) => record(item, item.kind, fetched, fetched.outcome === 'ok' ? bytes : null, fetched.outcome === 'ok' ? charset : null, prev, () => {
        frontier.setState(item.key, state, fetched.attempt);
        if (isList && state === 'done') runSites.addLinks(site.id, reportLinks);
      });
      if (isList) {
        // A list's links are the host's next requests: it is read now, before any row is written;
        // its bytes and rows are stored behind the crawl (see `storing`).
        if (done) await lane.turn('soon');
        const page = readPage();
        const { reportLinks, newReports } = addLinks(page.next);
        storeBehind(item.key, item.url, store(page.charset, reportLinks), () => frontier.setState(item.key, 'failed'), bytes?.length);
        if (state === 'done') {
          barren = newReports > 0 || item.depth === 0 ? 0 : barren + 1;
          if (barren >= g.max_barren_lists) {
            const n = frontier.skipPending(site.id, ['list', 'data']);
            if (n > 0) {
              status = 'trap';
              o.log.warn('site.trap', { site: site.id, url: item.url, barren, skipped: n, reason: `${barren} list pages in a row gave no new report link` });
            }
          }
        }
      } else {
        // A report's links (its attachments) can wait: it is read and stored behind the crawl.
        storeBehind(item.key, item.url, (async () => {
          if (done) await lane.turn('later');
          const page = readPage();
          addLinks(page.next);
          await store(page.charset, 0);
        })(), () => frontier.setState(item.key, 'failed'), bytes?.length);
      }
      if (att.outcome !== 'ok' && att.outcome !== 'not_modified') o.log.warn('fetch.failed', { site: site.id, url: item.url, outcome: att.outcome, error: att.error });
      if (o.onFetch) o.onFetch({ siteId: site.id, url: item.url, kind: item.kind, outcome: att.outcome, done: frontier.doneCount(site.id), queued: frontier.countFor(site.id) });
    };

    let pages = frontier.doneCount(site.id);
    for (;;) {
      const item = frontier.next(site.id);
      if (storeFailure) break;
      if (!item) {
        if (storing.size === 0) break;
        await Promise.race(storing.values()); // pages still being read may link to more
        continue;
      }
      if (pages >= maxPages || Date.now() - t0 > maxMs) {
        o.log.warn('site.budget', { site: site.id, pages, maxPages, seconds: Math.round((Date.now() - t0) / 1000) });
        frontier.skipPending(site.id);
        status = 'budget';
        break;
      }
      try {
        await processItem(item);
      } catch (e) {
        if (e instanceof StorageError || e instanceof CommitError) throw e; // disk full or read-only (issue 7): stop the site with that message; the item stays pending
        o.log.error('item.failed', { site: site.id, url: item.url, error: (e as Error).stack ?? String(e) });
        frontier.setState(item.key, 'failed');
      }
      pages++;
      while (storing.size >= MAX_STORING_PER_SITE || storingBytes > MAX_STORING_BYTES_PER_SITE) await Promise.race(storing.values());
    }
    while (storing.size > 0) await Promise.all(storing.values());
    if (storeFailure) throw storeFailure; // disk full or read-only (issue 7): the site stops with that message
    runSites.finish(site.id, status, null);
  };

  // The first sites start spread over one delay interval rather than all at once: hosts that
  // start together stay in step, and their responses then arrive in bursts that queue behind
  // each other on the event loop, stretching every host's turn.
  const parallel = Math.min(o.sites.length, o.global.max_parallel_hosts);
  const spacingMs = parallel > 1 ? (o.delayMs ?? g.delay_ms) / parallel : 0;
  for (const [i, site] of o.sites.entries()) {
    queue.add(async () => {
      if (i < parallel && spacingMs * i >= 1) await new Promise((r) => setTimeout(r, spacingMs * i));
      try {
        await crawlSite(site);
      } catch (e) {
        siteErrors[site.id] = (e as Error).message;
        runSites.finish(site.id, 'failed', (e as Error).message);
        o.log.error('site.failed', { site: site.id, error: (e as Error).stack ?? String(e) });
      }
    });
  }
  try {
    await queue.onIdle();
    commits.close();
  } finally {
    await checkpoints.stop();
    await writer?.close();
  }
  if (renderer) await (renderer as BrowserRenderer).close();
  closeConnections();
  const counts = runCounts(o.db, run.id);
  const status = Object.keys(siteErrors).length === o.sites.length && o.sites.length > 0 ? 'failed' : 'completed';
  finishRun(o.db, run.id, status, { totals: counts.totals, siteErrors }); // per-site counts: crawl_run_sites and fetches
  // The frontier is the run's work queue: once the run is finished, every request it made is in
  // `fetches` (with its frontier key), so the queue is emptied to keep nightly runs small.
  frontier.clear();
  o.log.info('crawl.finish', { run: run.id, status, ...counts.totals });
  return { runId: run.id, resumed, status, ...counts, siteErrors, durationMs: Date.now() - t0 };
}

function decodeCharset(bytes: Buffer, ct: string | undefined, override?: string) {
  const d = decodeBody(bytes, ct, override);
  return { charset: d.charset, source: d.source };
}

/** Calendar and session traps: a path segment repeated three times, or a query that nests itself. */
export function looksLikeTrap(url: string): boolean {
  const u = new URL(url);
  const segs = u.pathname.split('/').filter(Boolean);
  const seen = new Map<string, number>();
  for (const s of segs) if ((seen.set(s, (seen.get(s) ?? 0) + 1).get(s) ?? 0) >= 3) return true;
  if (/(%3F|%26).*(%3F|%26).*(%3F|%26)/i.test(u.search)) return true;
  const years = [...u.search.matchAll(/(?:^|[&?])(?:year|y|date|day|month)=(\d{4})/gi)].map((m) => Number(m[1]));
  return years.some((y) => y < 1990 || y > new Date().getUTCFullYear() + 1);
}

function isTextual(ct: string | undefined): boolean {
  return !ct || /html|xml|json|text|javascript/i.test(ct);
}

/** Links worth queueing: canonical, on an allowed host, within depth, and not a crawler trap. */
function filterDiscovered(found: DiscoveredRequest[], from: FrontierItem, site: SiteConfig, maxDepth: number, maxUrlLength: number): DiscoveredRequest[] {
  const out: DiscoveredRequest[] = [];
  for (const r of found) {
    const url = canonicalUrl(r.url);
    if (!url || url.length > maxUrlLength || looksLikeTrap(url)) continue;
    if (!hostAllowed(new URL(url).hostname, site.allowed_hosts)) continue;
    const depth = r.kind === 'list' || r.kind === 'data' ? from.depth + 1 : from.depth;
    if ((r.kind === 'list' || r.kind === 'data') && depth > maxDepth) continue;
    out.push({ ...r, url, depth: r.depth ?? depth });
  }
  return out;
}
