// What every contender of the crawl benchmark reports about itself, measured the same way in its
// own process: wall time of the crawl, CPU of the whole process (all threads), main-thread busy
// time (event-loop utilisation), and peak RSS sampled every 50 ms. `runContender` is called by
// each contender's file when forked by bench/crawl.ts: argv = port hosts pages delayMs. A
// contender's `prepare` (a fresh archive, a temp folder, a crawler object) and the `cleanup` it
// returns are not timed: only `crawl`, the work a nightly run repeats.
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';

/** CPU time of this process's main thread alone (Linux /proc; clock ticks of 10 ms): unlike the event loop's busy time, not stretched when the machine is busy. */
function mainThreadCpuMs() {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').slice(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime, stime (fields 14 and 15)
  } catch { return NaN; }
}

export async function runContender(prepare) {
  const [port, hosts, pages, delayMs] = process.argv.slice(2).map(Number);
  const { crawl, cleanup } = await prepare({ port, hosts, pages, delayMs, hostName: (i) => `h${i}.gov.cn` });
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const tStart = performance.timeOrigin + t0;
  const extra = await crawl();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const mainCpuMs = mainThreadCpuMs() - main0;
  const elu = performance.eventLoopUtilization(elu0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (process.env.OGI_BENCH_THREADS) {
    const { readdirSync } = await import('node:fs');
    const rows = readdirSync('/proc/self/task').map((tid) => {
      const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      return { tid, name, user: Number(f[11]) * 10, sys: Number(f[12]) * 10 };
    }).filter((r) => r.user + r.sys > 0);
    console.error(rows.map((r) => `${r.name}:${r.tid} user ${r.user} sys ${r.sys}`).join('\n'));
  }
  await cleanup?.();
  process.send({ wallMs: wall, tStart, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs, mainMs: elu.active, elu: elu.utilization, peakRss: peak, ...(extra ?? {}) }, () => process.exit(0));
}
