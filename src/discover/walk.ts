// Owns the polite page-by-page reading that discovery and `sites check` share: the crawler's own
// fetcher (robots.txt obeyed, the per-host delay, retries, body caps, the anti-bot recognition),
// charset decoding as the crawl does it, and a page budget. Nothing is stored.
import type { GlobalConfig } from '../config/schema.js';
import { PoliteFetcher } from '../fetch/polite.js';
import { closeConnections, type HostMapper } from '../fetch/http.js';
import { decodeBody } from '../fetch/decode.js';
import { HostClock } from '../frontier/hostclock.js';

export interface WalkPage {
  url: string;
  finalUrl: string;
  status: number | null;
  outcome: string;
  contentType: string | null;
  text: string | null;
  error: string | null;
}

export interface WalkerOptions {
  global: GlobalConfig;
  hostMap?: HostMapper;
  delayMs?: number;
  /** Hosts requests may go to (redirects elsewhere are refused). */
  allowedHosts: string[];
  maxPages: number;
  encoding?: string;
}

export class Walker {
  private fetcher: PoliteFetcher;
  private delayMs: number;
  fetchedCount = 0;
  constructor(private o: WalkerOptions) {
    const g = o.global.politeness;
    this.delayMs = o.delayMs ?? g.delay_ms;
    this.fetcher = new PoliteFetcher({
      userAgent: o.global.user_agent, timeoutMs: g.timeout_ms, retries: Math.min(g.retries, 1), backoffMs: g.backoff_ms,
      maxRedirects: g.max_redirects, maxBodyBytes: Math.min(g.max_body_bytes, 8 * 2 ** 20), maxRetryAfterMs: Math.min(g.max_retry_after_ms, 30_000),
      hostMap: o.hostMap, clock: new HostClock(this.delayMs),
    });
  }

  /** True while the page budget allows another fetch. */
  get canFetch(): boolean {
    return this.fetchedCount < this.o.maxPages;
  }

  /** One page, after robots.txt; null when the budget is spent. */
  async get(url: string, req: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<WalkPage | null> {
    if (!this.canFetch) return null;
    const opts = { allowedHosts: this.o.allowedHosts, delayMs: this.delayMs };
    const robots = await this.fetcher.robotsFor(url, opts);
    if (!robots.rules.isAllowed(url)) return { url, finalUrl: url, status: null, outcome: 'robots_disallowed', contentType: null, text: null, error: robots.rules.reason };
    this.fetchedCount++;
    const a = await this.fetcher.fetch({ url, method: req.method ?? 'GET', body: req.body, ...opts });
    const r = a.result;
    const ct = r.headers['content-type'] ?? null;
    const text = a.outcome === 'ok' && r.body ? decodeBody(r.body, ct ?? undefined, this.o.encoding).text : null;
    return { url, finalUrl: r.finalUrl, status: r.status, outcome: a.outcome, contentType: ct, text, error: a.error };
  }

  /** True when robots.txt of the URL's host lets the crawler fetch it. */
  async allowed(url: string): Promise<boolean> {
    const robots = await this.fetcher.robotsFor(url, { allowedHosts: this.o.allowedHosts, delayMs: this.delayMs });
    return robots.rules.isAllowed(url);
  }

  close(): void {
    closeConnections();
  }
}
