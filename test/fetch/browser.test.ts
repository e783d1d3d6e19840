// The browser renderer with several hosts at once: one renderer (one Chromium) renders list
// pages of four simulated hosts concurrently (bench/browserhosts.mjs: lists drawn by script
// from a jpage-style POST or a TRS-style JSON call, one of them 600 ms after the page's load
// event, so a page is not taken before its timer has run; with styles, images, a font and off-host
// analytics around them). Every page shows exactly its data call's links; the server's log
// shows each host served one request at a time with the delay between them, its scripts asked
// for once, and never a stylesheet, image or font; nothing went to another host.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HostClock } from '../../src/frontier/hostclock.js';
import { PoliteFetcher } from '../../src/fetch/polite.js';
import { createBrowserRenderer, type BrowserRenderer } from '../../src/fetch/browser.js';
import { loadGlobalConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/util/log.js';
import { needTool } from '../helpers/tools.js';
// @ts-expect-error a plain .mjs module (the benchmark runs it as its own process)
import { linksOf, variantOf } from '../../bench/browserhosts.mjs';

const chromium = needTool('chromium', 'the browser renderer test');
interface LogEntry { host: string; path: string; method: string; t: number; tEnd: number }

describe.skipIf(chromium.missing)('browser renderer, several hosts at once', () => {
  let sim: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    sim = fork(fileURLToPath(new URL('../../bench/browserhosts.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    port = await new Promise<number>((resolve) => sim.once('message', (m) => resolve((m as { port: number }).port)));
  });
  afterAll(() => { if (sim && sim.exitCode === null) sim.kill(); });

  it('renders each host\'s pages with their links, politely, without asking for assets', async () => {
    const delayMs = 150, hosts = 4, pagesPerHost = 2;
    const global = loadGlobalConfig();
    global.browser.max_pages = 3;
    const g = global.politeness;
    const fetcher = new PoliteFetcher({
      userAgent: global.user_agent, timeoutMs: g.timeout_ms, retries: g.retries, backoffMs: g.backoff_ms, maxRedirects: g.max_redirects,
      maxBodyBytes: g.max_body_bytes, maxRetryAfterMs: g.max_retry_after_ms, clock: new HostClock(delayMs),
      hostMap: (h) => (h.endsWith('.bench.gov.cn') ? { address: '127.0.0.1', port } : new Error(`unexpected host ${h}`)),
    });
    let renderer: BrowserRenderer | null = null;
    const spans: Array<[number, number]> = [];
    try {
      renderer = await createBrowserRenderer(global, silentLogger);
      const r = renderer;
      await Promise.all(Array.from({ length: hosts }, async (_, n) => {
        const host = `b${n}.bench.gov.cn`;
        for (let k = 0; k < pagesPerHost; k++) {
          const t0 = Date.now();
          const page = await r.render(`http://${host}/list_${k}.html`, { fetcher, allowedHosts: [host], delayMs });
          spans.push([t0, Date.now()]);
          expect(page.main.outcome).toBe('ok');
          const got = [...(page.html ?? '').matchAll(/href="(\/art\/[^"]+)"/g)].map((m) => m[1]).sort();
          expect(got).toEqual((linksOf(n, k) as Array<{ href: string }>).map((l) => l.href).sort());
          // the data call was recorded with the page (the crawl archives it)
          expect(page.subrequests.some((s) => /dataproxy\.jsp|\/data\/list_/.test(s.result.url) && s.outcome === 'ok')).toBe(true);
        }
      }));
      const stats = renderer.stats!();
      expect(stats.pages).toBe(hosts * pagesPerHost);
      expect(stats.launches).toBe(1);
      expect(stats.blocked.stylesheet).toBe(hosts * pagesPerHost);
      expect(stats.blocked.off_host).toBeGreaterThanOrEqual(hosts * pagesPerHost); // the analytics
      expect(stats.blocked.image ?? 0).toBe(0); // never even requested
      expect(stats.cached).toBe(2 * hosts * (pagesPerHost - 1)); // a site's scripts are fetched once
    } finally {
      await renderer?.close();
    }
    // pages of different hosts were rendered at the same time
    const overlap = Math.max(...spans.map(([a]) => spans.filter(([b, e]) => b <= a && a < e).length));
    expect(overlap).toBeGreaterThanOrEqual(2);

    sim.send('dump');
    const log = await new Promise<LogEntry[]>((resolve) => sim.once('message', (m) => resolve((m as { log: LogEntry[] }).log)));
    expect(log.filter((e) => /^\/(css|img|fonts)\//.test(e.path))).toEqual([]);
    expect(new Set(log.map((e) => e.host))).toEqual(new Set(Array.from({ length: hosts }, (_, n) => `b${n}.bench.gov.cn`)));
    for (let n = 0; n < hosts; n++) {
      const reqs = log.filter((e) => e.host === `b${n}.bench.gov.cn`).sort((a, b) => a.t - b.t);
      // robots.txt, then the first page with its two scripts and data call; the later pages reuse the scripts
      const data = variantOf(n) === 'jpage' ? '/module/web/jpage/dataproxy.jsp' : '/data/list_N.json';
      expect(reqs.map((e) => e.path.split('?')[0].replace(/\d+/g, 'N'))).toEqual(['/robots.txt', '/list_N.html', '/js/lib.min.js', '/js/list.js', data, ...Array.from({ length: pagesPerHost - 1 }, () => ['/list_N.html', data]).flat()]);
      for (let i = 1; i < reqs.length; i++) {
        expect(reqs[i].t - reqs[i - 1].t, `${reqs[i].host} ${reqs[i].path}`).toBeGreaterThanOrEqual(delayMs - 1);
        expect(reqs[i].t, `${reqs[i].host} ${reqs[i].path} while the one before was still served`).toBeGreaterThanOrEqual(reqs[i - 1].tEnd - 1);
      }
    }
  }, 120_000);
});
