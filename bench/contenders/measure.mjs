// What every contender of the crawl benchmark reports about itself, measured the same way in its
// own process: wall time of the crawl, CPU of the whole process (all threads), main-thread busy
// time (event-loop utilisation), and peak RSS sampled every 200 ms. `runContender` is called by
// each contender's file when forked by bench/crawl.ts: argv = port hosts pages delayMs. A
// contender's `prepare` (a fresh archive, a temp folder, a crawler object) and the `cleanup` it
// returns are not timed: only `crawl`, the work a nightly run repeats. Debugging aids:
// OGI_BENCH_THREADS=1 (CPU per thread, the archive thread included), OGI_BENCH_LOOPDELAY=1 (the
// event loop's delay), OGI_BENCH_STALLS=1 (when the loop was held over 20 ms).
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync, readdirSync } from 'node:fs';

/** CPU time (user, system; ms, clock ticks of 10 ms) of one thread of this process, from Linux /proc; null once it has ended. */
function taskCpu(tid) {
  try {
    const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) * 10, sys: Number(f[12]) * 10 }; // utime, stime (fields 14 and 15)
  } catch { return null; }
}

/** CPU time of the main thread alone: unlike the event loop's busy time, not stretched when the machine is busy. */
function mainThreadCpuMs() {
  const t = taskCpu(process.pid);
  return t ? t.user + t.sys : NaN;
}

/** Debugging aid (OGI_BENCH_THREADS=1): CPU of each thread of this process. */
function threadCpu() {
  const out = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    const t = taskCpu(tid);
    if (t) out.set(tid, t);
  }
  return out;
}

export async function runContender(prepare) {
  const [port, hosts, pages, delayMs] = process.argv.slice(2).map(Number);
  // The same short warm-up for every contender, on hosts of its own (w<N>.gov.cn, left out of
  // the politeness figures): a nightly run lasts hours, so what counts is the steady state, not
  // the first seconds of compiling hot code.
  if (process.env.OGI_BENCH_WARMUP !== '0') {
    const warm = await prepare({ port, hosts: 20, pages, delayMs: 20, hostName: (i) => `w${i}.gov.cn` });
    await warm.crawl();
    await warm.cleanup?.();
  }
  const { crawl, cleanup } = await prepare({ port, hosts, pages, delayMs, hostName: (i) => `h${i}.gov.cn` });
  const threads0 = process.env.OGI_BENCH_THREADS ? threadCpu() : null;
  let peak = process.memoryUsage.rss();
  const lastSeen = new Map(); // threads that end during the crawl (the archive thread) keep their last sample
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); if (threads0) for (const [tid, t] of threadCpu()) lastSeen.set(tid, t); }, threads0 ? 50 : 200);
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const elu0 = performance.eventLoopUtilization();
  const hist = process.env.OGI_BENCH_LOOPDELAY ? monitorEventLoopDelay({ resolution: 1 }) : null;
  hist?.enable();
  const t0 = performance.now();
  const stalls = []; let lastTick = t0; const ticker = process.env.OGI_BENCH_STALLS ? setInterval(() => { const n = performance.now(); if (n - lastTick > 20) stalls.push(`${Math.round(lastTick - t0)}+${Math.round(n - lastTick)}`); lastTick = n; }, 2) : null;
  const tStart = performance.timeOrigin + t0;
  const extra = await crawl();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const mainCpuMs = mainThreadCpuMs() - main0;
  const elu = performance.eventLoopUtilization(elu0);
  clearInterval(sampler);
  if (ticker) { clearInterval(ticker); console.error('stalls (start+ms):', stalls.join(' ')); }
  if (hist) { hist.disable(); console.error(`event-loop delay: mean ${(hist.mean / 1e6).toFixed(2)} ms, p50 ${(hist.percentile(50) / 1e6).toFixed(2)}, p90 ${(hist.percentile(90) / 1e6).toFixed(2)}, p99 ${(hist.percentile(99) / 1e6).toFixed(2)}, max ${(hist.max / 1e6).toFixed(1)} ms`); }
  peak = Math.max(peak, process.memoryUsage.rss());
  if (threads0) {
    const after = new Map([...lastSeen, ...threadCpu()]);
    console.error([...after].map(([tid, t]) => { const b = threads0.get(tid) ?? { user: 0, sys: 0 }; return `thread ${tid}${tid === String(process.pid) ? ' (main)' : ''}: user ${t.user - b.user} ms, sys ${t.sys - b.sys} ms`; }).join('\n'));
  }
  await cleanup?.();
  process.send({ wallMs: wall, tStart, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs, mainMs: elu.active, elu: elu.utilization, peakRss: peak, ...(extra ?? {}) }, () => process.exit(0));
}
