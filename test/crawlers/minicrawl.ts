// Test support: a tiny breadth-first crawl of one replayed site driven by its dialect, with
// robots.txt obeyed and bodies decoded like the engine does (no politeness: tests only).
import robotsParserModule from 'robots-parser';
import { CookieJar } from 'tough-cookie';
import { getDialect } from '../../crawlers/index.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import type { SiteConfig } from '../../src/config/schema.js';
import { decodeBody } from '../../src/fetch/decode.js';
import { httpGet } from '../helpers/http.js';

interface Robots { isAllowed(url: string, ua?: string): boolean | undefined }
// robots-parser is CommonJS; its default export arrives wrapped or not depending on the loader.
const robotsParser = ((robotsParserModule as unknown as { default?: unknown }).default ?? robotsParserModule) as (url: string, body: string) => Robots;

export interface MiniCrawlResult {
  fetched: Array<DiscoveredRequest & { status: number }>;
  reports: string[];
  attachments: string[];
  /** URLs found but not fetched because robots.txt disallows them. */
  disallowed: string[];
  /** Text of every fetched list/data page, by URL. */
  texts: Map<string, string>;
}

/** Crawls `site` on the replay at `port`; `render` replaces a page's text (a browser stand-in). */
export async function miniCrawl(port: number, site: SiteConfig, opts: { maxRequests?: number; render?: (url: string, text: string) => Promise<string> } = {}): Promise<MiniCrawlResult> {
  const dialect = getDialect(site.dialect);
  if (!dialect) throw new Error(`no dialect ${site.dialect}`);
  const params = dialect.params.parse(site.params);
  const robots = new Map<string, Robots>();
  const queue: DiscoveredRequest[] = [...dialect.startRequests(site, params)];
  const seen = new Set<string>(queue.map((r) => `${r.method ?? 'GET'} ${r.url} ${r.body ?? ''}`));
  const res: MiniCrawlResult = { fetched: [], reports: [], attachments: [], disallowed: [], texts: new Map() };
  const max = opts.maxRequests ?? 500;
  const jar = new CookieJar(); // as the engine keeps one per site
  while (queue.length && res.fetched.length < max) {
    const req = queue.shift()!;
    const u = new URL(req.url);
    if (!robots.has(u.host)) {
      const r = await httpGet(port, `${u.origin}/robots.txt`);
      robots.set(u.host, robotsParser(`${u.origin}/robots.txt`, r.status === 200 ? r.text : ''));
    }
    if (robots.get(u.host)!.isAllowed(req.url, 'ogi-archive') === false) {
      res.disallowed.push(req.url);
      continue;
    }
    const cookie = jar.getCookieStringSync(req.url);
    const r = await httpGet(port, req.url, { method: req.method ?? 'GET', body: req.body, headers: cookie ? { Cookie: cookie } : {} });
    for (const c of ([] as string[]).concat(r.headers['set-cookie'] ?? [])) jar.setCookieSync(c, req.url, { ignoreError: true });
    res.fetched.push({ ...req, status: r.status });
    if (req.kind === 'report') res.reports.push(req.url);
    if (req.kind === 'attachment') res.attachments.push(req.url);
    if (req.kind === 'attachment') continue;
    const ct = (r.headers['content-type'] as string | undefined) ?? null;
    let text = decodeBody(r.body, ct, site.encoding).text;
    if (opts.render && req.kind === 'list') text = await opts.render(req.url, text);
    if (req.kind !== 'report') res.texts.set(req.url, text);
    const found = dialect.parse({ site, request: req, finalUrl: req.url, status: r.status, contentType: ct, text }, params);
    for (const f of found) {
      const k = `${f.method ?? 'GET'} ${f.url} ${f.body ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push(f);
    }
  }
  return res;
}
