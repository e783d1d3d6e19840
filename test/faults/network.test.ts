// Network faults (issue 7, §1), first against the polite fetcher alone, then through a whole
// crawl of a simulated portal whose pages each misbehave in one way. Every host name is
// mapped in-process (no DNS query is ever sent); the simulator logs the Host of every request.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LookupFunction } from 'node:net';
import { startSimulator, closedPort, type Simulator, type Behaviour } from './simulator.js';
import { faultSite, faultGlobal, simHostMap, crawlSim, fetchOf, fetchesOf, archiveHealth, offHostRequests } from './helpers.js';
import { PoliteFetcher, type PoliteOptions } from '../../src/fetch/polite.js';
import { HostClock } from '../../src/frontier/hostclock.js';
import { generateReport } from '../../src/replay/generator/index.js';
import { tempStorage } from '../helpers/crawl.js';
import type { DB } from '../../src/archive/db.js';
import type { CrawlSummary } from '../../src/crawl/crawler.js';

const MiB = 1024 * 1024;
const GB2 = 2 * 1024 ** 3;
const HOST = 'www.net.fault.gov.cn';
const ALLOWED = ['*.fault.gov.cn'];

function report(seed: number, year = 2022) {
  return generateReport({ seed, era: year >= 2021 ? '2021' : '2019', year, layout: 'table', encoding: 'utf-8', declareCharset: 'correct', chrome: true, spam: false, blanks: false });
}
const page = (seed: number, year?: number, extraHtml = ''): Behaviour => {
  const g = report(seed, year);
  return { kind: 'page', body: extraHtml ? Buffer.from(g.html.replace('</body>', `${extraHtml}</body>`)) : g.bytes, headers: { 'Content-Type': g.contentType } };
};

describe('network faults against the fetcher', () => {
  let sim: Simulator;
  let refused: number;
  beforeAll(async () => { sim = await startSimulator(); refused = await closedPort(); });
  afterAll(async () => { await sim?.close(); });

  const fetcher = (o: Partial<PoliteOptions> = {}) => new PoliteFetcher({
    userAgent: 'ogi-fault-test', timeoutMs: 600, retries: 2, backoffMs: 20, maxRedirects: 5, maxBodyBytes: 4 * MiB, maxRetryAfterMs: 3000,
    clock: new HostClock(0), hostMap: simHostMap(sim, { refused: { 'refused.fault.gov.cn': refused }, unresolvable: ['nx.fault.gov.cn'] }), ...o,
  });
  const get = (f: PoliteFetcher, url: string, extra: { maxBodyBytes?: number } = {}) => f.fetch({ url, allowedHosts: ALLOWED, delayMs: 0, ...extra });
  const on = (path: string, b: Behaviour) => { sim.set(path, b); return `http://${HOST}${path}`; };

  it('connection refused: network_error/refused after the retries', async () => {
    const a = await get(fetcher(), 'http://refused.fault.gov.cn/x.html');
    expect([a.outcome, a.errorKind, a.attempt]).toEqual(['network_error', 'refused', 3]);
    expect(sim.requestsTo('refused.fault.gov.cn')).toHaveLength(0);
  });

  it('connection reset: network_error/reset after the retries', async () => {
    const a = await get(fetcher(), on('/f/reset.html', { kind: 'reset' }));
    expect([a.outcome, a.errorKind, a.attempt]).toEqual(['network_error', 'reset', 3]);
    expect(sim.hits('/f/reset.html')).toBe(3);
  });

  it('a name that does not resolve: network_error/dns, not retried, nothing sent', async () => {
    const a = await get(fetcher(), 'http://nx.fault.gov.cn/x.html');
    expect([a.outcome, a.errorKind, a.attempt]).toEqual(['network_error', 'dns', 1]);
    expect(sim.requestsTo('nx.fault.gov.cn')).toHaveLength(0);
  });

  it('a server that accepts and never answers: timeout, bounded by the deadline', async () => {
    const t0 = Date.now();
    const a = await get(fetcher({ retries: 0 }), on('/f/hang.html', { kind: 'hang' }));
    expect([a.outcome, a.errorKind]).toEqual(['network_error', 'timeout']);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a slow loris trickling bytes: timeout for the whole exchange, not per byte', async () => {
    const t0 = Date.now();
    const a = await get(fetcher({ retries: 0 }), on('/f/loris.html', { kind: 'loris', intervalMs: 50 }));
    expect([a.outcome, a.errorKind]).toEqual(['network_error', 'timeout']);
    expect(a.result.body).toBeNull();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a body cut off mid-way with a wrong Content-Length (plain and gzip): reset, nothing kept', async () => {
    const body = '<html><body>' + '年度报告'.repeat(2000) + '</body></html>';
    for (const gzip of [false, true]) {
      const a = await get(fetcher({ retries: 0 }), on(`/f/cut-${gzip}.html`, { kind: 'cut', declared: 1_000_000, body, gzip }));
      expect([a.outcome, a.errorKind], `gzip ${gzip}`).toEqual(['network_error', 'reset']);
      expect(a.result.body).toBeNull();
    }
  });

  it('bursts of 500/502/503 without Retry-After: retried with backoff, then the page', async () => {
    for (const status of [500, 502, 503]) {
      const a = await get(fetcher(), on(`/f/burst-${status}.html`, { kind: 'burst', status, count: 2, then: { kind: 'page', body: 'ok' } }));
      expect([a.outcome, a.attempt, a.result.status], String(status)).toEqual(['ok', 3, 200]);
    }
  });

  it('a 503 burst with Retry-After: waits as asked before each retry', async () => {
    const a = await get(fetcher(), on('/f/burst-ra.html', { kind: 'burst', status: 503, count: 2, retryAfter: '1', then: { kind: 'page', body: 'ok' } }));
    expect([a.outcome, a.attempt]).toEqual(['ok', 3]);
    const ts = sim.log.filter((r) => r.path === '/f/burst-ra.html').map((r) => r.t);
    expect(ts[1] - ts[0]).toBeGreaterThanOrEqual(950);
    expect(ts[2] - ts[1]).toBeGreaterThanOrEqual(950);
  });

  it('5xx that never ends: http_error/5xx after retries+1 requests', async () => {
    const a = await get(fetcher(), on('/f/always-500.html', { kind: 'burst', status: 500, count: 1e9, then: { kind: 'page', body: 'never' } }));
    expect([a.outcome, a.errorKind, a.attempt]).toEqual(['http_error', '5xx', 3]);
    expect(sim.hits('/f/always-500.html')).toBe(3);
  });

  it('429: honoured when short, given up at once when Retry-After is beyond the cap', async () => {
    const short = await get(fetcher(), on('/f/429-short.html', { kind: 'burst', status: 429, count: 1, retryAfter: '1', then: { kind: 'page', body: 'ok' } }));
    expect([short.outcome, short.attempt]).toEqual(['ok', 2]);
    const long = await get(fetcher(), on('/f/429-long.html', { kind: 'burst', status: 429, count: 1e9, retryAfter: '86400', then: { kind: 'page', body: 'never' } }));
    expect([long.outcome, long.errorKind]).toEqual(['http_error', '429']);
    expect(sim.hits('/f/429-long.html')).toBe(1);
  });

  it('redirect loops and endless redirect chains are stopped, as permanent failures (not retried)', async () => {
    sim.set('/f/loop-b.html', { kind: 'redirect', location: '/f/loop-a.html' });
    const loop = await get(fetcher(), on('/f/loop-a.html', { kind: 'redirect', location: '/f/loop-b.html' }));
    expect([loop.outcome, loop.errorKind, loop.attempt]).toEqual(['network_error', 'redirect', 1]);
    expect(loop.error).toMatch(/redirect loop at .*loop-a\.html/);
    expect([sim.hits('/f/loop-a.html'), sim.hits('/f/loop-b.html')]).toEqual([1, 1]); // A → B → A seen: stopped, and not tried again
    const chain = await get(fetcher(), on('/f/chain.html', { kind: 'loop' }));
    expect([chain.outcome, chain.errorKind, chain.attempt]).toEqual(['network_error', 'redirect', 1]);
    expect(chain.error).toMatch(/more than 5 redirects/);
    expect(sim.hits('/f/chain.html')).toBe(6); // the first request and maxRedirects (5) hops, once
  });

  it('a URL that hangs costs at most its time cap over all attempts, not (retries + 1) timeouts', async () => {
    // 600 ms a request, 3 retries: 4 × 600 ms and the backoffs before; the cap is 1 000 ms for the URL
    const t0 = Date.now();
    const a = await get(fetcher({ retries: 3, maxUrlMs: 1000 }), on('/f/hang-capped.html', { kind: 'hang' }));
    const took = Date.now() - t0;
    expect([a.outcome, a.errorKind, a.attempt]).toEqual(['network_error', 'timeout', 2]);
    expect(a.error).toMatch(/gave up on this URL after \d+ ms on the server \(cap 1000 ms/);
    expect(sim.hits('/f/hang-capped.html')).toBe(2); // 600 ms, then the 400 ms left
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(1900);
    // without a cap given, it is 1.5 timeouts
    const b = await get(fetcher({ retries: 3 }), on('/f/hang-default.html', { kind: 'hang' }));
    expect([b.errorKind, b.attempt]).toEqual(['timeout', 2]);
    // a slow loris is cut the same way; waiting for the host's turn (Retry-After) does not use up the cap
    const held = await get(fetcher({ retries: 1, maxUrlMs: 700 }), on('/f/held-capped.html', { kind: 'burst', status: 503, count: 1, retryAfter: '1', then: { kind: 'page', body: 'ok' } }));
    expect([held.outcome, held.attempt]).toEqual(['ok', 2]);
  });

  it('redirects to another host, file:, javascript:, data: and private addresses are refused before any request', async () => {
    const cases: Array<[string, string]> = [
      ['http://evil.example.com/steal', 'off_host'],
      ['//copy-site.example.net/r/1.html', 'off_host'],
      ['file:///etc/passwd', 'scheme'],
      ['javascript:alert(document.cookie)', 'scheme'],
      ['data:text/html,<script>alert(1)</script>', 'scheme'],
      ['ftp://files.fault.gov.cn/a.pdf', 'scheme'],
      ['http://10.0.0.1/admin', 'off_host'],
      ['http://127.0.0.1/', 'off_host'],
      ['http://[::1]/', 'off_host'],
      ['http://169.254.169.254/latest/meta-data/', 'off_host'],
    ];
    for (const [i, [location, kind]] of cases.entries()) {
      const before = sim.log.length;
      const a = await get(fetcher(), on(`/f/redir-${i}.html`, { kind: 'redirect', location }));
      expect(a.outcome, location).toBe('off_host');
      expect(a.errorKind, location).toBe(kind);
      expect(a.attempt, location).toBe(1);
      expect(sim.log.slice(before).map((r) => r.host), location).toEqual([HOST]);
    }
    // an allowed name is also refused when the site lists a private address itself (private ranges are never reached from a public start)
    const before = sim.log.length;
    const a = await fetcher().fetch({ url: on('/f/redir-ip.html', { kind: 'redirect', location: 'http://10.1.2.3/x' }), allowedHosts: [...ALLOWED, '10.1.2.3'], delayMs: 0 });
    expect([a.outcome, a.errorKind]).toEqual(['off_host', 'private']);
    expect(sim.log.length - before).toBe(1);
  });

  it('an allowed name that resolves to a private address is refused before connecting (first request or redirect)', async () => {
    // hostMap answers undefined for these names, so the fetcher resolves them itself: through the injected look-up, never real DNS
    const fake: LookupFunction = (hostname, options, cb) => {
      const address = { 'intranet.fault.gov.cn': '127.0.0.1', 'meta.fault.gov.cn': '169.254.169.254', 'mapped.fault.gov.cn': '::ffff:7f00:1' }[hostname];
      if (!address) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
      const family = address.includes(':') ? 6 : 4;
      if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
      else cb(null, address, family);
    };
    const f = fetcher({ retries: 0, lookup: fake, hostMap: (h) => (h === HOST ? { address: '127.0.0.1', port: sim.port } : undefined) });
    const before = sim.log.length;
    const direct = await get(f, `http://intranet.fault.gov.cn:${sim.port}/secret`);
    expect([direct.outcome, direct.errorKind]).toEqual(['off_host', 'private']);
    const viaRedirect = await get(f, on('/f/to-intranet.html', { kind: 'redirect', location: `http://intranet.fault.gov.cn:${sim.port}/secret` }));
    expect([viaRedirect.outcome, viaRedirect.errorKind]).toEqual(['off_host', 'private']);
    const meta = await get(f, 'http://meta.fault.gov.cn/latest/meta-data/');
    expect([meta.outcome, meta.errorKind]).toEqual(['off_host', 'private']);
    const mapped = await get(f, `http://mapped.fault.gov.cn:${sim.port}/secret`); // an AAAA answer ::ffff:127.0.0.1
    expect([mapped.outcome, mapped.errorKind]).toEqual(['off_host', 'private']);
    expect(sim.log.slice(before).map((r) => `${r.host} ${r.path}`)).toEqual([`${HOST} /f/to-intranet.html`]);
  });

  it('a gzip body that expands past the cap: too_large, quickly, without holding the expansion', async () => {
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    const a = await get(fetcher({ retries: 0 }), on('/f/bomb.html', { kind: 'gzipBomb', expandTo: GB2 }));
    expect([a.outcome, a.errorKind]).toEqual(['too_large', 'size']);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * MiB);
  });

  it('a "2 GB" file, with and without Content-Length: too_large, streamed and dropped, never buffered', async () => {
    const declared = await get(fetcher({ retries: 0 }), on('/f/huge-declared.pdf', { kind: 'huge', bytes: GB2, declareLength: true }));
    expect([declared.outcome, declared.errorKind]).toEqual(['too_large', 'size']);
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    const chunked = await get(fetcher({ retries: 0 }), on('/f/huge.pdf', { kind: 'huge', bytes: GB2, declareLength: false }));
    expect([chunked.outcome, chunked.errorKind]).toEqual(['too_large', 'size']);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * MiB);
    await new Promise((r) => setTimeout(r, 50));
    const sent = sim.log.filter((r) => r.path === '/f/huge.pdf')[0].bytesSent;
    expect(sent).toBeLessThan(32 * MiB); // the cap (4 MiB) plus socket buffers, not 2 GB
  });

  it("a request's own body cap (the site's max_body_bytes) stops the stream early", async () => {
    const a = await get(fetcher({ retries: 0, maxBodyBytes: 200 * MiB }), on('/f/huge-site-cap.pdf', { kind: 'huge', bytes: GB2, declareLength: false }), { maxBodyBytes: 64 * 1024 });
    expect([a.outcome, a.errorKind]).toEqual(['too_large', 'size']);
    await new Promise((r) => setTimeout(r, 50));
    // the fetcher-wide cap is 200 MiB: stopping after the socket buffers (a few MiB) proves the request's own cap applied while streaming
    expect(sim.log.filter((r) => r.path === '/f/huge-site-cap.pdf')[0].bytesSent).toBeLessThan(24 * MiB);
  });

  it('waiting for the host (Retry-After, Crawl-delay, per-host gap) does not count against the request timeout', async () => {
    // timeout 600 ms, but the host is held for 1 s by a Retry-After, then by a 1 s gap: the requests must still be sent and answered
    const f = fetcher({ retries: 1 });
    const a = await get(f, on('/f/held.html', { kind: 'burst', status: 503, count: 1, retryAfter: '1', then: { kind: 'page', body: 'ok' } }));
    expect([a.outcome, a.attempt]).toEqual(['ok', 2]);
    const slow = await f.fetch({ url: on('/f/gap.html', { kind: 'page', body: 'ok' }), allowedHosts: ALLOWED, delayMs: 1000 });
    const again = await f.fetch({ url: `http://${HOST}/f/gap.html?2`, allowedHosts: ALLOWED, delayMs: 1000 });
    expect([slow.outcome, again.outcome]).toEqual(['ok', 'ok']);
  });
});

describe('network faults through a whole crawl', () => {
  let sim: Simulator;
  let db: DB;
  let summary: CrawlSummary;
  let dir: string;
  let rssGrowth = 0;
  let elapsed = 0;
  const u = (path: string) => `http://${HOST}${path}`;

  const faults: Record<string, Behaviour> = {
    'reset.html': { kind: 'reset' },
    'hang.html': { kind: 'hang' },
    'loris.html': { kind: 'loris', intervalMs: 50 },
    'cut.html': { kind: 'cut', declared: 200_000, body: '<html><body>' + '信息公开'.repeat(3000) },
    'always-500.html': { kind: 'burst', status: 500, count: 1e9, then: { kind: 'reset' } },
    '429-long.html': { kind: 'burst', status: 429, count: 1e9, retryAfter: '86400', then: { kind: 'reset' } },
    'loop.html': { kind: 'redirect', location: '/r/loop-back.html' },
    'loop-back.html': { kind: 'redirect', location: '/r/loop.html' },
    'chain.html': { kind: 'loop' },
    'offhost.html': { kind: 'redirect', location: 'http://evil.example.com/r/x.html' },
    'file.html': { kind: 'redirect', location: 'file:///etc/passwd' },
    'js.html': { kind: 'redirect', location: 'javascript:alert(1)' },
    'data.html': { kind: 'redirect', location: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
    'private.html': { kind: 'redirect', location: 'http://10.0.0.1/x' },
    'metadata.html': { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' },
    'bomb.html': { kind: 'gzipBomb', expandTo: GB2 },
    'huge.pdf': { kind: 'huge', bytes: GB2, declareLength: false },
    'huge-declared.pdf': { kind: 'huge', bytes: GB2, declareLength: true },
  };
  const expected: Record<string, [string, string | null]> = {
    'reset.html': ['network_error', 'reset'], 'hang.html': ['network_error', 'timeout'], 'loris.html': ['network_error', 'timeout'],
    'cut.html': ['network_error', 'reset'], 'always-500.html': ['http_error', '5xx'], '429-long.html': ['http_error', '429'],
    'loop.html': ['network_error', 'redirect'], 'chain.html': ['network_error', 'redirect'], 'offhost.html': ['off_host', 'off_host'],
    'file.html': ['off_host', 'scheme'], 'js.html': ['off_host', 'scheme'], 'data.html': ['off_host', 'scheme'],
    'private.html': ['off_host', 'private'], 'metadata.html': ['off_host', 'off_host'], 'bomb.html': ['too_large', 'size'],
    'huge.pdf': ['too_large', 'size'], 'huge-declared.pdf': ['too_large', 'size'],
    'burst-503.html': ['ok', null], 'burst-502.html': ['ok', null], 'burst-429.html': ['ok', null],
  };
  const good = ['good-1.html', 'good-2.html', 'good-3.html'];

  beforeAll(async () => {
    sim = await startSimulator();
    const refused = await closedPort();
    const links = [...good, ...Object.keys(expected).filter((k) => k !== 'loop-back.html')];
    const list = `<html><head><meta charset="utf-8"><title>信息公开年报</title></head><body><ul>
${links.map((l, i) => `<li><a href="/r/${l}">网络市${2010 + i}年政府信息公开工作年度报告</a></li>`).join('\n')}
<li><a href="http://evil.example.com/r/leak.html">网络市2009年政府信息公开工作年度报告（镜像）</a></li>
<li><a href="http://127.0.0.1:${sim.port}/r/good-1.html">网络市2008年政府信息公开工作年度报告（内网）</a></li>
</ul></body></html>`;
    sim.set('/list/index.html', { kind: 'page', body: list }, HOST);
    sim.set('/r/good-1.html', page(11, 2022, '<p><a href="http://files.net.fault.gov.cn/att/a.pdf">附件1.pdf</a> <a href="http://nx.net.fault.gov.cn/att/b.pdf">附件2.pdf</a></p>'), HOST);
    sim.set('/r/good-2.html', page(12, 2021), HOST);
    sim.set('/r/good-3.html', page(13, 2020), HOST);
    for (const [k, b] of Object.entries(faults)) sim.set(`/r/${k}`, b, HOST);
    sim.set('/r/burst-503.html', { kind: 'burst', status: 503, count: 2, retryAfter: '1', then: page(14, 2019) }, HOST);
    sim.set('/r/burst-502.html', { kind: 'burst', status: 502, count: 2, then: page(15, 2023) }, HOST);
    sim.set('/r/burst-429.html', { kind: 'burst', status: 429, count: 1, retryAfter: '1', then: page(16, 2024) }, HOST);
    // two endless paginations on their own hosts: one that keeps yielding report links, one barren
    sim.set('/list/index.html', { kind: 'endless', prefix: '/list/', reports: true }, 'www.endless.fault.gov.cn');
    sim.set('/list/index.html', { kind: 'endless', prefix: '/list/', reports: false }, 'www.barren.fault.gov.cn');

    dir = tempStorage();
    const sites = [
      // 10.0.0.1 listed as allowed: the private-address rule must still refuse the redirect to it
      // and a site body cap far below the global one (64 MiB), which must stop the 2 GB stream early
      faultSite('net', HOST, { allowed_hosts: [...ALLOWED, '10.0.0.1'], politeness: { max_body_bytes: 256 * 1024 } }),
      faultSite('endless', 'www.endless.fault.gov.cn', { report_link_patterns: [], politeness: { max_depth: 10 } }),
      faultSite('barren', 'www.barren.fault.gov.cn', { report_link_patterns: [] }),
    ];
    const rss0 = process.memoryUsage().rss;
    const t0 = Date.now();
    ({ summary, db } = await crawlSim(dir, sites, simHostMap(sim, { refused: { 'files.net.fault.gov.cn': refused }, unresolvable: ['nx.net.fault.gov.cn'] }), { global: faultGlobal({ max_body_bytes: 64 * MiB }) }));
    elapsed = Date.now() - t0;
    rssGrowth = process.memoryUsage().rss - rss0;
  }, 90_000);
  afterAll(async () => { db?.close(); await sim?.close(); });

  it('completes, fast and with bounded memory, despite every fault', () => {
    expect(summary.status).toBe('completed');
    expect(summary.siteErrors).toEqual({});
    expect(elapsed).toBeLessThan(45_000);
    expect(rssGrowth).toBeLessThan(256 * MiB);
  });

  it("stops a 2 GB stream at the site's own body cap, not the global one", () => {
    const sent = sim.log.filter((r) => r.host === HOST && r.path === '/r/huge.pdf').map((r) => r.bytesSent);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeLessThan(24 * MiB);
  });

  it('records each bad page with the right outcome and error kind', () => {
    for (const [k, [outcome, kind]] of Object.entries(expected)) {
      const f = fetchOf(db, u(`/r/${k}`));
      expect([f.outcome, f.error_kind], k).toEqual([outcome, kind]);
      if (outcome !== 'ok') expect(f.snapshot_sha256, k).toBeNull();
    }
    expect(fetchOf(db, u('/r/burst-503.html')).attempt).toBe(3);
    expect(fetchOf(db, u('/r/burst-429.html')).attempt).toBe(2);
  });

  it('still archives the good pages of the site', () => {
    for (const k of [...good, 'burst-503.html', 'burst-502.html', 'burst-429.html']) {
      const f = fetchOf(db, u(`/r/${k}`));
      expect(f.outcome, k).toBe('ok');
      expect(f.snapshot_sha256, k).toMatch(/^[0-9a-f]{64}$/);
      expect(f.size, k).toBeGreaterThan(1000);
    }
  });

  it('refused and unresolvable attachment hosts: robots.txt recorded as the network error, the file not requested', () => {
    const files = fetchesOf(db, 'http://files.net.fault.gov.cn/robots.txt');
    expect(files.map((f) => [f.outcome, f.error_kind])).toEqual([['network_error', 'refused']]);
    const nx = fetchesOf(db, 'http://nx.net.fault.gov.cn/robots.txt');
    expect(nx.map((f) => [f.outcome, f.error_kind])).toEqual([['network_error', 'dns']]);
    expect(fetchOf(db, 'http://files.net.fault.gov.cn/att/a.pdf').outcome).toBe('robots_disallowed');
    expect(fetchOf(db, 'http://nx.net.fault.gov.cn/att/b.pdf').outcome).toBe('robots_disallowed');
  });

  it('endless pagination stops at the depth limit, barren pagination sooner', () => {
    const lists = (host: string) => sim.requestsTo(host).filter((r) => r.path.startsWith('/list/index')).length;
    expect(lists('www.endless.fault.gov.cn')).toBeGreaterThan(3);
    expect(lists('www.endless.fault.gov.cn')).toBeLessThanOrEqual(12);
    expect(lists('www.barren.fault.gov.cn')).toBeLessThanOrEqual(7);
    expect(summary.sites.endless).toBeTruthy();
  });

  it('never sent a request off the allowed hosts (the simulator saw every Host)', () => {
    expect(offHostRequests(sim, ALLOWED)).toEqual([]);
    expect(sim.requestsTo('10.0.0.1')).toEqual([]);
    expect(sim.requestsTo('evil.example.com')).toEqual([]);
    expect(sim.requestsTo('files.net.fault.gov.cn')).toEqual([]);
    expect(sim.requestsTo('nx.net.fault.gov.cn')).toEqual([]);
    expect(fetchesOf(db, 'http://evil.example.com/r/leak.html')).toEqual([]);
  });

  it('leaves an archive that verifies, with no sighting recorded twice', async () => {
    const h = await archiveHealth(db, dir);
    expect(h.passed, JSON.stringify(h.verify)).toBe(true);
    expect(h.files.bad).toEqual([]);
    expect(h.files.temps).toEqual([]);
    expect(h.duplicateSightings).toEqual([]);
  });
});
