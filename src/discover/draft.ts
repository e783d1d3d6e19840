// Owns turning what discovery saw into a site config draft: dialect and its parameters, start
// URLs (the columns that held reports), report patterns drawn from the report URLs, allowed
// hosts, and the evidence (every URL with what it is and where it was seen), plus a confidence.
// The draft is validated like any config before it is written. Pure.
import YAML from 'yaml';
import type { Evidence, SiteConfig } from '../config/schema.js';
import type { Fingerprint } from './fingerprint.js';
import { getDialect } from '../../crawlers/index.js';
import type { FoundApi, FoundReport } from './page.js';

export interface ColumnSeen { url: string; label: string; reports: FoundReport[]; pagination: string[]; scriptDrawn: boolean; why: string; /** The column page this one is a sub-column of (per year, per department, or a folder below it). */ parent?: string }

export interface DiscoveryResult {
  start: string;
  homepage: string;
  homeTitle: string;
  fingerprint: Fingerprint;
  /** Other platforms with signals (runners-up). */
  others: Fingerprint[];
  columns: ColumnSeen[];
  /** Column links found but not fetched (page budget). */
  unvisited: Array<{ url: string; label: string; why: string }>;
  reports: FoundReport[];
  apis: FoundApi[];
  params: Record<string, string>;
  fetched: Array<{ url: string; status: number | null; outcome: string }>;
  when: string;
}

export interface Confidence { level: 'high' | 'medium' | 'low'; score: number; reasons: string[] }

export function confidenceOf(r: DiscoveryResult): Confidence {
  const reasons: string[] = [];
  let score = 0;
  const fp = r.fingerprint;
  if (fp.score >= 5) { score += 2; reasons.push(`platform ${fp.name} by ${fp.signals.length} signals (weight ${fp.score})`); }
  else if (fp.score > 0) { score += 1; reasons.push(`platform ${fp.name} by weak signals (weight ${fp.score})`); }
  else reasons.push('no known platform: the generic dialect');
  const years = yearsOf(r.reports);
  if (r.columns.some((c) => c.reports.length > 0)) { score += 2; reasons.push(`${r.reports.length} report links in ${r.columns.filter((c) => c.reports.length).length} column(s), years ${years.join(', ') || 'unknown'}`); }
  else if (r.columns.length || r.unvisited.length) { score += 1; reasons.push('an annual-report column was found but no report link was read from it'); }
  else reasons.push('no annual-report column found');
  if (r.columns.some((c) => c.pagination.length)) { score += 1; reasons.push('pagination recognised'); }
  if (r.columns.some((c) => c.scriptDrawn)) reasons.push('the list is drawn by script (render: browser or a data dialect)');
  return { level: score >= 4 ? 'high' : score >= 2 ? 'medium' : 'low', score, reasons };
}

function yearsOf(reports: readonly FoundReport[]): number[] {
  return [...new Set(reports.map((x) => x.year).filter((y): y is number => y !== undefined))].sort();
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Report patterns that match every report URL seen and name the column rather than the whole site. */
export function reportPatterns(dialect: string, reports: readonly FoundReport[]): string[] {
  const urls = reports.filter((r) => !r.attachment).map((r) => new URL(r.url));
  if (!urls.length) return [];
  if (dialect === 'hanweb') {
    const cols = [...new Set(urls.map((u) => /\/art_(\d+)_\d+\.html$/.exec(u.pathname)?.[1]).filter(Boolean))];
    if (cols.length && urls.every((u) => /\/art_\d+_\d+\.html$/.test(u.pathname))) return [`/art/\\d{4}/\\d{1,2}/\\d{1,2}/art_(${cols.join('|')})_\\d+\\.html$`];
  }
  // the longest folder all report URLs share, with at least one segment
  const dirs = urls.map((u) => u.pathname.split('/').slice(1, -1));
  const common: string[] = [];
  for (let i = 0; dirs.every((d) => i < d.length && d[i] === dirs[0][i]); i++) common.push(dirs[0][i]);
  // dated or numbered folders (201903, 2019, 60208) vary from report to report
  while (common.length && /^(\d+|\d{4}n|\d{4}year)$/.test(common[common.length - 1])) common.pop();
  if (!common.length) return [];
  const prefix = `/${common.join('/')}/`;
  if (urls.every((u) => /\/t\d{8}_\d+(_app)?\.s?html?$/.test(u.pathname))) return [`${esc(prefix)}(.+/)?t\\d{8}_\\d+(_app)?\\.s?html?$`];
  // the documents' own file-name shape, so the column's pager and sub-column pages do not match
  const shapes = new Set(urls.map((u) => (u.search ? null : fileShape(u.pathname.slice(u.pathname.lastIndexOf('/') + 1)))));
  if (shapes.size !== 1 || shapes.has(null)) return [];
  return [`${esc(prefix)}(.+/)?${[...shapes][0]}$`];
}

/** A file name with its number and hex runs generalised: content_1799824.html → content_\d+\.html. */
function fileShape(name: string): string | null {
  if (!name || /^index(_\d+)?\./i.test(name)) return null;
  return name.split(/([0-9a-f]{16,}|\d+)/i).map((part, i) => (i % 2 ? (/^\d+$/.test(part) ? '\\d+' : `[0-9a-f]{${part.length}}`) : esc(part))).join('');
}

/** `*.example.gov.cn` for www.example.gov.cn, the host itself otherwise. */
export function hostPattern(host: string): string {
  return host.startsWith('www.') ? `*.${host.slice(4)}` : host;
}

export function siteIdOf(host: string): string {
  const parts = host.replace(/^www\./, '').split('.');
  const stem = parts[0] === 'gov' ? parts[1] ?? 'site' : parts[0];
  return stem.toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'site';
}

/** Site name from a homepage title ("首页_岳阳市人民政府" → 岳阳市人民政府). */
export function nameOf(title: string, host: string): string {
  const parts = title.split(/[_|\-–—－·]+/).map((s) => s.trim()).filter(Boolean);
  return parts.find((p) => /(人民政府|政府|政务)/.test(p)) ?? parts.find((p) => p !== '首页') ?? host;
}

export interface DraftOptions { id?: string; level?: SiteConfig['level']; source: string }

/** The config draft for `r`, as an object shaped like a site config. */
export function draftConfig(r: DiscoveryResult, o: DraftOptions): Record<string, unknown> {
  const fp = r.fingerprint;
  const home = new URL(r.homepage);
  const withReports = r.columns.filter((c) => c.reports.length > 0);
  const startCols = withReports.length ? withReports : r.columns.length ? r.columns : r.unvisited.slice(0, 1).map((u) => ({ ...u, reports: [], pagination: [], scriptDrawn: false }));
  // a sub-column is reached through its parent column: the crawl starts from the top
  const top = (url: string): string => {
    const seen = new Set<string>();
    let cur = url;
    for (;;) {
      const c = r.columns.find((x) => x.url === cur);
      if (!c?.parent || seen.has(c.parent)) return cur;
      seen.add(cur);
      cur = c.parent;
    }
  };
  const nested = startCols.some((c) => top(c.url) !== c.url);
  let start = [...new Set(startCols.map((c) => top(c.url)))];
  const params: Record<string, unknown> = {};
  const render = startCols.some((c) => c.scriptDrawn) && (fp.scriptLists || fp.dialect === 'generic' || fp.dialect === 'linklist') ? 'browser' : 'http';
  if (fp.dialect === 'hanweb') {
    const cols = [...new Set(start.map((u) => /\/col\/col(\d+)\//.exec(u)?.[1]).filter(Boolean))];
    if (cols.length) params.columns = cols;
    if (r.params.webid) params.webid = r.params.webid;
    if (r.params.unitid) params.unitid = r.params.unitid;
    if (r.apis.some((a) => a.url.includes('/module/jpage/dataproxy.jsp'))) params.dataproxy = '/module/jpage/dataproxy.jsp';
  } else if (fp.dialect === 'gkmlpt') {
    if (r.params.sid) params.sid = r.params.sid;
    start = start.length ? start : [new URL('/gkmlpt/annualreport', home).toString()];
  } else if (fp.dialect === 'trs') {
    const ext = /\.(s?html?)$/.exec(new URL(start[0] ?? r.homepage).pathname)?.[1];
    if (ext) params.ext = ext;
    if (nested && getDialect('trs')?.params.safeParse({ subcolumns: true }).success) params.subcolumns = true;
  } else if (fp.dialect === 'liaoning') {
    const code = /\/html\/([A-Z]{3,})\//.exec([...r.fetched.map((f) => f.url), ...fp.signals.map((x) => x.where)].join(' '))?.[1] ?? r.params.siteCode;
    if (code && getDialect('liaoning')?.params.safeParse({ site_code: code }).success) params.site_code = code;
  }
  if (!start.length) start = [r.start];
  const hosts = new Set<string>([hostPattern(home.hostname)]);
  for (const u of [...start, ...r.reports.map((x) => x.url)]) {
    const h = new URL(u).hostname;
    if (![...hosts].some((p) => (p.startsWith('*.') ? h === p.slice(2) || h.endsWith(p.slice(1)) : h === p))) hosts.add(hostPattern(h));
  }
  const patterns = reportPatterns(fp.dialect, r.reports);
  const name = nameOf(r.homeTitle, home.hostname);
  const conf = confidenceOf(r);
  const evidence: Evidence[] = [
    { url: r.homepage, kind: 'homepage', what: `homepage${r.homeTitle ? `: ${r.homeTitle}` : ''}`, source: o.source },
    ...r.columns.map((c): Evidence => ({ url: c.url, kind: 'list', what: `${c.label || 'annual-report column'}: ${c.reports.length} report links${c.pagination.length ? `; ${c.pagination.join('; ')}` : ''}${c.scriptDrawn ? '; list drawn by script' : ''}`, source: o.source })),
    ...r.apis.slice(0, 4).map((a): Evidence => ({ url: a.url, kind: 'api', what: a.what, source: o.source, ...(a.method ? { method: a.method } : {}) })),
    ...r.reports.filter((x) => x.year !== undefined).slice(0, 12).map((x): Evidence => ({ url: x.url, kind: x.attachment ? 'attachment' : 'report', year: x.year, what: `report link on ${new URL(x.url).host}`, ...(x.title ? { title: x.title } : {}), source: o.source })),
  ];
  const notes = [
    `Discovered from ${r.start} on ${r.when.slice(0, 10)}: ${fp.name}${fp.wanted ? ` (its own dialect "${fp.wanted}" is not registered; using ${fp.dialect})` : ''}.`,
    `Confidence ${conf.level} (${conf.score}/5): ${conf.reasons.join('; ')}.`,
    ...fp.signals.slice(0, 6).map((s) => `Signal: ${s.what} (${s.where}).`),
    ...(r.unvisited.length ? [`Columns not visited (page budget): ${r.unvisited.slice(0, 5).map((u) => u.url).join(' ')}`] : []),
  ].join('\n');
  return {
    id: o.id ?? siteIdOf(home.hostname),
    name,
    region: name.replace(/人民政府.*$|政府.*$/, '') || name,
    level: o.level ?? 'prefecture',
    homepage: r.homepage,
    dialect: fp.dialect,
    params,
    start_urls: start,
    report_link_patterns: patterns,
    allowed_hosts: [...hosts],
    render,
    verified: false,
    notes,
    evidence,
  };
}

/** The draft as YAML, with a header comment naming the platform and the confidence. */
export function draftYaml(draft: Record<string, unknown>, r: DiscoveryResult): string {
  const conf = confidenceOf(r);
  const head = `# ${String(draft.name)} — drafted by \`ogi sites discover\` from ${r.start}\n# platform: ${r.fingerprint.name}; dialect ${String(draft.dialect)}; confidence ${conf.level}. Check it: ogi sites validate, ogi crawl --dry-run, ogi sites check.\n`;
  return head + YAML.stringify(draft, { lineWidth: 0 });
}
