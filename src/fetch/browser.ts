// Owns browser rendering for `render: browser` sites, on Crawlee's PlaywrightCrawler: the page's
// every request (document, scripts, data calls) is routed through the polite fetcher, so the
// browser obeys the same robots, per-host gap and allowed hosts as plain HTTP, and the bytes
// it sees are the bytes archived. Images, fonts and styles are not fetched.
import { existsSync } from 'node:fs';
import { PlaywrightCrawler } from '@crawlee/playwright';
import { Configuration, log as crawleeLog } from '@crawlee/core';
import { chromium } from 'playwright';
import type { GlobalConfig } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import type { Attempted, PoliteFetcher } from './polite.js';

export interface RenderOptions { fetcher: PoliteFetcher; allowedHosts: readonly string[]; delayMs: number; conditional?: Record<string, string>; stored?: Buffer | null }
export interface Rendered { main: Attempted; html: string | null; subrequests: Attempted[] }
export interface BrowserRenderer { render(url: string, o: RenderOptions): Promise<Rendered>; close(): Promise<void> }

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  // Containment (issue 7): page.route() sees neither WebSockets nor pop-up windows (window.open),
  // which Chromium would open itself. Every request the crawler wants is answered through the
  // route by the polite fetcher, so the browser's own network gets nowhere: no DNS at all, and
  // a proxy at an address that cannot be connected to, used for loopback addresses too.
  '--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=http://255.255.255.255:9', '--proxy-bypass-list=<-loopback>'];

/** Playwright's own Chromium when installed, else a system Chromium; an explicit path (config, then $OGI_CHROMIUM) is the only one tried. */
export function findChromium(explicit?: string): string | undefined {
  const chosen = explicit || process.env.OGI_CHROMIUM;
  const candidates = chosen ? [chosen] : [safe(() => chromium.executablePath()), '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}
function safe<T>(f: () => T): T | undefined { try { return f(); } catch { return undefined; } }

const SKIP_TYPES = new Set(['image', 'font', 'stylesheet', 'media', 'manifest', 'other']);

interface Pending { url: string; o: RenderOptions; resolve: (r: Rendered) => void; reject: (e: Error) => void; main: Attempted | null; subs: Attempted[] }

export async function createBrowserRenderer(global: GlobalConfig, log: Logger): Promise<BrowserRenderer> {
  const executablePath = findChromium(global.browser.executable_path);
  if (!executablePath) throw new Error('no Chromium found: install Debian\'s `chromium`, run `npx playwright install chromium`, or set browser.executable_path in config/ogi.yaml');
  crawleeLog.setLevel(crawleeLog.LEVELS.WARNING); // our own log reports the crawl
  const pending = new Map<string, Pending>();
  let counter = 0;
  const config = new Configuration({ persistStorage: false, purgeOnStart: false });
  const crawler = new PlaywrightCrawler({
    keepAlive: true,
    maxConcurrency: 1,
    maxRequestRetries: 0,
    navigationTimeoutSecs: Math.ceil(global.politeness.timeout_ms / 1000) + 30,
    requestHandlerTimeoutSecs: 120,
    browserPoolOptions: { useFingerprints: false },
    launchContext: { launcher: chromium, launchOptions: { executablePath, headless: true, args: [...CHROMIUM_ARGS, ...global.browser.args] } },
    preNavigationHooks: [
      async ({ page, request }) => {
        const job = pending.get(request.uniqueKey)!;
        await page.route('**/*', async (route) => {
          const req = route.request();
          const url = req.url();
          if (!/^https?:/.test(url) || SKIP_TYPES.has(req.resourceType())) return route.abort();
          const isMain = req.isNavigationRequest() && req.frame() === page.mainFrame();
          const robots = await job.o.fetcher.robotsFor(url, { allowedHosts: job.o.allowedHosts, delayMs: job.o.delayMs });
          if (!robots.rules.isAllowed(url)) return route.abort('blockedbyclient');
          const att = await job.o.fetcher.fetch({
            url, method: req.method() === 'POST' ? 'POST' : 'GET', body: req.postData() ?? undefined,
            headers: isMain ? job.o.conditional : {}, allowedHosts: job.o.allowedHosts, delayMs: job.o.delayMs,
          });
          if (isMain && !job.main) job.main = att; else job.subs.push(att);
          const r = att.result;
          let body = r.body;
          if (att.outcome === 'not_modified' && isMain && job.o.stored) body = job.o.stored;
          if (!body && att.outcome !== 'not_modified') return route.abort('failed');
          const headers = { ...r.headers };
          delete headers['content-encoding']; delete headers['content-length']; delete headers['transfer-encoding'];
          return route.fulfill({ status: att.outcome === 'not_modified' ? 200 : r.status ?? 200, headers, body: body ?? Buffer.alloc(0) });
        });
      },
    ],
    requestHandler: async ({ page, request }) => {
      const job = pending.get(request.uniqueKey)!;
      await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
      const html = await page.content();
      pending.delete(request.uniqueKey);
      if (!job.main) return job.reject(new Error(`browser made no request for ${job.url}`));
      job.resolve({ main: job.main, html, subrequests: job.subs });
    },
    failedRequestHandler: async ({ request }, error) => {
      const job = pending.get(request.uniqueKey);
      if (!job) return;
      pending.delete(request.uniqueKey);
      if (job.main) job.resolve({ main: job.main, html: null, subrequests: job.subs });
      else job.reject(error as Error);
    },
  }, config);
  const running = crawler.run().catch((e) => log.error('browser.crawler', { error: String(e) }));
  return {
    render(url, o) {
      return new Promise<Rendered>((resolve, reject) => {
        const uniqueKey = `r${++counter}:${url}`;
        pending.set(uniqueKey, { url, o, resolve, reject, main: null, subs: [] });
        crawler.addRequests([{ url, uniqueKey }]).catch(reject);
      });
    },
    async close() {
      await crawler.teardown();
      await running;
    },
  };
}
