import { describe, it, expect, afterEach } from 'vitest';
import { PoliteFetcher, parseRetryAfter } from '../../src/fetch/polite.js';
import { HostClock } from '../../src/frontier/hostclock.js';
import { looksLikeChallenge } from '../../src/fetch/challenge.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer | null = null;
afterEach(async () => { await srv?.close(); srv = null; });

function fetcher(port: number, clock = new HostClock(0)) {
  return new PoliteFetcher({ userAgent: 'ogi-test', timeoutMs: 2000, retries: 3, backoffMs: 50, maxRedirects: 5, maxBodyBytes: 1e6, maxRetryAfterMs: 5000, clock, hostMap: () => ({ address: '127.0.0.1', port }) });
}
const req = (path: string, delayMs = 0) => ({ url: `http://www.example.gov.cn${path}`, allowedHosts: ['*.gov.cn'], delayMs });

describe('polite fetching', () => {
  it('keeps the per-host gap and one request at a time, even when asked concurrently', async () => {
    let inFlight = 0, maxInFlight = 0;
    srv = await startServer((_req, res) => { inFlight++; maxInFlight = Math.max(maxInFlight, inFlight); setTimeout(() => { inFlight--; res.end('ok'); }, 20); });
    const f = fetcher(srv.port);
    await Promise.all([1, 2, 3, 4].map((i) => f.fetch(req(`/p${i}`, 150))));
    expect(maxInFlight).toBe(1);
    const ts = srv.log.map((l) => l.t);
    for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1]).toBeGreaterThanOrEqual(150);
  });

  it('retries 503 bursts honouring Retry-After, then succeeds', async () => {
    let n = 0;
    srv = await startServer((_req, res) => { if (++n <= 2) { res.writeHead(503, { 'Retry-After': '1' }); res.end('busy'); } else res.end('ok'); });
    const a = await fetcher(srv.port).fetch(req('/x'));
    expect(a.outcome).toBe('ok');
    expect(a.attempt).toBe(3);
    expect(srv.log[1].t - srv.log[0].t).toBeGreaterThanOrEqual(950);
  });

  it('gives up politely when Retry-After asks for longer than the cap, and does not retry 404', async () => {
    srv = await startServer((req0, res) => { if (req0.url === '/a') { res.writeHead(429, { 'Retry-After': '3600' }); res.end(); } else { res.writeHead(404); res.end(); } });
    const f = fetcher(srv.port);
    expect((await f.fetch(req('/a'))).outcome).toBe('http_error');
    expect((await f.fetch(req('/b'))).outcome).toBe('http_error');
    expect(srv.log).toHaveLength(2);
  });

  it('records an anti-bot wall as blocked', async () => {
    srv = await startServer((_req, res) => { res.writeHead(412, { 'Content-Type': 'text/html' }); res.end('<html><script>var _0x=1;document.cookie="__jsl_clearance=1";location.reload()</script></html>'); });
    const a = await fetcher(srv.port).fetch(req('/x'));
    expect(a.outcome).toBe('blocked');
    expect(srv.log).toHaveLength(1);
  });

  it('obeys robots.txt: disallow, Crawl-delay, and 5xx means disallow all', async () => {
    srv = await startServer((r, res) => {
      if (r.url === '/robots.txt' && r.headers.host === 'down.gov.cn') { res.writeHead(503); return res.end(); }
      if (r.url === '/robots.txt') return res.end('User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n');
      res.end('ok');
    });
    const clock = new HostClock(0);
    const f = fetcher(srv.port, clock);
    const rb = await f.robotsFor('http://www.example.gov.cn/x', { allowedHosts: ['*.gov.cn'], delayMs: 0 });
    expect(rb.rules.isAllowed('http://www.example.gov.cn/private/a.html')).toBe(false);
    expect(rb.rules.isAllowed('http://www.example.gov.cn/col/a.html')).toBe(true);
    expect(clock.delayOf('www.example.gov.cn')).toBe(1000);
    const down = await f.robotsFor('http://down.gov.cn/x', { allowedHosts: ['*.gov.cn'], delayMs: 0 });
    expect(down.rules.isAllowed('http://down.gov.cn/x')).toBe(false);
  });

  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000);
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('does not mistake a short real page for a challenge', () => {
    expect(looksLikeChallenge(200, 'text/html', '<html><body><h1>磐安县人民政府2020年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>')).toBeNull();
    expect(looksLikeChallenge(202, 'text/html', '<html><script src="/captcha.js"></script></html>')).not.toBeNull();
  });
});
