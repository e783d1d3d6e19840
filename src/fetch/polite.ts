// Owns the crawler's manners around one request: robots.txt per host (fetched once a run),
// waiting for the host's turn, retries with exponential backoff on network errors, 5xx and
// 429 (Retry-After honoured up to a cap), and classifying the final outcome. A redirect loop or
// endless chain is permanent (never retried), and the time one URL may cost across its
// attempts is capped (maxUrlMs), so a URL that hangs costs at most that much of the site's
// time budget instead of (retries + 1) timeouts.
import type { LookupFunction } from 'node:net';
import type { CookieJar } from 'tough-cookie';
import { fetchUrl, type FetchOptions, type FetchResult, type HostMapper } from './http.js';
import { rulesFrom, robotsUrlFor, type RobotsRules } from './robots.js';
import { looksLikeChallenge } from './challenge.js';
import { HostClock } from '../frontier/hostclock.js';

export type Outcome = 'ok' | 'not_modified' | 'blocked' | 'http_error' | 'network_error' | 'robots_disallowed' | 'too_large' | 'off_host';

export interface Attempted { result: FetchResult; outcome: Outcome; errorKind: string | null; error: string | null; attempt: number }

export interface PoliteOptions {
  userAgent: string;
  timeoutMs: number;
  /** Time one URL may spend on the server across all its attempts (waits for the host's turn not counted); default 1.5 × timeoutMs. */
  maxUrlMs?: number;
  retries: number;
  backoffMs: number;
  maxRedirects: number;
  maxBodyBytes: number;
  maxRetryAfterMs: number;
  hostMap?: HostMapper;
  /** DNS look-up for names hostMap does not map (tests inject one). */
  lookup?: LookupFunction;
  clock: HostClock;
  sleep?: (ms: number) => Promise<void>;
  /** Validators and stored body of a URL's last good response, to re-check robots.txt with a conditional request. */
  stored?: (url: string) => { headers: Record<string, string>; body: () => Buffer | null } | null;
}

export interface PoliteRequest {
  url: string; method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string>; allowedHosts: readonly string[]; delayMs: number;
  /** The site's own body cap, enforced while streaming (default: the fetcher's). */
  maxBodyBytes?: number;
  /** The site's cookie jar (a platform may refuse a data call without the cookie its page set). */
  cookies?: CookieJar;
}

/** Below this much of a URL's time cap left, another attempt is not worth making. */
const MIN_ATTEMPT_MS = 100;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function parseRetryAfter(v: string | undefined, now = Date.now()): number | null {
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

export function classify(r: FetchResult): { outcome: Outcome; errorKind: string | null; error: string | null } {
  if (r.error) {
    const k = r.error.kind;
    const outcome: Outcome = k === 'size' ? 'too_large' : k === 'off_host' || k === 'scheme' || k === 'private' ? 'off_host' : 'network_error';
    return { outcome, errorKind: k, error: r.error.message };
  }
  const s = r.status ?? 0;
  // only a small page can be a wall (see looksLikeChallenge): a larger body is not turned into text
  const challenge = r.body && r.body.length >= 20_000 ? null : looksLikeChallenge(s, r.headers['content-type'] ?? null, r.body ? r.body.toString('latin1') : '');
  if (challenge) return { outcome: 'blocked', errorKind: 'antibot', error: challenge };
  if (s === 304) return { outcome: 'not_modified', errorKind: null, error: null };
  if (s >= 200 && s < 300) return { outcome: 'ok', errorKind: null, error: null };
  return { outcome: 'http_error', errorKind: s >= 500 ? '5xx' : s === 429 ? '429' : '4xx', error: `HTTP ${s}` };
}

export class PoliteFetcher {
  private robots = new Map<string, Promise<{ rules: RobotsRules; attempt: Attempted | null }>>();
  private sleep: (ms: number) => Promise<void>;
  constructor(private o: PoliteOptions) {
    this.sleep = o.sleep ?? defaultSleep;
  }

  /** robots.txt of the URL's host; the first caller fetches it (its Attempted is returned once, for recording). */
  async robotsFor(url: string, req: Omit<PoliteRequest, 'url'>): Promise<{ rules: RobotsRules; attempt: Attempted | null; first: boolean }> {
    const host = new URL(url).host;
    let first = false;
    let p = this.robots.get(host);
    if (!p) {
      first = true;
      p = (async () => {
        const rurl = robotsUrlFor(url);
        const stored = this.o.stored?.(rurl) ?? null;
        const attempt = await this.fetch({ ...req, url: rurl, method: 'GET', body: undefined, headers: stored?.headers ?? {} }, { robots: true });
        const r = attempt.result;
        const bytes = attempt.outcome === 'not_modified' ? stored?.body() ?? null : r.body;
        const body = bytes ? bytes.toString('utf8') : null;
        const rules = rulesFrom(rurl, attempt.outcome === 'blocked' ? 503 : attempt.outcome === 'not_modified' ? (body === null ? 503 : 200) : r.status, body, this.o.userAgent, r.error?.message);
        if (rules.crawlDelayMs !== null) this.o.clock.setDelay(host, rules.crawlDelayMs);
        return { rules, attempt };
      })();
      this.robots.set(host, p);
    }
    const v = await p;
    return { ...v, first };
  }

  /** One request with retries; robots.txt must have been consulted by the caller. */
  async fetch(req: PoliteRequest, opts: { robots?: boolean } = {}): Promise<Attempted> {
    const host = new URL(req.url).host;
    this.o.clock.setDelay(host, req.delayMs);
    const base: FetchOptions = {
      url: req.url, method: req.method, body: req.body, headers: req.headers, userAgent: this.o.userAgent,
      timeoutMs: this.o.timeoutMs, maxRedirects: this.o.maxRedirects, maxBodyBytes: req.maxBodyBytes ?? this.o.maxBodyBytes,
      allowedHosts: req.allowedHosts, hostMap: this.o.hostMap, lookup: this.o.lookup, gate: (h) => this.o.clock.acquire(h), cookies: req.cookies,
    };
    let last: Attempted | null = null;
    const tries = opts.robots ? Math.min(1, this.o.retries) + 1 : this.o.retries + 1;
    const cap = this.o.maxUrlMs ?? Math.round(this.o.timeoutMs * 1.5);
    let spent = 0; // time on the server (connecting, waiting for and reading responses) across attempts
    for (let attempt = 1; attempt <= tries; attempt++) {
      const result = await fetchUrl({ ...base, timeoutMs: Math.min(this.o.timeoutMs, cap - spent) });
      spent += result.elapsedMs - (result.waitedMs ?? 0);
      const c = classify(result);
      last = { result, attempt, ...c };
      const s = result.status ?? 0;
      // a redirect loop, an endless chain or a bad Location is the server's setup, not a passing fault
      const retryable = (c.outcome === 'network_error' && c.errorKind !== 'dns' && c.errorKind !== 'redirect') || (c.outcome === 'http_error' && (s >= 500 || s === 429));
      if (!retryable || attempt === tries) break;
      if (cap - spent < MIN_ATTEMPT_MS) {
        last.error = `${last.error ?? `HTTP ${s}`}; gave up on this URL after ${spent} ms on the server (cap ${cap} ms over all attempts)`;
        break;
      }
      const ra = parseRetryAfter(result.headers['retry-after']);
      if (ra !== null && ra > this.o.maxRetryAfterMs) break; // the server asks for longer than we wait: give up politely
      const wait = ra ?? this.o.backoffMs * 2 ** (attempt - 1);
      this.o.clock.holdUntil(host, Date.now() + wait);
      await this.sleep(0);
    }
    return last!;
  }
}
