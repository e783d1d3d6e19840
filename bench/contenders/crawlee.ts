// The peer of the crawl benchmark: Crawlee's HttpCrawler configured as politely as it allows —
// robots.txt respected, the same delay between requests to one domain (Crawlee counts it from a
// request's start, we from the previous response's end), no retries, as many hosts at once as
// there are hosts, no header generator or session pool. Each body is written to a file, as the
// floor does. Names resolve to the simulated hosts by a look-up function: no DNS query is sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { HttpCrawler, Configuration, RequestQueue, log } from '@crawlee/http';
import { runContender } from './measure.mjs';

await runContender(async ({ port, hosts, delayMs, hostName }) => {
  log.setLevel(log.LEVELS.OFF);
  const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-crawlee-'));
  const lookup: LookupFunction = ((_host: string, opts: { all?: boolean } | ((...a: unknown[]) => void), callback?: (...a: unknown[]) => void) => {
    const cb = typeof opts === 'function' ? opts : callback!;
    if (typeof opts === 'object' && opts?.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
  }) as unknown as LookupFunction;
  // every look-up in this process answers 127.0.0.1, including those Crawlee makes for robots.txt
  // outside the navigation hooks: no DNS query leaves the machine
  (dns as { lookup: unknown }).lookup = lookup;
  (dns.promises as { lookup: unknown }).lookup = async (_h: string, opts?: { all?: boolean }) => (opts?.all ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 });
  let n = 0;
  const writes: Array<Promise<void>> = [];
  const config = new Configuration({ persistStorage: false, purgeOnStart: true, storageClientOptions: { persistStorage: false, writeMetadata: false } });
  // a queue of its own: a second crawler in the process (after the warm-up) must not inherit the default one
  const requestQueue = await RequestQueue.open(`bench-${process.pid}-${hostName(0)}`, { config });
  const crawler = new HttpCrawler({
    requestQueue,
    maxConcurrency: hosts,
    minConcurrency: hosts,
    maxRequestRetries: 0,
    sameDomainDelaySecs: delayMs / 1000,
    respectRobotsTxtFile: true,
    useSessionPool: false,
    persistCookiesPerSession: false,
    additionalMimeTypes: ['text/plain'],
    autoscaledPoolOptions: { desiredConcurrency: hosts, maxTasksPerMinute: Infinity, maybeRunIntervalSecs: 0.005 }, // checks for ready requests every 5 ms, not 0.5 s
    preNavigationHooks: [(_ctx, gotOptions) => {
      gotOptions.dnsLookup = lookup;
      (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
    }],
    requestHandler: async ({ request, body, addRequests }) => {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      writes.push(writeFile(join(dir, `${n++}`), bytes));
      if (request.url.endsWith('/list.html')) {
        const base = new URL(request.loadedUrl ?? request.url);
        const links = [...bytes.toString('utf8').matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1], base).href);
        await addRequests(links);
      }
    },
  }, config);
  return {
    crawl: async () => {
      await crawler.run(Array.from({ length: hosts }, (_, i) => `http://${hostName(i)}:${port}/list.html`));
      await Promise.all(writes);
      return { fetched: n };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});
