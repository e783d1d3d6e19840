// Benchmark of the crawl engine's politeness scheduling: H simulated hosts × P pages each on
// loopback with a per-host delay d. Reports total wall time against the ideal (pages × delay),
// per-host violations (two requests closer than d, or at once) from the server's own log, and
// peak memory.
import '../src/util/threadpool.js';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crawl } from '../src/crawl/crawler.js';
import { openArchive } from '../src/archive/db.js';
import { loadGlobalConfig } from '../src/config/load.js';
import { validateSite } from '../src/config/load.js';
import { silentLogger } from '../src/util/log.js';

export async function benchCrawl(hosts = 200, pagesPerHost = 20, delayMs = 200): Promise<Record<string, unknown>> {
  // the hosts run in their own process, as real portals do: the crawler's time is its own
  const sim = fork(fileURLToPath(new URL('./hostsim.mjs', import.meta.url)), [String(pagesPerHost)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => sim.once('message', (m) => resolve((m as { port: number }).port)));
  const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-crawl-'));
  const db = openArchive(join(dir, 'archive.sqlite'));
  const global = loadGlobalConfig();
  global.max_parallel_hosts = hosts;
  const sites = Array.from({ length: hosts }, (_, i) => validateSite({
    id: `h${i}`, name: `示例${i}县人民政府`, region: `示例${i}县`, level: 'county', homepage: `http://h${i}.bench.gov.cn/`,
    dialect: 'linklist', start_urls: [`http://h${i}.bench.gov.cn/list.html`],
  }, '<bench>'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 100);
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const tStart = performance.timeOrigin + t0;
  const summary = await crawl({ db, storageDir: dir, sites, global, log: silentLogger, delayMs, hostMap: () => ({ address: '127.0.0.1', port }) });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  clearInterval(sampler);
  sim.send('dump');
  const log = await new Promise<Array<{ host: string; t: number; tEnd: number }>>((resolve) => sim.once('message', (m) => resolve((m as { log: Array<{ host: string; t: number; tEnd: number }> }).log)));
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const byHost = new Map<string, typeof log>();
  for (const e of log) (byHost.get(e.host) ?? byHost.set(e.host, []).get(e.host)!).push(e);
  let violations = 0, minGap = Infinity, late = 0, gaps = 0, firstStart = Infinity, lastStart = 0;
  for (const reqs of byHost.values()) {
    reqs.sort((a, b) => a.t - b.t);
    firstStart = Math.min(firstStart, reqs[0].t);
    lastStart = Math.max(lastStart, reqs[0].t);
    for (let i = 1; i < reqs.length; i++) {
      const gap = reqs[i].t - reqs[i - 1].t;
      minGap = Math.min(minGap, gap);
      late += reqs[i].t - reqs[i - 1].tEnd - delayMs; gaps++; // the server's view: time past d between a response's end and the next request
      if (gap < delayMs - 1 || reqs[i].t < reqs[i - 1].tEnd - 1) violations++;
    }
  }
  const perHost = log.length / byHost.size;
  const ideal = (perHost - 1) * delayMs; // robots.txt + pages; the first request waits for nobody
  const result = {
    hosts, pages_per_host: pagesPerHost, requests_per_host: perHost, delay_ms: delayMs, requests: log.length,
    wall_ms: Math.round(wall), ideal_ms: Math.round(ideal), ratio_to_ideal: Number((wall / ideal).toFixed(3)),
    cpu_ms_per_request: Number(((cpu.user + cpu.system) / 1000 / log.length).toFixed(2)), // the crawler process only
    main_thread_ms_per_request: Number((elu.active / log.length).toFixed(2)), // the crawler's event loop: its queueing delays every host
    event_loop_utilization: Number(elu.utilization.toFixed(2)),
    per_host_violations: violations, min_gap_ms: Math.round(minGap), mean_lateness_ms: Number((late / gaps).toFixed(1)), start_spread_ms: Math.round(lastStart - firstStart),
    first_request_ms: Math.round(firstStart - tStart), after_last_response_ms: Math.round(tStart + wall - Math.max(...log.map((e) => e.tEnd))), peak_rss_mb: Math.round(peak / 2 ** 20), rss_growth_mb: Math.round((peak - rss0) / 2 ** 20),
    status: summary.status, target: 'ratio <= 1.15, 0 violations, peak < 300 MB',
    met: '',
  };
  result.met = result.ratio_to_ideal <= 1.15 && violations === 0 && result.peak_rss_mb < 300 ? 'met' : 'missed';
  console.log(`crawl: ${hosts} hosts × ${perHost} requests at ${delayMs} ms: ${result.wall_ms} ms vs ideal ${result.ideal_ms} ms (×${result.ratio_to_ideal}), ${violations} per-host violations, ${result.mean_lateness_ms} ms past the delay per request, first request at ${result.first_request_ms} ms, ${result.after_last_response_ms} ms after the last response, peak RSS ${result.peak_rss_mb} MB, ${result.cpu_ms_per_request} ms crawler CPU and ${result.main_thread_ms_per_request} ms of its main thread per request (event loop ${Math.round(result.event_loop_utilization * 100)}% busy)`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCrawl(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 200));
