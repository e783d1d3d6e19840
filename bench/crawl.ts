// Benchmark of the crawl engine at the politeness bound: H simulated hosts × P pages each on
// loopback with a per-host delay d, crawled in the same run by three contenders, each in its
// own process against a fresh simulated-host process: the floor (bench/contenders/floor.mjs, a
// bare polite fetch loop that writes bodies to files), our crawler (contenders/ogi.ts, the whole
// path into a fresh archive) and a peer (contenders/crawlee.ts, Crawlee's HttpCrawler as polite as
// it allows). For each: wall time against the ideal (pages × delay) and against the floor, CPU
// and main-thread time per request, per-host violations (two requests closer than d, or at once)
// from the server's own log, and peak RSS.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, spread } from './stats.js';

export type Contender = 'floor' | 'ogi' | 'crawlee';
const files: Record<Contender, string> = { floor: 'contenders/floor.mjs', ogi: 'contenders/ogi.ts', crawlee: 'contenders/crawlee.ts' };

interface Arrival { host: string; t: number; tEnd: number }
interface Measured { wallMs: number; tStart: number; cpuMs: number; mainCpuMs: number; mainMs: number; elu: number; peakRss: number; error?: string; [k: string]: unknown }

export interface ContenderResult {
  contender: Contender; requests: number; wall_ms: number; ratio_to_ideal: number; cpu_ms_per_request: number; main_thread_ms_per_request: number; main_thread_busy_ms_per_request: number;
  event_loop_utilization: number; per_host_violations: number; connections: number; start_spread_ms: number; first_request_ms: number; after_last_response_ms: number; min_gap_ms: number; mean_lateness_ms: number; peak_rss_mb: number; error?: string;
}

/** Runs one contender against a fresh simulated-host process and judges its politeness from the server's log. */
export async function runOne(contender: Contender, hosts: number, pagesPerHost: number, delayMs: number, env: Record<string, string> = {}): Promise<ContenderResult & { ideal_ms: number; requests_per_host: number }> {
  const sim = fork(fileURLToPath(new URL('./hostsim.mjs', import.meta.url)), [String(pagesPerHost)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => sim.once('message', (m) => resolve((m as { port: number }).port)));
  const child = fork(fileURLToPath(new URL(files[contender], import.meta.url)), [port, hosts, pagesPerHost, delayMs].map(String), {
    env: { ...process.env, ...env }, execArgv: ['--import', 'tsx', ...(process.env.OGI_BENCH_NODE_FLAGS ? process.env.OGI_BENCH_NODE_FLAGS.split(' ') : []), ...(process.env.OGI_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.OGI_BENCH_PROF}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const m = await new Promise<Measured>((resolve) => {
    let got: Measured | null = null;
    child.once('message', (x) => { got = x as Measured; });
    child.once('exit', (code) => resolve(got ?? { wallMs: NaN, tStart: NaN, cpuMs: NaN, mainCpuMs: NaN, mainMs: NaN, elu: NaN, peakRss: NaN, error: `exited with code ${code} before reporting` }));
  });
  sim.send('dump');
  const dump = await new Promise<{ log: Arrival[]; connections: number }>((resolve) => sim.once('message', (x) => resolve(x as { log: Arrival[]; connections: number })));
  const log = dump.log.filter((e) => e.host.startsWith('h')); // the warm-up's hosts (w<N>) are not judged
  const connections = dump.connections;
  const byHost = new Map<string, Arrival[]>();
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
  const perHost = log.length / Math.max(1, byHost.size);
  const ideal = (perHost - 1) * delayMs; // robots.txt + pages; the first request waits for nobody
  const expected = hosts * (pagesPerHost + 1);
  const error = m.error ?? (log.length !== expected ? `${log.length} requests reached the hosts, ${expected} expected` : undefined);
  return {
    contender, requests: log.length, requests_per_host: perHost, ideal_ms: Math.round(ideal), wall_ms: Math.round(m.wallMs), ratio_to_ideal: Number((m.wallMs / ideal).toFixed(3)),
    cpu_ms_per_request: Number((m.cpuMs / log.length).toFixed(2)), main_thread_ms_per_request: Number((m.mainCpuMs / log.length).toFixed(2)), main_thread_busy_ms_per_request: Number((m.mainMs / log.length).toFixed(2)),
    event_loop_utilization: Number(m.elu.toFixed(2)), per_host_violations: violations, min_gap_ms: Math.round(minGap), mean_lateness_ms: Number((late / gaps).toFixed(1)),
    peak_rss_mb: Math.round(m.peakRss / 2 ** 20), connections, start_spread_ms: Math.round(lastStart - firstStart),
    first_request_ms: Math.round(Math.min(...log.map((e) => e.t)) - m.tStart), after_last_response_ms: Math.round(m.tStart + m.wallMs - Math.max(...log.map((e) => e.tEnd))), ...(error ? { error } : {}),
  };
}

export interface CrawlTargets { wallToFloor: number; mainMs?: number; rssMb: number; beatPeer: boolean; /** Our crawler runs with the configured max_parallel_hosts rather than one slot per host. */ defaultParallel?: boolean }


/**
 * The three contenders in one run; the result carries our figures, the floor's and the peer's,
 * their ratios and the verdict. The floor and ours run `repeats` times, in turn (floor, ours,
 * floor, ours…), so that each of our runs is compared with a floor run made just before it on a
 * machine in the same state; the verdict takes the median of those paired ratios and prints
 * their spread. The peer, an order of magnitude slower, runs once.
 */
export async function benchCrawl(hosts = 200, pagesPerHost = 20, delayMs = 200, targets: CrawlTargets = { wallToFloor: 1.05, mainMs: 0.5, rssMb: 300, beatPeer: true }, contenders: Contender[] = ['floor', 'ogi', 'crawlee'], repeats = Number(process.env.OGI_BENCH_REPEATS ?? 3)): Promise<Record<string, unknown>> {
  const runs: Record<Contender, Array<Awaited<ReturnType<typeof runOne>>>> = { floor: [], ogi: [], crawlee: [] };
  for (let rep = 0; rep < repeats; rep++) {
    for (const c of contenders) {
      if (c === 'crawlee' && rep > 0) continue;
      const x = await runOne(c, hosts, pagesPerHost, delayMs, targets.defaultParallel ? { OGI_BENCH_PARALLEL: 'default' } : {});
      runs[c].push(x);
      console.log(`crawl ${hosts}×${pagesPerHost}@${delayMs}ms ${c.padEnd(7)} ${x.wall_ms} ms (×${x.ratio_to_ideal} of ideal ${x.ideal_ms}), ${x.cpu_ms_per_request} ms CPU (all threads) and ${x.main_thread_ms_per_request} ms CPU of the main thread per request (its loop ${Math.round(x.event_loop_utilization * 100)}% busy, ${x.main_thread_busy_ms_per_request} ms/request), ${x.per_host_violations} violations, ${x.mean_lateness_ms} ms past the delay, peak RSS ${x.peak_rss_mb} MB, ${x.connections} connections, first request at ${x.first_request_ms} ms, last host's first at +${x.start_spread_ms} ms, done ${x.after_last_response_ms} ms after the last response${x.error ? `; ERROR ${x.error}` : ''}`);
    }
  }
  const ours = runs.ogi, floor = runs.floor, peer = runs.crawlee[0];
  const paired = floor.length ? ours.map((x, i) => x.wall_ms / floor[Math.min(i, floor.length - 1)].wall_ms) : [];
  const toFloor = paired.length ? median(paired) : NaN;
  const wall = median(ours.map((x) => x.wall_ms));
  const toPeer = peer ? wall / peer.wall_ms : NaN;
  const mainMs = median(ours.map((x) => x.main_thread_ms_per_request));
  const cpuMs = median(ours.map((x) => x.cpu_ms_per_request));
  const violations = Math.max(...ours.map((x) => x.per_host_violations));
  const peakRss = Math.max(...ours.map((x) => x.peak_rss_mb));
  const errors = ours.map((x) => x.error).filter(Boolean);
  const checks: Array<[string, boolean]> = [
    [`wall ≤ ×${targets.wallToFloor} of the floor (median of ${paired.length} paired runs)`, toFloor <= targets.wallToFloor],
    ['0 violations', violations === 0],
    [`peak RSS < ${targets.rssMb} MB`, peakRss < targets.rssMb],
    ['no error', errors.length === 0],
  ];
  if (targets.mainMs !== undefined) checks.push([`main thread ≤ ${targets.mainMs} ms/request (median)`, mainMs <= targets.mainMs]);
  if (targets.beatPeer && peer) checks.push(['faster than Crawlee', !peer.error ? wall < peer.wall_ms : true]);
  const missed = checks.filter(([, ok]) => !ok).map(([k]) => k);
  return {
    hosts, pages_per_host: pagesPerHost, delay_ms: delayMs, requests: ours[0]?.requests, ideal_ms: ours[0]?.ideal_ms, repeats: ours.length,
    wall_ms: wall, wall_ms_runs: ours.map((x) => x.wall_ms).join('/'), floor_wall_ms_runs: floor.map((x) => x.wall_ms).join('/') || undefined, peer_wall_ms: peer?.wall_ms,
    ratio_to_floor: Number(toFloor.toFixed(3)), ratio_to_floor_spread: spread(paired, 3), ratio_to_peer: Number(toPeer.toFixed(3)), ratio_to_ideal: Number((wall / (ours[0]?.ideal_ms ?? NaN)).toFixed(3)), floor_ratio_to_ideal: floor.length ? Number((median(floor.map((x) => x.wall_ms)) / floor[0].ideal_ms).toFixed(3)) : undefined,
    main_thread_ms_per_request: mainMs, main_thread_ms_spread: spread(ours.map((x) => x.main_thread_ms_per_request), 2), floor_main_thread_ms_per_request: floor.length ? median(floor.map((x) => x.main_thread_ms_per_request)) : undefined, peer_main_thread_ms_per_request: peer?.main_thread_ms_per_request,
    cpu_ms_per_request: cpuMs, cpu_ratio_to_floor: floor.length ? Number((cpuMs / median(floor.map((x) => x.cpu_ms_per_request))).toFixed(2)) : undefined, cpu_ratio_to_peer: peer ? Number((cpuMs / peer.cpu_ms_per_request).toFixed(2)) : undefined,
    per_host_violations: violations, peer_violations: peer?.per_host_violations, peak_rss_mb: peakRss, peer_peak_rss_mb: peer?.peak_rss_mb,
    ...(errors.length ? { error: errors.join('; ') } : {}), ...(peer?.error ? { peer_error: peer.error } : {}),
    target: checks.map(([k]) => k).join(', '),
    met: missed.length ? `missed (${missed.join('; ')})` : 'met',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [h, p, d] = [Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 200)];
  const only = (process.argv[5]?.split(',') as Contender[] | undefined);
  console.log(await benchCrawl(h, p, d, undefined, only));
}
