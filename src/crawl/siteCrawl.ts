// Owns one site's crawl within a run: from its start requests (or the pending items a killed
// run left) through polite fetches, snapshots and rows, to the site's outcome with its reason.
// A crawl run (crawler.ts) gives each site the run's shared parts (frontier, fetcher, recorder,
// commit window, lane) and queues the sites; everything site-specific happens here.
import { CookieJar } from 'tough-cookie';
import type { DB } from '../archive/db.js';
import type { GlobalConfig, SiteConfig } from '../config/schema.js';
import { getDialect } from '../../crawlers/index.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import type { Frontier, FrontierItem } from '../frontier/frontier.js';
import { canonicalUrl, hostAllowed } from '../frontier/url.js';
import { scheduleOf, listsDue, RevisitPolicy } from '../frontier/calendar.js';
import type { RunSites } from './runSites.js';
import type { PoliteFetcher, Attempted } from '../fetch/polite.js';
import { decodeBody } from '../fetch/decode.js';
import { htmlNesting, MAX_HTML_NESTING } from '../fetch/htmlguard.js';
import { StorageError } from '../store/snapshots.js';
import { Recorder } from '../store/record.js';
import { CommitError } from '../store/commitWindow.js';
import type { Sink, SinkOp } from '../store/sink.js';
import type { Lane } from '../util/lane.js';
import type { Logger } from '../util/log.js';
import type { BrowserRenderer } from '../fetch/browser.js';

/** What a run shares with each of its sites. */
export interface RunContext {
  db: DB;
  runId: number;
  global: GlobalConfig;
  log: Logger;
  now: Date;
  incremental: boolean;
  /** Overrides every site's per-host delay (tests, replay). */
  delayMs?: number;
  /** Reads the run's site rows (their writes go through the sink). */
  runSites: RunSites;
  frontier: Frontier;
  /** Reads what earlier fetches stored (validators, bodies); fetches are written through the sink. */
  recorder: Recorder;
  /** Where the run's archive writes go (this thread or the writing thread). */
  sink: Sink;
  lane: Lane;
  /** Bytes of pages held in memory while they are stored behind the crawl, over all sites of the run. */
  storing: { bytes: number };
  fetcher: PoliteFetcher;
  /** The run's browser, started on first use (one for all `render: browser` sites). */
  renderer: () => Promise<BrowserRenderer>;
  onFetch?: (e: { siteId: string; url: string; kind: string; outcome: string; done: number; queued: number }) => void;
}

export type SiteStatus = 'completed' | 'budget' | 'trap' | 'not_due' | 'failed';
/** How a site's crawl ended; `reason` says why when it did not simply complete. */
export interface SiteOutcome { status: SiteStatus; reason: string | null }

/** Pages of one site whose storing may run behind its crawl at once, and the bytes they may hold in memory. */
const MAX_STORING_PER_SITE = 8;
const MAX_STORING_BYTES_PER_SITE = 32 * 2 ** 20;
/** The bytes all sites of a run may hold while storing (a thousand sites in parallel must not hold 32 MiB each). */
const MAX_STORING_BYTES_PER_RUN = 256 * 2 ** 20;

/** A fault that stops the site (disk full, no browser): the site fails with this message. */
export class SiteFailure extends Error {}

/** Crawls one site and records its outcome in the run's site row. Never throws: a failure is an outcome. */
export async function crawlSite(ctx: RunContext, site: SiteConfig): Promise<SiteOutcome> {
  let outcome: SiteOutcome;
  try {
    outcome = await crawlSiteInner(ctx, site);
  } catch (e) {
    outcome = { status: 'failed', reason: (e as Error).message };
    ctx.log.error('site.failed', { site: site.id, error: e instanceof SiteFailure ? e.message : (e as Error).stack ?? String(e) });
  }
  if (!(outcome.status === 'not_due' && outcome.reason === null)) ctx.sink.apply([{ t: 'site.finish', siteId: site.id, status: outcome.status, error: outcome.reason, at: new Date().toISOString() }]);
  if (outcome.status === 'failed') ctx.onFetch?.({ siteId: site.id, url: '', kind: 'site', outcome: 'failed', done: ctx.frontier.doneCount(site.id), queued: ctx.frontier.countFor(site.id) });
  return outcome;
}

async function crawlSiteInner(ctx: RunContext, site: SiteConfig): Promise<SiteOutcome> {
  const { runSites, frontier, recorder, sink, lane, fetcher, log: olog } = ctx;
  const bump = (counter: 'fresh_skipped' | 'parse_errors') => sink.apply([{ t: 'site.bump', siteId: site.id, counter, by: 1 }]);
  const g = ctx.global.politeness;
  const dialect = getDialect(site.dialect)!;
  const params = dialect.params.parse(site.params);
  const delayMs = ctx.delayMs ?? site.politeness.delay_ms ?? g.delay_ms;
  const maxPages = site.politeness.max_pages ?? g.max_pages;
  const maxDepth = site.politeness.max_depth ?? g.max_depth;
  const maxBody = site.politeness.max_body_bytes ?? g.max_body_bytes;
  const maxMs = (site.politeness.max_seconds ?? g.max_seconds) * 1000;
  const sched = scheduleOf(site, ctx.global);
  const revisit = ctx.incremental ? new RevisitPolicy(ctx.db, ctx.now, sched.revisitDays) : null;
  const siteRow = runSites.before(site.id);
  sink.apply([{ t: 'site.start', siteId: site.id, at: new Date().toISOString() }]);
  if (siteRow.previous === 'not_due') return { status: 'not_due', reason: null }; // recorded before a kill
  if (siteRow.fresh && ctx.incremental) {
    const due = listsDue(ctx.db, site, sched, ctx.now);
    if (!due.due) {
      olog.info('site.not_due', { site: site.id, reason: due.reason });
      return { status: 'not_due', reason: due.reason };
    }
  }
  if (frontier.countFor(site.id) === 0) frontier.add(site.id, dialect.startRequests(site, params).map((r) => ({ ...r, depth: 0 })), null);
  const cookies = new CookieJar(); // the site's own cookies, kept for this run only
  const t0 = Date.now();
  let barren = 0;
  let status: 'completed' | 'budget' | 'trap' = 'completed';

  const record = (item: FrontierItem | null, kind: string, att: Attempted, bytes: Buffer | null, charset: { charset: string; source: string } | null, prev: ReturnType<Recorder['previous']>, after: SinkOp[] = []): Promise<void> => {
    const withBody = !!bytes && (att.outcome === 'ok' || att.outcome === 'blocked');
    return sink.record({
      row: {
        runId: ctx.runId, siteId: site.id, frontierKey: item?.key ?? null, kind, method: item?.method ?? 'GET', parentUrl: item?.parent_url ?? null,
        attempted: att, snapshotSha256: att.outcome === 'not_modified' && prev ? prev.snapshot_sha256 : null, charset: charset?.charset ?? null,
        carried: att.outcome === 'not_modified' && prev ? { etag: prev.etag, last_modified: prev.last_modified } : undefined,
      },
      body: withBody ? bytes : null, blocked: att.outcome === 'blocked',
      contentType: att.result.headers['content-type'] ?? null, charset: charset?.charset ?? null, charsetSource: charset?.source ?? null,
      after,
    });
  };

  // Storing a page (its bytes made durable, then its rows) runs behind the crawl: a host's next
  // request waits for its politeness delay, not for the disk. The item stays pending until its
  // rows are in, so a kill meanwhile means it is fetched again (`Frontier.next` moves past it).
  const storing = new Map<string, Promise<void>>();
  let storeFailure: Error | null = null;
  let storingBytes = 0;
  const storeBehind = (key: string, url: string, stored: Promise<void>, failed?: () => void, bytes = 0) => {
    storingBytes += bytes;
    ctx.storing.bytes += bytes;
    storing.set(key, stored.catch((e) => {
      if (e instanceof StorageError || e instanceof CommitError) storeFailure ??= e;
      else {
        olog.error('item.failed', { site: site.id, url, error: (e as Error).stack ?? String(e) });
        failed?.();
      }
    }).finally(() => { storing.delete(key); storingBytes -= bytes; ctx.storing.bytes -= bytes; }));
  };

  const processItem = async (item: FrontierItem) => {
    const opts = { allowedHosts: site.allowed_hosts, delayMs, maxBodyBytes: maxBody, cookies }; // the site's cap applies while streaming (issue 7); a site's cookies go back to it only
    if (revisit && (item.kind === 'report' || item.kind === 'attachment') && !revisit.due(item.url)) {
      frontier.setState(item.key, 'fresh');
      bump('fresh_skipped');
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
      await record(item, item.kind, att, null, null, undefined, [frontier.stateOp(item.key, 'skipped')]);
      return;
    }
    const prev = recorder.previous(item.url, item.method);
    const headers = Recorder.conditionalHeaders(prev);
    const useBrowser = site.render === 'browser' && item.kind === 'list';
    let att: Attempted;
    let text: string | null = null;
    if (useBrowser) {
      const renderer = await ctx.renderer().catch((e: Error) => { throw new SiteFailure(`render: browser needs a Chromium, and none could be started: ${e.message}`); });
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
      const html = text ?? dec.text;
      // a page shorter than three characters per level (`<b>`) cannot be that deep: not scanned
      if (parsable && html.length > 3 * MAX_HTML_NESTING && htmlNesting(html) > MAX_HTML_NESTING) {
        bump('parse_errors');
        olog.warn('parse.skipped', { site: site.id, url: item.url, reason: `HTML nested more than ${MAX_HTML_NESTING} elements deep` });
      } else if (parsable) {
        try {
          discovered = dialect.parse({ site, request: { url: item.url, kind: item.kind, method: item.method, body: item.body ?? undefined, label: item.label ?? undefined, depth: item.depth }, finalUrl: result.finalUrl, status: result.status ?? 0, contentType: result.headers['content-type'] ?? null, text: html, maxDepth }, params);
        } catch (e) {
          bump('parse_errors');
          olog.warn('parse.failed', { site: site.id, url: item.url, error: (e as Error).message });
        }
      }
      return { charset: { charset: dec.charset, source: dec.source }, next: filterDiscovered(discovered, item, site, maxDepth, g.max_url_length) };
    };
    /** Queues the page's links; returns how many report links it had, and how many were new. */
    const addLinks = (next: DiscoveredRequest[]): { reportLinks: number; newReports: number } => {
      const reports = next.filter((r) => r.kind === 'report' || r.kind === 'attachment');
      const newReports = frontier.add(site.id, reports, result.finalUrl);
      frontier.add(site.id, next.filter((r) => r.kind !== 'report' && r.kind !== 'attachment'), result.finalUrl);
      return { reportLinks: reports.length, newReports };
    };
    const state = done ? 'done' : 'failed';
    const isList = item.kind === 'list' || item.kind === 'data';
    const store = (charset: { charset: string; source: string } | null, reportLinks: number) => record(item, item.kind, fetched, fetched.outcome === 'ok' ? bytes : null, fetched.outcome === 'ok' ? charset : null, prev, [
      frontier.stateOp(item.key, state, fetched.attempt),
      ...(isList && state === 'done' ? [{ t: 'site.links' as const, siteId: site.id, links: reportLinks }] : []),
    ]);
    if (isList) {
      // A list's links are the host's next requests: it is read now, before any row is written;
      // its bytes and rows are stored behind the crawl (see `storing`).
      const readList = () => {
        const page = readPage();
        const links = addLinks(page.next);
        storeBehind(item.key, item.url, store(page.charset, links.reportLinks), () => frontier.setState(item.key, 'failed'), bytes?.length);
        return links.newReports;
      };
      const newReports = done ? await lane.run('soon', readList) : readList();
      if (state === 'done') {
        barren = newReports > 0 || item.depth === 0 ? 0 : barren + 1;
        if (barren >= g.max_barren_lists) {
          const n = frontier.skipPending(site.id, ['list', 'data']);
          if (n > 0) {
            status = 'trap';
            olog.warn('site.trap', { site: site.id, url: item.url, barren, skipped: n, reason: `${barren} list pages in a row gave no new report link` });
          }
        }
      }
    } else {
      // A report's links (its attachments) can wait: it is read and stored behind the crawl.
      const readReport = () => {
        const page = readPage();
        addLinks(page.next);
        return store(page.charset, 0);
      };
      storeBehind(item.key, item.url, done ? lane.run('later', readReport) : Promise.resolve().then(readReport), () => frontier.setState(item.key, 'failed'), bytes?.length);
    }
    if (att.outcome !== 'ok' && att.outcome !== 'not_modified') olog.warn('fetch.failed', { site: site.id, url: item.url, outcome: att.outcome, error: att.error });
    if (ctx.onFetch) ctx.onFetch({ siteId: site.id, url: item.url, kind: item.kind, outcome: att.outcome, done: frontier.doneCount(site.id), queued: frontier.countFor(site.id) });
  };

  let pages = frontier.doneCount(site.id);
  let fatal: SiteFailure | null = null;
  for (;;) {
    const item = frontier.next(site.id);
    if (storeFailure || fatal) break;
    if (!item) {
      if (storing.size === 0) break;
      await Promise.race(storing.values()); // pages still being read may link to more
      continue;
    }
    if (pages >= maxPages || Date.now() - t0 > maxMs) {
      olog.warn('site.budget', { site: site.id, pages, maxPages, seconds: Math.round((Date.now() - t0) / 1000) });
      frontier.skipPending(site.id);
      status = 'budget';
      break;
    }
    try {
      await processItem(item);
    } catch (e) {
      if (e instanceof StorageError || e instanceof CommitError) throw e; // disk full or read-only (issue 7): stop the site with that message; the item stays pending
      if (e instanceof SiteFailure) { // nothing more of this site can be read (no browser): the rest is skipped
        fatal = e;
        frontier.skipPending(site.id);
        break;
      }
      olog.error('item.failed', { site: site.id, url: item.url, error: (e as Error).stack ?? String(e) });
      frontier.setState(item.key, 'failed');
    }
    pages++;
    while (storing.size >= MAX_STORING_PER_SITE || storingBytes > MAX_STORING_BYTES_PER_SITE || (storing.size > 0 && ctx.storing.bytes > MAX_STORING_BYTES_PER_RUN)) await Promise.race(storing.values());
  }
  while (storing.size > 0) await Promise.all(storing.values());
  if (storeFailure) throw storeFailure; // disk full or read-only (issue 7): the site stops with that message
  if (fatal) throw fatal;
  await sink.flush(); // the site's rows committed, to be read here
  const failure = listFailure(ctx, site.id);
  return failure ? { status: 'failed', reason: failure } : { status, reason: null };
}

/**
 * Why a site that ran to its end still failed, judged from its list pages in this run (so a run
 * continued after a kill judges them all): no list page was asked for, every list request failed
 * (or robots.txt forbade them), or the lists gave no report link where an earlier run found some
 * (the layout changed). Null when the lists were read and led somewhere.
 */
function listFailure(ctx: RunContext, siteId: string): string | null {
  const counts = ctx.db.prepare('SELECT lists_fetched, report_links FROM run_site_log WHERE run_id = ? AND site_id = ?').get(ctx.runId, siteId) as { lists_fetched: number; report_links: number } | undefined;
  if (!counts) return null;
  if (counts.lists_fetched === 0) {
    const lists = ctx.db.prepare(`SELECT s.outcome, s.status, s.error_kind, s.error, u.url FROM fetch_log l JOIN fetch_shapes s ON s.id = l.shape_id JOIN urls u ON u.id = s.url_id
      WHERE l.run_id = ? AND s.site_id = ? AND s.kind IN ('list', 'data') ORDER BY l.id`).all(ctx.runId, siteId) as Array<{ outcome: string; status: number | null; error_kind: string | null; error: string | null; url: string }>;
    if (!lists.length) return 'no list page: the site\'s configuration gave no list request, or none could be made';
    const disallowed = lists.filter((x) => x.outcome === 'robots_disallowed');
    if (disallowed.length === lists.length) {
      const x = disallowed[0];
      // robots.txt that cannot be fetched means "disallow all" (RFC 9309): the host was unreachable
      return /^robots\.txt unreachable/.test(x.error ?? '') ? `unreachable: ${x.error}, e.g. ${x.url}` : `robots.txt disallows every list page (${disallowed.length}), e.g. ${x.url}`;
    }
    const kinds = new Map<string, number>();
    for (const x of lists) { const k = x.outcome === 'robots_disallowed' ? 'robots' : x.error_kind ?? x.outcome; kinds.set(k, (kinds.get(k) ?? 0) + 1); }
    const first = lists.find((x) => x.outcome !== 'robots_disallowed') ?? lists[0];
    return `every list request failed (${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}), e.g. ${first.status ? `HTTP ${first.status} ` : ''}${first.url}${first.error ? `: ${first.error}` : ''}`;
  }
  if (counts.report_links === 0) {
    const before = ctx.db.prepare(`SELECT run_id, report_links FROM crawl_run_sites WHERE site_id = ? AND run_id < ? AND report_links > 0 AND status NOT IN ('not_due', 'running') ORDER BY run_id DESC LIMIT 1`).get(siteId, ctx.runId) as { run_id: number; report_links: number } | undefined;
    if (before) return `${counts.lists_fetched} list page(s) gave no report link, where run ${before.run_id} found ${before.report_links} (layout changed?)`;
  }
  return null;
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
