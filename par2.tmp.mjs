import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
if (!isMainThread) {
  const { n } = workerData;
  const cheerio = await import('cheerio'); const html = readFileSync('/work/shared/corpus/real/r10.html', 'utf8'); for (let i = 0; i < n; i++) { const $ = cheerio.load(html); $('td').text(); } parentPort.postMessage(0);
} else {
  for (const young of [undefined]) for (const k of [1, 2]) {
    const t0 = performance.now(); const c0 = process.cpuUsage();
    await Promise.all(Array.from({ length: k }, () => new Promise((r) => new Worker(new URL(import.meta.url), { workerData: { n: 200 }, resourceLimits: young ? { maxYoungGenerationSizeMb: young } : undefined }).once('message', r))));
    const c = process.cpuUsage(c0);
    console.log('young', young, k, 'workers:', Math.round(performance.now() - t0), 'ms, cpu', Math.round((c.user + c.system) / 1000));
  }
}
