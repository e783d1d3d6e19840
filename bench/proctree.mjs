// Samples the processes a benchmark starts (Chromium and its children), from its own process so
// that reading /proc costs the measured crawler nothing: forked with the root pid and the pids
// to leave out; every `interval` ms it sums RSS, PSS (shared pages divided among their sharers)
// and CPU over the root's descendants, and keeps the peaks. On 'dump' it sends them back:
// {rssPeak, pssPeak, processesPeak, cpuMs, cpuByType, browsers} (cpuMs: the largest total seen,
// cpuByType: its split by Chromium process type, a zygote's including its renderers gone; browsers:
// the pids of Chromium browsers among the root's children over the run).
import { readdirSync, readFileSync } from 'node:fs';

/** pid → parent pid, RSS bytes, command name and CPU ms (its own and its children's already reaped). */
function processTable() {
  const t = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      // utime, stime, cutime, cstime in clock ticks of 10 ms
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      t.set(Number(d), { ppid: Number(f[1]), rss: Number(f[21]) * 4096, comm: stat.slice(stat.indexOf('(') + 1, close), cpuMs: ticks * 10 });
    } catch { /* gone meanwhile */ }
  }
  return t;
}

function tree(root, exclude) {
  const t = processTable();
  const kids = new Map();
  for (const [pid, p] of t) (kids.get(p.ppid) ?? kids.set(p.ppid, []).get(p.ppid)).push(pid);
  let rss = 0, pss = 0, processes = 0, cpuMs = 0;
  const byType = {};
  const browsers = (kids.get(root) ?? []).filter((pid) => /chrom/i.test(t.get(pid).comm));
  const stack = (kids.get(root) ?? []).filter((pid) => !exclude.includes(pid));
  while (stack.length) {
    const pid = stack.pop();
    rss += t.get(pid)?.rss ?? 0;
    cpuMs += t.get(pid)?.cpuMs ?? 0;
    processes++;
    let type = 'browser';
    try { type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'latin1'))?.[1] ?? 'browser'; } catch { /* gone */ }
    byType[type] = (byType[type] ?? 0) + (t.get(pid)?.cpuMs ?? 0);
    try { pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'))?.[1] ?? 0) * 1024; } catch { /* gone meanwhile */ }
    stack.push(...(kids.get(pid) ?? []));
  }
  return { rss, pss, processes, cpuMs, browsers, byType };
}

const root = Number(process.argv[2]);
const exclude = [process.pid, ...process.argv.slice(4).map(Number)];
const peaks = { rssPeak: 0, pssPeak: 0, processesPeak: 0, cpuMs: 0, cpuByType: {}, browsers: new Set() };
const sample = () => {
  const c = tree(root, exclude);
  peaks.rssPeak = Math.max(peaks.rssPeak, c.rss);
  peaks.pssPeak = Math.max(peaks.pssPeak, c.pss);
  peaks.processesPeak = Math.max(peaks.processesPeak, c.processes);
  if (c.cpuMs >= peaks.cpuMs) { peaks.cpuMs = c.cpuMs; peaks.cpuByType = c.byType; } // grows while the browser lives; gone after it closes
  for (const b of c.browsers) peaks.browsers.add(b);
};
const timer = setInterval(sample, Number(process.argv[3] ?? 250));
process.on('message', (m) => {
  if (m === 'sample') { sample(); process.send({ sampled: true }); }
  if (m === 'dump') {
    clearInterval(timer);
    process.send({ ...peaks, browsers: [...peaks.browsers] }, () => process.exit(0));
  }
});
process.send({ ready: true });
