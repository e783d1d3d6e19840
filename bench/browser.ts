// Benchmark of browser rendering (`render: browser` list pages): H simulated hosts × P list pages
// whose lists are drawn by script from a data call (bench/browserhosts.mjs, its own process),
// rendered through the real path — createBrowserRenderer with the crawl's PoliteFetcher and
// HostClock — with every host rendering its pages one after another and all hosts at once, as
// a crawl does. Reports list pages rendered per second, peak RSS of this process and of the
// Chromium process tree (summed from /proc), requests fetched and blocked, assets that reached
// the server, per-host politeness violations from the server's own log, and whether every
// rendered page shows the links its data call carries.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { HostClock } from '../src/frontier/hostclock.js';
import { PoliteFetcher } from '../src/fetch/polite.js';
import { closeConnections } from '../src/fetch/http.js';
import { createBrowserRenderer } from '../src/fetch/browser.js';
import { loadGlobalConfig } from '../src/config/load.js';
import { createLogger, silentLogger } from '../src/util/log.js';
// @ts-expect-error a plain .mjs module (it runs as its own process too)
import { linksOf } from './browserhosts.mjs';

interface LogEntry { host: string; path: string; method: string; t: number; tEnd: number }

/** Per-host violations in a server log, as the crawl benchmark counts them: two requests to one host starting closer than the delay, or overlapping. */
export function politenessOf(log: LogEntry[], delayMs: number): { violations: number; minGapMs: number; minIdleMs: number; examples: string[] } {
  const byHost = new Map<string, LogEntry[]>();
  for (const e of log) (byHost.get(e.host) ?? byHost.set(e.host, []).get(e.host)!).push(e);
  let violations = 0, minGap = Infinity, minIdle = Infinity;
  const examples: string[] = [];
  for (const reqs of byHost.values()) {
    reqs.sort((a, b) => a.t - b.t);
    for (let i = 1; i < reqs.length; i++) {
      const gap = reqs[i].t - reqs[i - 1].t;
      minGap = Math.min(minGap, gap);
      minIdle = Math.min(minIdle, reqs[i].t - reqs[i - 1].tEnd); // the server's idle time between them: its own clock's jitter can shorten it
      if (gap < delayMs - 1 || reqs[i].t < reqs[i - 1].tEnd - 1) {
        violations++;
        if (examples.length < 3) examples.push(`${reqs[i].host}: ${reqs[i].method} ${reqs[i].path} ${Math.round(gap)} ms after ${reqs[i - 1].method} ${reqs[i - 1].path} started`);
      }
    }
  }
  return { violations, minGapMs: Math.round(minGap), minIdleMs: Math.round(minIdle), examples };
}

const ASSET = /^\/(css|img|fonts)\/|favicon/;

export async function benchBrowser(hosts = 30, pagesPerHost = 5, delayMs = 200, maxPages?: number): Promise<Record<string, unknown>> {
  const sim = fork(fileURLToPath(new URL('./browserhosts.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => sim.once('message', (m) => resolve((m as { port: number }).port)));
  const global = loadGlobalConfig();
  if (maxPages) global.browser.max_pages = maxPages;
  if (process.env.OGI_BENCH_ARGS) global.browser.args.push(...process.env.OGI_BENCH_ARGS.split(' '));
  const g = global.politeness;
  const clock = new HostClock(delayMs);
  const fetcher = new PoliteFetcher({
    userAgent: global.user_agent, timeoutMs: g.timeout_ms, maxUrlMs: g.max_url_ms, retries: g.retries, backoffMs: g.backoff_ms,
    maxRedirects: g.max_redirects, maxBodyBytes: g.max_body_bytes, maxRetryAfterMs: g.max_retry_after_ms,
    hostMap: (h) => (h.endsWith('.bench.gov.cn') ? { address: '127.0.0.1', port } : new Error(`no such simulated host ${h}`)), clock,
  });
  // the Chromium tree is sampled from another process (reading /proc is not free)
  const procs = fork(fileURLToPath(new URL('./proctree.mjs', import.meta.url)), [String(process.pid), '250', String(sim.pid)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve) => procs.once('message', resolve));
  const ask = <T>(m: string) => new Promise<T>((resolve) => { procs.once('message', (r) => resolve(r as T)); procs.send(m); });
  let peakOwn = process.memoryUsage.rss();
  const sampler = setInterval(() => { peakOwn = Math.max(peakOwn, process.memoryUsage.rss()); }, 250);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const renderer = await createBrowserRenderer(global, process.env.OGI_BENCH_LOG ? createLogger({ json: true, stream: process.stderr }) : silentLogger);
  let pagesOk = 0, pagesWrong = 0, subrequests = 0;
  const wrong: string[] = [];
  const tFirst = performance.now();
  await Promise.all(Array.from({ length: hosts }, async (_, n) => {
    const host = `b${n}.bench.gov.cn`;
    const allowedHosts = [host];
    await fetcher.robotsFor(`http://${host}/`, { allowedHosts, delayMs }); // as a crawl does before a host's first page
    for (let k = 0; k < pagesPerHost; k++) {
      const url = `http://${host}/list_${k}.html`;
      let r;
      try {
        r = await renderer.render(url, { fetcher, allowedHosts, delayMs });
      } catch (e) {
        pagesWrong++;
        if (wrong.length < 3) wrong.push(`${url}: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      subrequests += r.subrequests.length;
      const got = new Set([...(r.html ?? '').matchAll(/href="(\/art\/[^"]+)"/g)].map((m) => m[1]));
      const want = (linksOf(n, k) as Array<{ href: string }>).map((l) => l.href);
      if (r.main.outcome === 'ok' && want.every((h) => got.has(h)) && got.size === want.length) pagesOk++;
      else { pagesWrong++; if (wrong.length < 3) wrong.push(`${url}: ${r.main.outcome}, ${got.size} of ${want.length} links`); }
    }
  }));
  const wall = performance.now() - tFirst;
  await ask('sample');
  const cpu = process.cpuUsage(cpu0);
  const stats = renderer.stats?.();
  await renderer.close();
  const total = performance.now() - t0;
  clearInterval(sampler);
  const tree = await ask<{ rssPeak: number; pssPeak: number; processesPeak: number; cpuMs: number; cpuByType: Record<string, number>; browsers: number[] }>('dump');
  closeConnections();
  sim.send('dump');
  const log = await new Promise<LogEntry[]>((resolve) => sim.once('message', (m) => resolve((m as { log: LogEntry[] }).log)));
  const pol = politenessOf(log, delayMs);
  const pages = hosts * pagesPerHost;
  const result = {
    hosts, pages_per_host: pagesPerHost, delay_ms: delayMs, max_pages: global.browser.max_pages ?? 1, pages,
    pages_ok: pagesOk, pages_wrong: pagesWrong,
    wall_ms: Math.round(wall), with_launch_and_close_ms: Math.round(total),
    pages_per_s: Number((pages / (wall / 1000)).toFixed(2)),
    server_requests: log.length, asset_requests_at_server: log.filter((e) => ASSET.test(e.path)).length,
    routed_fetched: stats?.fetched ?? null, routed_blocked: stats ? Object.values(stats.blocked).reduce((a, b) => a + b, 0) : null,
    blocked_by_type: stats ? Object.entries(stats.blocked).map(([k, v]) => `${k}:${v}`).join(',') : null,
    subrequests,
    per_host_violations: pol.violations, min_gap_ms: pol.minGapMs, min_idle_ms: pol.minIdleMs,
    ms_per_page: stats ? Object.entries(stats.ms).map(([k, v]) => `${k}:${Math.round(v / pages)}`).join(',') : null,
    chromium_launches: tree.browsers.length, scripts_from_cache: stats?.cached ?? null,
    crawler_cpu_ms_per_page: Math.round((cpu.user + cpu.system) / 1000 / pages), chromium_cpu_ms_per_page: Math.round(tree.cpuMs / pages), chromium_cpu_by_process: Object.entries(tree.cpuByType).map(([k, v]) => `${k}:${Math.round(v / pages)}`).join(','),
    peak_rss_mb: Math.round(peakOwn / 2 ** 20), peak_chromium_rss_mb: Math.round(tree.rssPeak / 2 ** 20), peak_chromium_pss_mb: Math.round(tree.pssPeak / 2 ** 20), peak_chromium_processes: tree.processesPeak,
    target: '', met: '',
  };
  // Chromium's memory as PSS (each page counted once): summed RSS counts the pages its processes
  // share once per process, about three times over (both are printed)
  result.target = `>= ${TARGET_PAGES_PER_S} pages/s, every page's links, 0 violations, 0 assets at the server, one Chromium, peak RSS of the crawler + PSS of Chromium < ${TARGET_MEMORY_MB} MB`;
  result.met = result.pages_per_s >= TARGET_PAGES_PER_S && pagesWrong === 0 && pol.violations === 0 && result.asset_requests_at_server === 0
    && result.chromium_launches === 1 && result.peak_rss_mb + result.peak_chromium_pss_mb < TARGET_MEMORY_MB ? 'met' : 'missed';
  console.log(`browser: ${hosts} hosts × ${pagesPerHost} list pages at ${delayMs} ms, ${result.max_pages} at once: ${result.pages_per_s} pages/s (${result.wall_ms} ms; ${result.with_launch_and_close_ms} ms with launch and close), ${pagesOk}/${pages} pages with all their links${wrong.length ? ` (${wrong.join('; ')})` : ''}, ${pol.violations} per-host violations (min gap ${pol.minGapMs} ms, min idle ${pol.minIdleMs} ms${pol.examples.length ? `; ${pol.examples.join('; ')}` : ''}), ${result.asset_requests_at_server} assets reached the server, ${result.routed_blocked ?? '?'} requests blocked (${result.blocked_by_type ?? '?'}), ${result.routed_fetched ?? '?'} fetched, ${result.scripts_from_cache ?? '?'} scripts from cache, per page ms ${result.ms_per_page ?? '?'}, ${tree.browsers.length} Chromium, CPU per page ${result.crawler_cpu_ms_per_page} ms crawler + ${result.chromium_cpu_ms_per_page} ms Chromium (${result.chromium_cpu_by_process}), peak RSS ${result.peak_rss_mb} MB crawler + ${result.peak_chromium_rss_mb} MB Chromium (PSS ${result.peak_chromium_pss_mb} MB, ${tree.processesPeak} processes)`);
  console.log(`browser target: ${result.target}: ${result.met}`);
  return result;
}

// Set from the first measurement (Crawlee's PlaywrightCrawler, one page at a time, networkidle):
// 0.42-0.61 pages/s, two Chromium launches, 273 MB + 1456 MB peak RSS (Chromium's PSS 474 MB).
const TARGET_PAGES_PER_S = 2;
const TARGET_MEMORY_MB = 2048;

if (import.meta.url === `file://${process.argv[1]}`) await benchBrowser(Number(process.argv[2] ?? 30), Number(process.argv[3] ?? 5), Number(process.argv[4] ?? 200), process.argv[5] ? Number(process.argv[5]) : undefined);
