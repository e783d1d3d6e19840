// A loopback portal simulator with switchable misbehaviour, for the fault suite (issue 7).
// One HTTP server on 127.0.0.1 (port 0) answers every host name it is sent (the crawler's
// hostMap points every host at it, so no DNS query is ever made); what it does for a path is
// set per test: answer a page, reset, hang, trickle, cut the body, burst 5xx/429, redirect
// (loops, other hosts, other schemes, private addresses), a gzip bomb, a "2 GB" file streamed
// with backpressure (never buffered), endless pagination. Every request is logged with its
// Host header and how many body bytes were written, so tests can assert containment and that
// a stream was cut off early.
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  /** A page; with `after`, answered only once that settles (a test makes a response wait for an event). */
  | { kind: 'page'; body: string | Buffer; status?: number; headers?: Record<string, string>; after?: Promise<unknown> }
  /** Destroys the connection as soon as the request arrives (ECONNRESET for the client). */
  | { kind: 'reset' }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  /** 200 with headers, then one small chunk every `intervalMs`, forever (slow loris). */
  | { kind: 'loris'; intervalMs?: number }
  /** Declares `declared` bytes, sends `body` (fewer), then closes the connection. */
  | { kind: 'cut'; declared: number; body: string | Buffer; gzip?: boolean }
  /** The first `count` requests get `status` (with Retry-After when given), the rest `then`. */
  | { kind: 'burst'; status: number; count: number; retryAfter?: string; then: Behaviour }
  | { kind: 'redirect'; location: string; status?: number }
  /** Each request redirects to the same path with ?n=n+1: a chain that never ends (A→B→A loops: two `redirect`s). */
  | { kind: 'loop' }
  /** A gzip body that expands to `expandTo` bytes (multi-member gzip of zeros, a few KB per 16 MiB). */
  | { kind: 'gzipBomb'; expandTo: number; declareLength?: boolean }
  /** A file of `bytes` bytes streamed with backpressure; Content-Length declared or not (chunked). */
  | { kind: 'huge'; bytes: number; declareLength: boolean }
  /** List page N links page N+1 forever (`reports`: each page also links a new report). */
  | { kind: 'endless'; prefix: string; reports?: boolean; ext?: string };

export interface SimRequest { t: number; tEnd: number; host: string; method: string; path: string; headers: http.IncomingHttpHeaders; bytesSent: number; remote: string }

export interface Simulator {
  port: number;
  log: SimRequest[];
  /** Sets the behaviour for a path (exact pathname, query ignored), optionally only on one host. */
  set(path: string, b: Behaviour, host?: string): void;
  /** Requests whose Host header is `host` (any port). */
  requestsTo(host: string): SimRequest[];
  /** How many requests a path (pathname) got. */
  hits(path: string, host?: string): number;
  close(): Promise<void>;
}

const ZEROS_MEMBER_SIZE = 16 * 1024 * 1024;
let zerosMember: Buffer | null = null;
/** One gzip member of 16 MiB of zeros (about 16 KB compressed). */
function gzipZeros(): Buffer {
  zerosMember ??= zlib.gzipSync(Buffer.alloc(ZEROS_MEMBER_SIZE), { level: 9 });
  return zerosMember;
}

/** Writes `total` bytes from `chunk` repeated, honouring backpressure; stops when the client goes away. */
function stream(res: http.ServerResponse, chunk: Buffer, total: number, count: (n: number) => void): void {
  let sent = 0;
  let gone = false;
  res.on('close', () => { gone = true; });
  const pump = () => {
    while (!gone && sent < total) {
      const piece = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
      sent += piece.length;
      count(piece.length);
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    if (!gone) res.end();
  };
  pump();
}

export async function startSimulator(): Promise<Simulator> {
  const routes = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  const log: SimRequest[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const t0 = Date.now();

  const lookup = (host: string, path: string): Behaviour | undefined => routes.get(`${host} ${path}`) ?? routes.get(` ${path}`);

  const serve = (req: http.IncomingMessage, res: http.ServerResponse, entry: SimRequest, b: Behaviour, key: string): void => {
    const sent = (n: number) => { entry.bytesSent += n; };
    switch (b.kind) {
      case 'page': {
        if (b.after) { void b.after.then(() => serve(req, res, entry, { ...b, after: undefined }, key)); return; }
        const body = typeof b.body === 'string' ? Buffer.from(b.body) : b.body;
        res.writeHead(b.status ?? 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length), ...b.headers });
        sent(body.length);
        res.end(body);
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return; // never answers; the socket is destroyed by close()
      case 'loris': {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        const t = setInterval(() => { sent(1); res.write('<'); }, b.intervalMs ?? 100);
        timers.add(t);
        res.on('close', () => { clearInterval(t); timers.delete(t); });
        return;
      }
      case 'cut': {
        const body = typeof b.body === 'string' ? Buffer.from(b.body) : b.body;
        const payload = b.gzip ? zlib.gzipSync(body).subarray(0, Math.floor(zlib.gzipSync(body).length / 2)) : body;
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(b.declared), ...(b.gzip ? { 'Content-Encoding': 'gzip' } : {}) });
        sent(payload.length);
        res.write(payload);
        const t = setTimeout(() => req.socket.destroy(), 30);
        timers.add(t);
        return;
      }
      case 'burst': {
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        if (n <= b.count) {
          res.writeHead(b.status, { 'Content-Type': 'text/html; charset=utf-8', ...(b.retryAfter !== undefined ? { 'Retry-After': b.retryAfter } : {}) });
          res.end(`<html><body><h1>${b.status}</h1>服务器繁忙</body></html>`);
          return;
        }
        serve(req, res, entry, b.then, `${key}#then`);
        return;
      }
      case 'redirect':
        res.writeHead(b.status ?? 302, { Location: b.location });
        res.end();
        return;
      case 'loop': {
        const u = new URL(req.url ?? '/', 'http://x');
        res.writeHead(302, { Location: `${u.pathname}?n=${Number(u.searchParams.get('n') ?? 0) + 1}` });
        res.end();
        return;
      }
      case 'gzipBomb': {
        const member = gzipZeros();
        const members = Math.ceil(b.expandTo / ZEROS_MEMBER_SIZE);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip', ...(b.declareLength ? { 'Content-Length': String(member.length * members) } : {}) });
        stream(res, member, member.length * members, sent);
        return;
      }
      case 'huge': {
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        res.writeHead(200, { 'Content-Type': 'application/pdf', ...(b.declareLength ? { 'Content-Length': String(b.bytes) } : {}) });
        stream(res, chunk, b.bytes, sent);
        return;
      }
      case 'endless': {
        const u = new URL(req.url ?? '/', 'http://x');
        const ext = b.ext ?? 'html';
        const m = new RegExp(`_(\\d+)\\.${ext}$`).exec(u.pathname);
        const n = m ? Number(m[1]) : 0;
        const report = b.reports ? `<li><a href="${b.prefix}report-${n}.html">模拟市${2000 + (n % 25)}年政府信息公开工作年度报告（第${n}页）</a></li>` : '';
        const body = `<html><head><meta charset="utf-8"><title>信息公开年报</title></head><body><ul>${report}</ul>
<div class="page"><a href="${b.prefix}index_${n + 1}.${ext}">下一页</a> <a href="${b.prefix}index_${n + 1}.${ext}">${n + 2}</a></div></body></html>`;
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        sent(Buffer.byteLength(body));
        res.end(body);
        return;
      }
    }
  };

  const server = http.createServer((req, res) => {
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const entry: SimRequest = { t: Date.now() - t0, tEnd: NaN, host, method: req.method ?? 'GET', path: req.url ?? '', headers: req.headers, bytesSent: 0, remote: req.socket.remoteAddress ?? '' };
    log.push(entry);
    res.on('close', () => { entry.tEnd = Date.now() - t0; });
    let b = lookup(host, path);
    if (!b) {
      // endless pagination: every index_N page under a registered prefix
      for (const [k, v] of routes) {
        if (v.kind === 'endless' && (k.startsWith(`${host} `) || k.startsWith(' ')) && path.startsWith(v.prefix)) { b = v; break; }
      }
    }
    if (!b && path === '/robots.txt') b = { kind: 'page', body: 'User-agent: *\nAllow: /\n', headers: { 'Content-Type': 'text/plain' } };
    b ??= { kind: 'page', status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>' };
    serve(req, res, entry, b, `${host} ${path}`);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));

  return {
    port: (server.address() as AddressInfo).port,
    log,
    set(path, b, host) {
      if (b.kind === 'gzipBomb') gzipZeros(); // compressed now, not while a client's deadline runs (slow on a loaded machine)
      routes.set(`${host ?? ''} ${path}`, b);
    },
    requestsTo: (host) => log.filter((r) => r.host === host.toLowerCase()),
    hits: (path, host) => log.filter((r) => new URL(r.path, 'http://x').pathname === path && (!host || r.host === host)).length,
    close: () => new Promise<void>((r) => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/** A loopback port with nothing listening on it (bound, then closed): connecting is refused. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
