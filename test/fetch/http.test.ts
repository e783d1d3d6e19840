import { describe, it, expect, afterEach } from 'vitest';
import zlib from 'node:zlib';
import { fetchUrl, type FetchOptions } from '../../src/fetch/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer | null = null;
afterEach(async () => { await srv?.close(); srv = null; });

const base = (port: number, extra: Partial<FetchOptions> = {}): FetchOptions => ({
  url: 'http://www.example.gov.cn/a.html', userAgent: 'ogi-test', timeoutMs: 2000, maxRedirects: 3, maxBodyBytes: 10_000,
  allowedHosts: ['*.gov.cn'], hostMap: () => ({ address: '127.0.0.1', port }), ...extra,
});

describe('fetchUrl', () => {
  it('reaches a mapped host by its real name without DNS and keeps the exact bytes', async () => {
    const body = Buffer.from([0xc4, 0xea, 0xb6, 0xc8, 0xb1, 0xa8, 0xb8, 0xe6]); // 年度报告 in GBK
    srv = await startServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(body); });
    const r = await fetchUrl(base(srv.port));
    expect(r.error).toBeNull();
    expect(r.status).toBe(200);
    expect(Buffer.compare(r.body!, body)).toBe(0);
    expect(srv.log[0].host).toBe('www.example.gov.cn');
    expect(srv.log[0].headers['user-agent']).toBe('ogi-test');
  });

  it('keeps a site\'s cookies in its jar: sent back to the host that set them, across redirects, never elsewhere', async () => {
    const { CookieJar } = await import('tough-cookie');
    srv = await startServer((req, res) => {
      if (req.url === '/dept') { res.writeHead(302, { 'Set-Cookie': ['.AspNetCore.Antiforgery.x=tok; path=/; samesite=strict; httponly', 'lang=zh; path=/'], Location: '/dept2' }); res.end(); }
      else { res.writeHead(200); res.end(String(req.headers.cookie ?? '')); }
    });
    const jar = new CookieJar();
    const first = await fetchUrl(base(srv.port, { url: 'http://zfxxgk.example.gov.cn/dept', cookies: jar }));
    expect(first.body!.toString()).toBe('.AspNetCore.Antiforgery.x=tok; lang=zh'); // the redirect hop already carries them
    const post = await fetchUrl(base(srv.port, { url: 'http://zfxxgk.example.gov.cn/data', method: 'POST', body: 'a=1', cookies: jar }));
    expect(post.body!.toString()).toBe('.AspNetCore.Antiforgery.x=tok; lang=zh');
    expect(post.requestHeaders.Cookie).toBe('.AspNetCore.Antiforgery.x=tok; lang=zh');
    const other = await fetchUrl(base(srv.port, { url: 'http://www.other.gov.cn/data', cookies: jar }));
    expect(other.body!.toString()).toBe('');
    const noJar = await fetchUrl(base(srv.port, { url: 'http://zfxxgk.example.gov.cn/data' }));
    expect(noJar.body!.toString()).toBe('');
  });

  it('follows redirects within allowed hosts and records the chain', async () => {
    srv = await startServer((req, res) => {
      if (req.url === '/a.html') { res.writeHead(302, { Location: '/b.html' }); res.end(); }
      else { res.writeHead(200); res.end('ok'); }
    });
    const r = await fetchUrl(base(srv.port));
    expect(r.finalUrl).toBe('http://www.example.gov.cn/b.html');
    expect(r.redirects).toEqual([{ url: 'http://www.example.gov.cn/a.html', status: 302, location: 'http://www.example.gov.cn/b.html' }]);
  });

  it('refuses a redirect to a host outside the allowed list, to another scheme and to a private address', async () => {
    for (const loc of ['http://copy-site.com/x', 'file:///etc/passwd', 'http://192.168.1.1/x']) {
      srv = await startServer((req, res) => { res.writeHead(301, { Location: loc }); res.end(); });
      const r = await fetchUrl(base(srv.port));
      expect(r.error?.kind).toMatch(/off_host|scheme|private/);
      expect(srv.log).toHaveLength(1);
      await srv.close(); srv = null;
    }
  });

  it('stops redirect loops and long chains', async () => {
    srv = await startServer((req, res) => { res.writeHead(302, { Location: req.url === '/a.html' ? '/b.html' : '/a.html' }); res.end(); });
    const r = await fetchUrl(base(srv.port));
    expect(r.error?.kind).toBe('redirect');
  });

  it('enforces the body cap, also after gzip decompression', async () => {
    const big = Buffer.alloc(200_000, 0x41);
    srv = await startServer((req, res) => {
      if (req.url === '/a.html') { res.writeHead(200, { 'Content-Encoding': 'gzip' }); res.end(zlib.gzipSync(big)); }
      else { res.writeHead(200, { 'Content-Length': String(big.length) }); res.end(big); }
    });
    expect((await fetchUrl(base(srv.port))).error?.kind).toBe('size');
    expect((await fetchUrl(base(srv.port, { url: 'http://www.example.gov.cn/c.html' }))).error?.kind).toBe('size');
  });

  it('times out on a server that never answers and on a trickling body', async () => {
    srv = await startServer((req, res) => {
      if (req.url === '/slow') { res.writeHead(200); const t = setInterval(() => res.write('x'), 100); res.on('close', () => clearInterval(t)); }
    });
    const t0 = Date.now();
    expect((await fetchUrl(base(srv.port, { timeoutMs: 400 }))).error?.kind).toBe('timeout');
    expect((await fetchUrl(base(srv.port, { timeoutMs: 400, url: 'http://www.example.gov.cn/slow' }))).error?.kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('reports a body cut short as a reset, and a name that does not resolve as dns', async () => {
    srv = await startServer((req, res) => { res.writeHead(200, { 'Content-Length': '1000' }); res.write('short'); setTimeout(() => res.destroy(), 20); });
    expect((await fetchUrl(base(srv.port))).error?.kind).toBe('reset');
    const r = await fetchUrl(base(0, { hostMap: () => new Error('getaddrinfo ENOTFOUND') }));
    expect(r.error?.kind).toBe('dns');
  });

  it('passes conditional headers and returns 304 without a body', async () => {
    srv = await startServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') { res.writeHead(304); res.end(); } else { res.writeHead(200, { ETag: '"v1"' }); res.end('x'); }
    });
    const r = await fetchUrl(base(srv.port, { headers: { 'If-None-Match': '"v1"' } }));
    expect(r.status).toBe(304);
    expect(r.body).toBeNull();
  });
});
