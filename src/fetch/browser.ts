// Owns browser rendering for `render: browser` sites, on Playwright: one Chromium for the run,
// rendering up to `browser.max_pages` list pages at once (each of another host, as the crawl
// runs each host one page at a time), each in a page reused from render to render. The page's
// every request (document, scripts, data calls) is routed through the polite fetcher, so the
// browser obeys the same robots, per-host gap and allowed hosts as plain HTTP, and the bytes it
// sees are the bytes archived. Images are never requested; fonts, styles and media are aborted.
// A site's scripts are fetched once per run and kept (as a browser's cache would).
// A page is done when it has loaded and then stayed quiet — no request in flight, no data call
// (XHR, fetch) unanswered, no short timer pending — for QUIET_MS (see settle()).
import { existsSync } from 'node:fs';
import PQueue from 'p-queue';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright';
import type { GlobalConfig } from '../config/schema.js';
import { hostAllowed } from '../frontier/url.js';
import type { Logger } from '../util/log.js';
import type { Attempted, PoliteFetcher } from './polite.js';

export interface RenderOptions { fetcher: PoliteFetcher; allowedHosts: readonly string[]; delayMs: number; conditional?: Record<string, string>; stored?: Buffer | null }
export interface Rendered { main: Attempted; html: string | null; subrequests: Attempted[] }
export interface RenderStats {
  pages: number; fetched: number; blocked: Record<string, number>; settleCapped: number; launches: number;
  /** Scripts answered from the run's script cache instead of the site. */
  cached: number;
  /** Time summed over renders: waiting for a free page, loading (the polite fetcher's turns included), settling, reading the page's HTML. */
  ms: { queued: number; load: number; settle: number; content: number };
}
export interface BrowserRenderer { render(url: string, o: RenderOptions): Promise<Rendered>; close(): Promise<void>; stats?(): RenderStats }

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  // Containment (issue 7): page.route() sees neither WebSockets nor pop-up windows (window.open),
  // which Chromium would open itself. Every request the crawler wants is answered through the
  // route by the polite fetcher, so the browser's own network gets nowhere: no DNS at all, and
  // a proxy at an address that cannot be connected to, used for loopback addresses too.
  '--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=http://255.255.255.255:9', '--proxy-bypass-list=<-loopback>',
  // the list never needs an image: Blink does not even ask for them
  '--blink-settings=imagesEnabled=false'];

/** Playwright's own Chromium when installed, else a system Chromium; an explicit path (config, then $OGI_CHROMIUM) is the only one tried. */
export function findChromium(explicit?: string): string | undefined {
  const chosen = explicit || process.env.OGI_CHROMIUM;
  const candidates = chosen ? [chosen] : [safe(() => chromium.executablePath()), '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}
function safe<T>(f: () => T): T | undefined { try { return f(); } catch { return undefined; } }

/** Resource types the list never needs: aborted without asking the fetcher (images are not even requested). */
const SKIP_TYPES = new Set(['image', 'font', 'stylesheet', 'media', 'manifest', 'texttrack', 'other']);
/** A page is done once it has been quiet this long after its load event. */
const QUIET_MS = 100;
const POLL_MS = 50;
/** Whatever a page still does this long after its load event, its content is taken as it is (as `networkidle` gave up before). */
const SETTLE_CAP_MS = 30_000;
/** Scripts kept for the run (their bytes), so a site's pages share its libraries as a browser's cache would. */
const SCRIPT_CACHE_BYTES = 32 << 20;
const SCRIPT_MAX_BYTES = 2 << 20;
/** A reused page is replaced after this many renders, so no page's leftovers grow without bound. */
const RECYCLE_AFTER = 200;

// Runs in every document before its own scripts: counts the data calls (XHR, fetch) not yet
// answered and the short timers (≤ 1 s) set until 2 s after the load event, which a list
// script may use to draw the list a moment later. The renderer reads the count to know when
// the page has finished drawing.
const BUSY_SCRIPT = `(() => {
  const w = window, setT = w.setTimeout, clearT = w.clearTimeout, timers = new Set();
  let calls = 0, loadedAt = -1;
  w.addEventListener('load', () => { loadedAt = performance.now(); });
  const early = () => loadedAt < 0 || performance.now() - loadedAt < 2000;
  const done = () => { setT(() => { calls--; }, 0); };
  w.setTimeout = function (fn, ms, ...args) {
    if (!early() || Number(ms) > 1000) return setT.call(this, fn, ms, ...args);
    const id = setT.call(this, function (...a) { timers.delete(id); return typeof fn === 'function' ? fn.apply(this, a) : (0, eval)(String(fn)); }, ms, ...args);
    timers.add(id);
    return id;
  };
  w.clearTimeout = function (id) { timers.delete(id); return clearT.call(this, id); };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...a) {
    calls++;
    this.addEventListener('loadend', done, { once: true });
    try { return send.apply(this, a); } catch (e) { done(); throw e; }
  };
  if (w.fetch) {
    const f = w.fetch;
    w.fetch = function (...a) { calls++; const p = f.apply(this, a); p.then(done, done); return p; };
  }
  Object.defineProperty(w, '__ogiBusy', { value: () => calls + timers.size });
})();`;

const CONTENT_SCRIPT = `(() => { const d = document.doctype; return (d ? new XMLSerializer().serializeToString(d) : '') + (document.documentElement ? document.documentElement.outerHTML : ''); })()`;

interface Job { url: string; o: RenderOptions; main: Attempted | null; subs: Attempted[] }
interface Slot { browser: Browser; context: BrowserContext; page: Page; job: Job | null; requests: Set<unknown>; renders: number; resetting: Promise<unknown> | null; hung: boolean }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** A question to a page that may never answer (a script in an endless loop holds its renderer). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export async function createBrowserRenderer(global: GlobalConfig, log: Logger): Promise<BrowserRenderer> {
  const executablePath = findChromium(global.browser.executable_path);
  if (!executablePath) throw new Error('no Chromium found: install Debian\'s `chromium`, run `npx playwright install chromium`, or set browser.executable_path in config/ogi.yaml');
  const navTimeoutMs = global.politeness.timeout_ms + 30_000;
  const stats: RenderStats = { pages: 0, fetched: 0, blocked: {}, settleCapped: 0, launches: 0, cached: 0, ms: { queued: 0, load: 0, settle: 0, content: 0 } };
  const block = (route: Route, why: string) => {
    stats.blocked[why] = (stats.blocked[why] ?? 0) + 1;
    return route.abort('blockedbyclient').catch(() => {});
  };

  const free: Slot[] = []; // pages waiting for their next render
  let current: Promise<Browser> | null = null;
  let closing = false;
  const launch = async (): Promise<Browser> => {
    const b = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...global.browser.args] });
    stats.launches++;
    b.on('disconnected', () => {
      if (!closing) log.warn('browser.disconnected', { launches: stats.launches });
      free.length = 0;
      if (current && browser === b) current = null;
    });
    browser = b;
    return b;
  };
  let browser: Browser | null = null;
  const getBrowser = () => (current ??= launch().catch((e) => { current = null; throw e; }));
  await getBrowser(); // a Chromium that cannot start fails here, naming why

  /** Answers one request of a slot's page through the polite fetcher, or aborts it. */
  async function handle(slot: Slot, route: Route): Promise<void> {
    const job = slot.job;
    const req = route.request();
    const url = req.url();
    if (!job) return block(route, 'after_render');
    if (!/^https?:/.test(url)) return block(route, 'scheme');
    if (SKIP_TYPES.has(req.resourceType())) return block(route, req.resourceType());
    if (!hostAllowed(new URL(url).hostname, job.o.allowedHosts)) return block(route, 'off_host');
    // A site's scripts are the same on each of its list pages: asked for once in a run, as a
    // browser's cache would (fewer requests to the site), unless the site forbids keeping them.
    const cacheable = req.method() === 'GET' && req.resourceType() === 'script';
    const hit = cacheable ? scripts.get(url) : undefined;
    if (hit) {
      scripts.delete(url); scripts.set(url, hit); // most recently used last
      stats.cached++;
      return route.fulfill(hit).catch(() => {});
    }
    try {
      const isMain = req.isNavigationRequest() && req.frame() === slot.page.mainFrame();
      // until the job's document has been answered, any other request is the previous page's
      if (!isMain && !job.main) return block(route, 'after_render');
      const robots = await job.o.fetcher.robotsFor(url, { allowedHosts: job.o.allowedHosts, delayMs: job.o.delayMs });
      if (!robots.rules.isAllowed(url)) return block(route, 'robots');
      if (slot.job !== job) return block(route, 'after_render');
      const att = await job.o.fetcher.fetch({
        url, method: req.method() === 'POST' ? 'POST' : 'GET', body: req.postData() ?? undefined,
        headers: isMain ? job.o.conditional : {}, allowedHosts: job.o.allowedHosts, delayMs: job.o.delayMs,
      });
      if (slot.job !== job) return block(route, 'after_render');
      if (isMain && !job.main) job.main = att; else job.subs.push(att);
      if (att.outcome === 'off_host') return block(route, 'off_host');
      const r = att.result;
      let body = r.body;
      if (att.outcome === 'not_modified' && isMain && job.o.stored) body = job.o.stored;
      if (!body && att.outcome !== 'not_modified') { await route.abort('failed'); return; }
      stats.fetched++;
      const headers = { ...r.headers };
      delete headers['content-encoding']; delete headers['content-length']; delete headers['transfer-encoding'];
      const answer = { status: att.outcome === 'not_modified' ? 200 : r.status ?? 200, headers, body: body ?? Buffer.alloc(0) };
      if (cacheable && att.outcome === 'ok' && answer.body.length <= SCRIPT_MAX_BYTES && !/no-store|no-cache|private/i.test(r.headers['cache-control'] ?? '')) keep(url, answer);
      await route.fulfill(answer);
    } catch {
      await route.abort('failed').catch(() => {}); // the page went away meanwhile, or the fetch failed: the page sees a network error
    }
  }

  const scripts = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
  let scriptBytes = 0;
  const keep = (url: string, a: { status: number; headers: Record<string, string>; body: Buffer }) => {
    if (scripts.has(url)) return;
    scripts.set(url, a);
    scriptBytes += a.body.length;
    for (const [u, old] of scripts) {
      if (scriptBytes <= SCRIPT_CACHE_BYTES) break;
      scripts.delete(u); scriptBytes -= old.body.length;
    }
  };

  // One browser context for all pages: each context is a window of its own, with a renderer for
  // Chromium's own UI (about 150 MB); sites keep apart as origins do (storage, cookies per host).
  let sharedContext: { browser: Browser; context: Promise<BrowserContext> } | null = null;
  const ours = new Set<Page>();
  let creating = 0;
  /** Pop-ups are never routed (their requests meet the dead proxy): closed as soon as they are told from the pages being opened here. */
  const sweep = (p: Page): void => {
    if (ours.has(p)) return;
    if (creating > 0) { setTimeout(() => sweep(p), 500); return; }
    p.close().catch(() => {});
  };
  const contextOf = (b: Browser): Promise<BrowserContext> => {
    if (sharedContext?.browser !== b) {
      const context = b.newContext({ acceptDownloads: false, serviceWorkers: 'block', locale: 'zh-CN' }).then((c) => {
        c.on('page', sweep);
        return c;
      });
      sharedContext = { browser: b, context };
    }
    return sharedContext.context;
  };

  async function newSlot(): Promise<Slot> {
    const b = await getBrowser();
    const context = await contextOf(b);
    creating++;
    let page: Page;
    try {
      page = await context.newPage();
      ours.add(page);
    } finally {
      creating--;
    }
    const slot: Slot = { browser: b, context, page, job: null, requests: new Set(), renders: 0, resetting: null, hung: false };
    await page.addInitScript(BUSY_SCRIPT);
    await page.route('**/*', (route) => handle(slot, route));
    page.on('crash', () => log.warn('browser.page_crash', { url: slot.job?.url ?? null }));
    page.on('close', () => { if (!closing && ours.has(page)) log.warn('browser.page_closed', { url: slot.job?.url ?? null, renders: slot.renders }); });
    page.on('request', (r) => slot.requests.add(r));
    page.on('requestfinished', (r) => slot.requests.delete(r));
    page.on('requestfailed', (r) => slot.requests.delete(r));
    return slot;
  }

  /** Waits until the page has been quiet for QUIET_MS: no request in flight, no data call unanswered, no short timer pending. */
  async function settle(slot: Slot): Promise<boolean> {
    const deadline = Date.now() + SETTLE_CAP_MS;
    let quietSince = Date.now();
    for (;;) {
      // the page is asked only when no request is in flight (each question wakes its renderer)
      const busy = slot.requests.size > 0 || Number(await within(slot.page.evaluate('window.__ogiBusy ? window.__ogiBusy() : 0'), 5_000, 'the page').catch((e: Error) => (/did not answer/.test(e.message) ? 1 : 0))) > 0;
      const now = Date.now();
      if (busy) quietSince = now;
      else if (now - quietSince >= QUIET_MS) return true;
      if (now >= deadline) return false;
      await sleep(POLL_MS);
    }
  }

  async function renderIn(slot: Slot, url: string, o: RenderOptions): Promise<Rendered> {
    if (slot.resetting) { await slot.resetting; slot.resetting = null; }
    const job: Job = { url, o, main: null, subs: [] };
    slot.requests.clear();
    slot.job = job;
    let t = Date.now();
    const lap = (k: keyof RenderStats['ms']) => { const now = Date.now(); stats.ms[k] += now - t; t = now; };
    try {
      try {
        await slot.page.goto(url, { waitUntil: 'load', timeout: navTimeoutMs });
        lap('load');
      } catch (e) {
        if (!job.main) throw new Error(`browser could not load ${url}: ${(e as Error).message.split('\n')[0]}`);
        return { main: job.main, html: null, subrequests: [...job.subs] };
      }
      if (!(await settle(slot))) {
        stats.settleCapped++;
        log.warn('browser.settle_cap', { url, after_ms: SETTLE_CAP_MS });
      }
      lap('settle');
      // the HTML as page.content() gives it, read in the page's own world (page.content() first builds an isolated world in each new document)
      let html: string;
      try {
        html = String(await within(slot.page.evaluate(CONTENT_SCRIPT), 10_000, 'the page'));
      } catch (e) {
        if (!job.main) throw e;
        slot.hung = true; // its renderer is stuck or gone: the page is replaced
        log.warn('browser.content_failed', { url, error: (e as Error).message });
        return { main: job.main, html: null, subrequests: [...job.subs] };
      }
      lap('content');
      if (!job.main) throw new Error(`browser made no request for ${url}`);
      stats.pages++;
      return { main: job.main, html, subrequests: [...job.subs] };
    } finally {
      // the page stays as it is until the next render navigates it: whatever it asks for meanwhile is aborted
      slot.job = null;
      slot.renders++;
    }
  }

  const queue = new PQueue({ concurrency: global.browser.max_pages });
  const retire = (slot: Slot) => { ours.delete(slot.page); slot.page.close({ runBeforeUnload: false }).catch(() => {}); };
  return {
    render(url, o) {
      const queued = Date.now();
      return queue.add(async () => {
        stats.ms.queued += Date.now() - queued;
        const slot = free.pop() ?? await newSlot();
        try {
          return await renderIn(slot, url, o);
        } finally {
          if (slot.hung || slot.page.isClosed() || slot.browser !== browser || !slot.browser.isConnected() || slot.renders >= RECYCLE_AFTER) retire(slot);
          else {
            // a page left idle (no render waiting) is emptied, so its scripts and timers stop
            if (queue.size === 0) slot.resetting = slot.page.goto('about:blank', { timeout: 10_000 }).catch(() => {});
            free.push(slot);
          }
        }
      });
    },
    async close() {
      closing = true;
      queue.clear();
      await queue.onIdle();
      await browser?.close().catch(() => {});
    },
    stats: () => ({ ...stats, blocked: { ...stats.blocked }, ms: { ...stats.ms } }),
  };
}
