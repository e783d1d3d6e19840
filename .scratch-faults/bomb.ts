import { startSimulator } from '../test/faults/simulator.ts';
import { fetchUrl } from '../src/fetch/http.ts';
const sim = await startSimulator();
sim.set('/bomb', { kind: 'gzipBomb', expandTo: 2 * 1024 ** 3 });
sim.set('/huge', { kind: 'huge', bytes: 2 * 1024 ** 3, declareLength: false });
for (const p of ['/bomb', '/huge']) {
  const rss0 = process.memoryUsage().rss; const c0 = process.cpuUsage(); const t0 = Date.now();
  const r = await fetchUrl({ url: `http://www.fault.gov.cn${p}`, userAgent: 't', timeoutMs: 20000, maxRedirects: 3, maxBodyBytes: 8 * 1024 * 1024, allowedHosts: ['*.gov.cn'], hostMap: () => ({ address: '127.0.0.1', port: sim.port }) });
  const t1 = Date.now();
  await new Promise((r) => setTimeout(r, 1500));
  const c = process.cpuUsage(c0);
  console.log(p, r.error, 'elapsed', t1 - t0, 'cpu ms after 1.5s', Math.round((c.user + c.system) / 1000), 'rss MB', Math.round((process.memoryUsage().rss - rss0) / 1e6), 'sent', sim.log.at(-1)!.bytesSent);
}
await sim.close();
