// Owns one HTTP exchange as the crawler makes it: manual redirects (each hop checked against
// the site's allowed hosts, scheme and private-address rules, each hop waiting its turn at the
// host), a deadline, a body size cap (also after decompression), and the exact body bytes.
// Host mapping lets the crawler reach a replay on 127.0.0.1 under real host names with no DNS.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import type { CookieJar } from 'tough-cookie';
import { hostAllowed, isPrivateAddress } from '../frontier/url.js';

export interface HostTarget { address: string; port: number; tls?: boolean }
/** Maps a URL's host to where to connect; undefined = normal DNS; an Error = resolution failure. */
export type HostMapper = (hostname: string, port: number) => HostTarget | Error | undefined;

export type ErrorKind = 'dns' | 'timeout' | 'refused' | 'reset' | 'network' | 'redirect' | 'off_host' | 'scheme' | 'size' | 'private';

export interface FetchOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  userAgent: string;
  timeoutMs: number;
  maxRedirects: number;
  maxBodyBytes: number;
  allowedHosts: readonly string[];
  hostMap?: HostMapper;
  /** Resolves the names hostMap leaves to DNS (default dns.lookup; tests inject one so no query is sent). */
  lookup?: LookupFunction;
  /** Waits for the host's turn before each request (the first and every redirect hop); returns a release function. */
  gate?: (host: string) => Promise<() => void>;
  /** Cookies: sent with each hop and kept from its Set-Cookie headers (a site's own jar; none when absent). */
  cookies?: CookieJar;
}

export interface Hop { url: string; status: number; location: string }

export interface FetchResult {
  url: string;
  finalUrl: string;
  redirects: Hop[];
  status: number | null;
  headers: Record<string, string>;
  requestHeaders: Record<string, string>;
  body: Buffer | null;
  /** The body's length when the bytes travel apart from the result (to the archive's writing thread). */
  bodyLength?: number | null;
  startedAt: string;
  elapsedMs: number;
  /** Of elapsedMs, the time spent waiting for the host's turn (per-host gap, Crawl-delay, Retry-After, backoff). */
  waitedMs?: number;
  error: { kind: ErrorKind; message: string } | null;
}

class FetchFailure extends Error {
  constructor(public kind: ErrorKind, message: string) { super(message); }
}

function errorKind(e: NodeJS.ErrnoException): ErrorKind {
  switch (e.code) {
    case 'ENOTFOUND': case 'EAI_AGAIN': case 'EAI_FAIL': case 'EAI_NONAME': return 'dns';
    case 'ECONNREFUSED': return 'refused';
    case 'ECONNRESET': case 'EPIPE': case 'ERR_STREAM_PREMATURE_CLOSE': return 'reset';
    case 'ETIMEDOUT': case 'ESOCKETTIMEDOUT': return 'timeout';
    case 'EPRIVATEADDR': return 'private';
    default: return 'network';
  }
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

interface Exchange { status: number; headers: Record<string, string>; body: Buffer | null; setCookies: string[] }

/**
 * Containment (issue 7): the literal-address check before each hop cannot see a name that
 * resolves to a private, loopback or link-local address (an allowed `*.gov.cn` name pointing
 * into the local network). This look-up fails such a name before any connection is made.
 */
function publicOnly(lookup: LookupFunction): LookupFunction {
  return (hostname, options, cb) => lookup(hostname, options, (err, address, family) => {
    if (err) return cb(err, address, family);
    const bad = (Array.isArray(address) ? address : [{ address, family }]).find((a) => isPrivateAddress(a.address));
    if (bad) return cb(Object.assign(new Error(`refused private address ${bad.address} (${hostname} resolves to it)`), { code: 'EPRIVATEADDR' }), address, family);
    cb(null, address, family);
  });
}

function exchange(u: URL, o: FetchOptions, reqHeaders: Record<string, string>, deadline: number, wantBody: boolean, allowPrivate: boolean): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    const mapped = o.hostMap?.(u.hostname, port);
    if (mapped instanceof Error) return reject(new FetchFailure('dns', `${u.hostname}: ${mapped.message}`));
    const tls = mapped ? !!mapped.tls : u.protocol === 'https:';
    const mod = tls ? https : http;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FetchFailure('timeout', `timed out before connecting to ${u.host}`));
    let settled = false;
    const req = mod.request({
      host: mapped ? mapped.address : u.hostname,
      port: mapped ? mapped.port : port,
      servername: tls && !mapped ? u.hostname : undefined,
      method: o.method ?? 'GET',
      path: `${u.pathname}${u.search}`,
      headers: { ...reqHeaders, Host: u.host },
      agent: agentFor(u, tls, mapped),
      lookup: mapped ? undefined : allowPrivate ? o.lookup : publicOnly(o.lookup ?? (dns.lookup as LookupFunction)),
    });
    const timer = setTimeout(() => fail(new FetchFailure('timeout', `no complete response from ${u.host} within ${o.timeoutMs} ms`)), remaining);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e instanceof FetchFailure ? e : new FetchFailure(errorKind(e as NodeJS.ErrnoException), (e as Error).message || String(e)));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const headers = flatHeaders(res.headers);
      const setCookies = res.headers['set-cookie'] ?? [];
      const status = res.statusCode ?? 0;
      if (!wantBody || (status >= 300 && status < 400 && headers.location) || status === 304) {
        res.resume();
        settled = true; clearTimeout(timer); req.destroy();
        return resolve({ status, headers, body: null, setCookies });
      }
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > o.maxBodyBytes) {
        return fail(new FetchFailure('size', `body of ${declared} bytes exceeds the cap of ${o.maxBodyBytes}`));
      }
      const enc = (headers['content-encoding'] ?? '').toLowerCase().trim();
      let stream: Readable = res;
      if (enc === 'gzip' || enc === 'x-gzip') stream = res.pipe(zlib.createGunzip());
      else if (enc === 'deflate') stream = res.pipe(zlib.createInflate());
      else if (enc === 'br') stream = res.pipe(zlib.createBrotliDecompress());
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > o.maxBodyBytes) fail(new FetchFailure('size', `body exceeds the cap of ${o.maxBodyBytes} bytes${enc ? ' after decompression' : ''}`));
        else chunks.push(c);
      });
      stream.on('error', (e) => fail(e));
      res.on('aborted', () => fail(new FetchFailure('reset', `connection to ${u.host} closed mid-body`)));
      stream.on('end', () => {
        if (settled) return;
        if (!res.complete) return fail(new FetchFailure('reset', `body from ${u.host} cut short`));
        settled = true; clearTimeout(timer);
        resolve({ status, headers, body: Buffer.concat(chunks), setCookies });
      });
    });
    if (o.body) req.write(o.body);
    req.end();
  });
}

/**
 * One kept-alive connection per host (and per replay target): a crawl of a site reuses its
 * socket instead of opening one per page. maxSockets 1 matches the one-request-at-a-time rule.
 */
const agents = new Map<string, http.Agent>();
function agentFor(u: URL, tls: boolean, mapped: HostTarget | undefined): http.Agent {
  const key = `${tls ? 'https' : 'http'}://${u.host}@${mapped ? `${mapped.address}:${mapped.port}` : ''}`;
  let a = agents.get(key);
  if (!a) {
    a = tls ? new https.Agent({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 1000 }) : new http.Agent({ keepAlive: true, maxSockets: 1, keepAliveMsecs: 1000 });
    agents.set(key, a);
  }
  return a;
}

/** Closes kept-alive connections (end of a crawl). */
export function closeConnections(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

/** Performs the request, following redirects within the rules; never throws. */
export async function fetchUrl(o: FetchOptions): Promise<FetchResult> {
  const started = Date.now();
  const requestHeaders: Record<string, string> = {
    'User-Agent': o.userAgent,
    Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8,*/*;q=0.5',
    'Accept-Language': 'zh-CN,zh;q=0.9',
    'Accept-Encoding': 'gzip, deflate, br',
    ...(o.body ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(o.body)) } : {}),
    ...o.headers,
  };
  const result: FetchResult = {
    url: o.url, finalUrl: o.url, redirects: [], status: null, headers: {}, requestHeaders, body: null,
    startedAt: new Date(started).toISOString(), elapsedMs: 0, waitedMs: 0, error: null,
  };
  let deadline = started + o.timeoutMs;
  let current = new URL(o.url);
  const startPrivate = isPrivateAddress(current.hostname);
  let method = o.method ?? 'GET';
  let body = o.body;
  try {
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new FetchFailure('scheme', `refused scheme ${current.protocol} (${current.href})`);
      if (!hostAllowed(current.hostname, o.allowedHosts)) throw new FetchFailure('off_host', `host ${current.hostname} is not in the site's allowed hosts`);
      if (!startPrivate && isPrivateAddress(current.hostname)) throw new FetchFailure('private', `refused private address ${current.hostname}`);
      const waitStart = Date.now();
      const release = o.gate ? await o.gate(current.host) : () => {};
      // The deadline bounds the server, not our manners: time spent waiting for the host's turn
      // (per-host gap, Crawl-delay, Retry-After) would otherwise time a request out before it is sent.
      deadline += Date.now() - waitStart;
      result.waitedMs = (result.waitedMs ?? 0) + Date.now() - waitStart;
      let ex: Exchange;
      const hopHeaders = hop === 0 ? requestHeaders : stripConditional(requestHeaders, body);
      const cookie = o.cookies && !jarIsEmpty(o.cookies) ? o.cookies.getCookieStringSync(current.href) : undefined;
      const sent = cookie ? { ...hopHeaders, Cookie: cookie } : hopHeaders;
      if (hop === 0) result.requestHeaders = sent;
      try {
        ex = await exchange(current, { ...o, method, body }, sent, deadline, true, startPrivate);
      } finally {
        release();
      }
      for (const c of ex.setCookies) {
        try { o.cookies?.setCookieSync(c, current.href, { ignoreError: true }); } catch { /* a malformed cookie is dropped */ }
      }
      result.finalUrl = current.href;
      result.status = ex.status;
      result.headers = ex.headers;
      if (ex.status >= 300 && ex.status < 400 && ex.status !== 304 && ex.headers.location) {
        let next: URL;
        try { next = new URL(ex.headers.location, current); } catch { throw new FetchFailure('redirect', `bad Location "${ex.headers.location}"`); }
        result.redirects.push({ url: current.href, status: ex.status, location: next.href });
        if (hop + 1 > o.maxRedirects) throw new FetchFailure('redirect', `more than ${o.maxRedirects} redirects`);
        if (result.redirects.some((h) => h.url === next.href)) throw new FetchFailure('redirect', `redirect loop at ${next.href}`);
        if (ex.status === 303 || ((ex.status === 301 || ex.status === 302) && method === 'POST')) { method = 'GET'; body = undefined; }
        current = next;
        continue;
      }
      result.body = ex.body;
      break;
    }
  } catch (e) {
    const f = e instanceof FetchFailure ? e : new FetchFailure('network', String(e));
    result.error = { kind: f.kind, message: f.message };
    result.body = null;
  }
  result.elapsedMs = Date.now() - started;
  return result;
}

/** A jar with no cookie in it (the usual case) sends none: skips the jar's domain matching on every request. */
function jarIsEmpty(jar: CookieJar): boolean {
  const idx = (jar.store as { idx?: Record<string, unknown> }).idx;
  if (!idx) return false; // another kind of store: ask it
  for (const _ in idx) return false;
  return true;
}

function stripConditional(h: Record<string, string>, body: string | undefined): Record<string, string> {
  const out = { ...h };
  delete out['If-None-Match'];
  delete out['If-Modified-Since'];
  if (!body) { delete out['Content-Type']; delete out['Content-Length']; }
  return out;
}
