// The portal replay: one HTTP server on 127.0.0.1 serving simulated portals under their
// real host names (dispatch by Host header, or by an absolute request URL when used as a
// proxy), with robots.txt, conditional requests (ETag / Last-Modified → 304), an optional
// anti-bot wall, a request log for politeness assertions, and controls for tests.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadSites } from '../config/load.js';
import { sampleSites } from './samples.js';
import type { SiteConfig } from '../config/schema.js';
import { SiteModel, type CatalogItem } from './portals/catalog.js';
import { createPortal } from './portals/index.js';
import { reportPage } from './portals/reports.js';
import type { Portal, PortalResponse } from './portals/types.js';
import type { Truth } from './generator/index.js';

export interface ReplayRequest {
  /** ms since server start (performance.now() based) when the request arrived. */
  t: number;
  /** ms since server start when the response was finished (NaN while in flight). */
  tEnd: number;
  host: string;
  method: string;
  /** Path with query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Status sent (0 while in flight). */
  status: number;
}

export interface ReplayOptions {
  port?: number;
  /** Site ids to serve (default: every config in config/sites with a simulator). */
  sites?: string[];
  /** Reports per site, one per year ending 2023 (default 9: 2015–2023). */
  reportsPerSite?: number;
  seed?: number;
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** Site configs to serve instead of config/sites (tests). */
  siteConfigs?: SiteConfig[];
  /** Also serve the replay-only sample sites (src/replay/samples), one per otherwise unused dialect, with four reports each. */
  samples?: boolean;
}

export interface ReplayControl {
  /** Same reports, different chrome (view counter etc.). */
  setChromeVariant(siteId: string, variant: number): void;
  /** A report's numbers revised: `index` counts the site's reports in ascending year order. */
  reviseReport(siteId: string, index: number): void;
  /** A new report (the next year) appears at the top of the list. */
  publishReport(siteId: string): void;
  setRobots(siteId: string, body: string): void;
  /** Every page (robots.txt too) answers 412 with a tiny script-only challenge page. */
  setWall(siteId: string, on: boolean): void;
  /** List pages lose their report links (titles stay, hrefs go). */
  breakLayout(siteId: string, on: boolean): void;
}

/** A report as the replay serves it, for assertions. */
export interface ReplayReport {
  index: number;
  year: number;
  title: string;
  date: string;
  /** Where the list links it (its page, or its file for a report listed only as a file). */
  url: string;
  attachmentUrl?: string;
  fileOnly: boolean;
  /** Generator truth of the current revision (the values the report page states). */
  truth: Truth | undefined;
}

export interface ReplaySite {
  id: string;
  dialect: string;
  hosts: string[];
  render: 'http' | 'browser';
  encoding: 'utf-8' | 'gbk';
  /** Paths robots.txt disallows by default. */
  disallow: string[];
  /** URL of the report-looking link into a disallowed path (must never be fetched). */
  trapUrl: string;
}

export interface Replay {
  port: number;
  /** http://127.0.0.1:port */
  url: string;
  hosts: string[];
  sites: ReplaySite[];
  log: ReplayRequest[];
  close(): Promise<void>;
  control: ReplayControl;
  /** The reports of a site in ascending year order, with their URLs and truth. */
  reports(siteId: string): ReplayReport[];
  /** The site served under `host`, if any. */
  siteOfHost(host: string): string | undefined;
}

const CHALLENGE = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><script>var _$c="' +
  'a3f1c9";(function(){var d=new Date();document.cookie="__jsl_clearance="+_$c+"|"+d.getTime()+";path=/";setTimeout(function(){location.reload()},1500)})();</script></body></html>';

function hostOf(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  if (/^https?:\/\//i.test(raw)) {
    try {
      return new URL(raw).hostname.toLowerCase();
    } catch {
      /* fall through */
    }
  }
  const h = String(req.headers.host ?? '').toLowerCase();
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  if (/^https?:\/\//i.test(raw)) {
    try {
      const u = new URL(raw);
      return u.pathname + u.search;
    } catch {
      return '/';
    }
  }
  return raw.startsWith('/') ? raw : `/${raw}`;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
}

/** True when the request's validators match (If-None-Match wins over If-Modified-Since). */
function notModified(req: IncomingMessage, etag: string, modified: Date | undefined): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    const tags = String(inm).split(',').map((s) => s.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const ims = req.headers['if-modified-since'];
  if (ims && modified) {
    const t = Date.parse(String(ims));
    return Number.isFinite(t) && Math.floor(modified.getTime() / 1000) <= Math.floor(t / 1000);
  }
  return false;
}

const SAMPLE_REPORTS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startReplay(opts: ReplayOptions = {}): Promise<Replay> {
  const seed = opts.seed ?? 20240601;
  const reportsPerSite = Math.max(1, opts.reportsPerSite ?? 9);
  const samples = opts.samples && !opts.siteConfigs ? sampleSites() : [];
  let configs = opts.siteConfigs ?? [...loadSites().sites, ...samples];
  const sampleIds = new Set(samples.map((s) => s.id));
  if (opts.sites) {
    const want = new Set(opts.sites);
    const missing = opts.sites.filter((id) => !configs.some((s) => s.id === id));
    if (missing.length) throw new Error(`replay: no site config for ${missing.join(', ')}`);
    configs = configs.filter((s) => want.has(s.id));
  }
  const portals = new Map<string, Portal>();
  const byHost = new Map<string, Portal>();
  for (const site of configs) {
    // Samples show their platform with a few reports (the demo stays quick).
    const portal = createPortal(new SiteModel(site, seed, sampleIds.has(site.id) ? Math.min(reportsPerSite, SAMPLE_REPORTS) : reportsPerSite));
    if (!portal) continue;
    portals.set(site.id, portal);
    portal.hosts = [...new Set([...portal.hosts, new URL(site.homepage).hostname, ...site.start_urls.map((u) => new URL(u).hostname)].map((h) => h.toLowerCase()))];
    for (const h of portal.hosts) byHost.set(h, portal);
  }

  const t0 = performance.now();
  const log: ReplayRequest[] = [];
  const latency = Math.max(0, opts.latencyMs ?? 0);

  async function answer(req: IncomingMessage, body: string, host: string, path: string): Promise<PortalResponse & { cacheable: boolean }> {
    const portal = byHost.get(host);
    if (!portal) return { status: 404, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`unknown host ${host}\n`), cacheable: false };
    const model = portal.model;
    if (model.wall) return { status: 412, contentType: 'text/html', body: Buffer.from(CHALLENGE), cacheable: false, headers: { 'Set-Cookie': '__jsluid_h=0f3c; path=/; HttpOnly' } };
    const url = new URL(path, `http://${host}`);
    if (url.pathname === '/robots.txt') {
      return { status: 200, contentType: 'text/plain', body: Buffer.from(model.robots(portal.disallow)), modified: model.modified(), cacheable: true };
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const r = portal.handle({ method: method === 'HEAD' ? 'GET' : method, url, body, headers: req.headers });
    if (!r) {
      return { status: 404, contentType: 'text/html; charset=utf-8', body: Buffer.from('<html><body><h1>404 Not Found</h1></body></html>'), cacheable: false };
    }
    return { ...r, cacheable: r.status === 200 && method !== 'POST' && !r.dynamic };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const entry: ReplayRequest = { t: performance.now() - t0, tEnd: NaN, host: hostOf(req), method: req.method ?? 'GET', path: pathOf(req), headers: { ...req.headers }, status: 0 };
    log.push(entry);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (latency) await sleep(latency);
    let r: PortalResponse & { cacheable: boolean };
    try {
      r = await answer(req, body, entry.host, entry.path);
    } catch (e) {
      r = { status: 500, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`replay error: ${(e as Error).stack}\n`), cacheable: false };
    }
    const headers: Record<string, string> = { 'Content-Type': r.contentType, Server: 'nginx', ...(r.headers ?? {}) };
    let status = r.status;
    let payload = r.body;
    if (r.cacheable) {
      const etag = etagOf(r.body);
      headers.ETag = etag;
      if (r.modified) headers['Last-Modified'] = r.modified.toUTCString();
      if (notModified(req, etag, r.modified)) {
        status = 304;
        payload = Buffer.alloc(0);
        delete headers['Content-Type'];
        delete headers['Content-Disposition'];
      }
    }
    if (status !== 304) headers['Content-Length'] = String(payload.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
    entry.status = status;
    await new Promise<void>((resolve) => (res.writableFinished ? resolve() : res.once('finish', () => resolve())));
    entry.tEnd = performance.now() - t0;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const get = (siteId: string): Portal => {
    const p = portals.get(siteId);
    if (!p) throw new Error(`replay: unknown site ${siteId}`);
    return p;
  };
  const mutate = (siteId: string, f: (m: SiteModel) => void) => {
    const m = get(siteId).model;
    f(m);
    m.version++;
  };

  const control: ReplayControl = {
    setChromeVariant: (id, v) => mutate(id, (m) => (m.chromeVariant = v)),
    reviseReport: (id, index) =>
      mutate(id, (m) => {
        if (index < 0 || index >= m.reports().length) throw new Error(`replay: ${id} has no report ${index}`);
        m.revisions.set(index, m.revisionOf(index) + 1);
      }),
    publishReport: (id) => mutate(id, (m) => m.published++),
    setRobots: (id, body) => mutate(id, (m) => (m.robotsOverride = body)),
    setWall: (id, on) => mutate(id, (m) => (m.wall = on)),
    breakLayout: (id, on) => mutate(id, (m) => (m.broken = on)),
  };

  const describe = (p: Portal): ReplaySite => ({
    id: p.siteId,
    dialect: p.model.site.dialect,
    hosts: p.hosts,
    render: p.model.site.render,
    encoding: p.model.profile.encoding,
    disallow: p.disallow,
    trapUrl: p.urlOf(p.model.trap()),
  });

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hosts: [...byHost.keys()],
    get sites() {
      return [...portals.values()].map(describe);
    },
    log,
    control,
    reports(siteId: string): ReplayReport[] {
      const p = get(siteId);
      return p.model.reports().map((item: CatalogItem) => ({
        index: item.index,
        year: item.year,
        title: item.title,
        date: item.date,
        url: p.urlOf(item),
        attachmentUrl: p.attachmentUrlOf(item),
        fileOnly: !!item.fileOnly,
        truth: reportPage(p.model, item).truth,
      }));
    },
    siteOfHost: (host) => byHost.get(host.toLowerCase())?.siteId,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
