// Owns robots.txt: fetched once per host and run through the polite fetcher, parsed with
// robots-parser. 4xx means no rules; 5xx or an unreachable server means "disallow all" for the
// run (RFC 9309). Crawl-delay raises the host's gap.
import robotsParserModule from 'robots-parser';

type Robot = { isAllowed(url: string, ua?: string): boolean | undefined; getCrawlDelay(ua?: string): number | undefined };
// robots-parser is CommonJS; its typings describe an ES default export.
const robotsParser = ((robotsParserModule as unknown as { default?: unknown }).default ?? robotsParserModule) as (url: string, body: string) => Robot;

export interface RobotsRules {
  status: 'rules' | 'none' | 'unreachable';
  isAllowed(url: string): boolean;
  crawlDelayMs: number | null;
  reason: string;
}

export function rulesFrom(url: string, status: number | null, body: string | null, userAgent: string, error?: string): RobotsRules {
  if (status !== null && status >= 200 && status < 300 && body !== null) {
    const r = robotsParser(url, body);
    const delay = r.getCrawlDelay(userAgent);
    return {
      status: 'rules',
      isAllowed: (u) => r.isAllowed(u, userAgent) !== false,
      crawlDelayMs: typeof delay === 'number' && Number.isFinite(delay) ? Math.round(delay * 1000) : null,
      reason: 'robots.txt',
    };
  }
  if (status !== null && status >= 400 && status < 500) return { status: 'none', isAllowed: () => true, crawlDelayMs: null, reason: `robots.txt answered ${status}: no rules` };
  return { status: 'unreachable', isAllowed: () => false, crawlDelayMs: null, reason: `robots.txt unreachable (${error ?? `HTTP ${status}`}): disallow all` };
}

export function robotsUrlFor(u: string): string {
  const x = new URL(u);
  return `${x.protocol}//${x.host}/robots.txt`;
}
