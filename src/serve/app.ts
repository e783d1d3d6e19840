// Owns `ogi serve`'s web application (Hono): the routes and their pages — reports (filters,
// sorting), one report beside its archived page with the chosen value marked, coverage, trends
// (uPlot), search — and the archived bytes, served inert: every snapshot response carries
// `Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:` plus
// a CSP sandbox, and is shown in an <iframe sandbox> without allow-scripts, so no script of an
// archived page runs and nothing it names is fetched. The archive is only read.
import { Hono, type Context } from 'hono';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DB } from '../archive/db.js';
import type { SnapshotStore } from '../store/snapshots.js';
import { searchReports, markSnippet } from '../archive/search.js';
import { locateInSnapshot, targetOf } from './source.js';
import { esc, qs, page, table, fmtNum } from './html.js';
import { allReports, reportDetail, recordMetrics, recordChecks, coverage, trend, trendKeys, failedChecksOf, type ReportRow } from './data.js';
import { TRENDS_JS, REPORT_JS } from './trends.js';

export const SNAPSHOT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";
const APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

const require = createRequire(import.meta.url);
const UPLOT_JS = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'));
const UPLOT_CSS = readFileSync(require.resolve('uplot/dist/uPlot.min.css'));

const SORTABLE = ['report_id', 'issuer', 'province', 'region', 'level', 'year', 'format', 'requests_received', 'requests_granted', 'decided', 'share_granted', 'reconsiderations', 'lawsuits', 'failed_checks'] as const;

function where(loc: Record<string, unknown>): string {
  if (loc.type === 'table') return `${esc(loc.tableLabel || `table ${loc.table}`)} › ${esc(loc.row)} › ${esc(loc.column)}`;
  if (loc.type === 'prose') return `“${esc(loc.verbatim ?? loc.sentence)}”`;
  return '';
}

function flagsHtml(flags: string): string {
  return flags.split(/\s+/).filter(Boolean).map((f) => `<span class="flag${f === 'check_failed' || f === 'unreadable' || f === 'disagrees_with_table' ? ' bad' : ''}">${esc(f)}</span>`).join('');
}

export interface AppOptions { db: DB; store: SnapshotStore }

export function createApp({ db, store }: AppOptions): Hono {
  const app = new Hono();
  const snapInfo = db.prepare('SELECT sha256, content_type FROM snapshots WHERE sha256 = ?');
  const located = (sha: string, metricId: number | null, term: string | null) => locateInSnapshot(db, store, sha, metricId, term);

  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', APP_CSP);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
  });

  app.get('/', (c) => c.redirect('/reports'));
  app.get('/assets/uPlot.min.css', (c) => c.body(UPLOT_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/assets/uPlot.iife.min.js', (c) => c.body(UPLOT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/assets/report.js', (c) => c.body(REPORT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/assets/trends.js', (c) => c.body(TRENDS_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  app.get('/reports', (c) => {
    const q = c.req.query();
    const all = allReports(db);
    const opts = (f: (r: ReportRow) => unknown) => [...new Set(all.map(f).map((v) => (v === null || v === undefined ? '' : String(v))))].filter(Boolean).sort();
    let rows = all.filter((r) => (!q.province || (q.province === '(unknown)' ? r.province === null : r.province === q.province))
      && (!q.city || r.region === q.city) && (!q.level || r.level === q.level) && (!q.year || String(r.year) === q.year)
      && (!q.format || r.format === q.format) && (!q.failed || (q.failed === '1' ? r.failed_checks > 0 : r.failed_checks === 0)));
    const sort = (SORTABLE as readonly string[]).includes(q.sort ?? '') ? q.sort as keyof ReportRow : 'report_id';
    const dir = q.dir === 'desc' ? -1 : 1;
    rows = rows.sort((a, b) => {
      const x = a[sort], y = b[sort];
      if (x === y) return a.report_id < b.report_id ? -1 : 1;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
    const select = (name: string, label: string, values: string[]) => `<label>${label} <select name="${name}"><option value="">all</option>${values.map((v) => `<option${q[name] === v ? ' selected' : ''}>${esc(v)}</option>`).join('')}</select></label>`;
    const form = `<form class="filters" method="get" action="/reports">
      ${select('province', 'province', [...opts((r) => r.province), ...(all.some((r) => r.province === null) ? ['(unknown)'] : [])])}
      ${select('city', 'city / region', opts((r) => r.region))}${select('level', 'level', opts((r) => r.level))}
      ${select('year', 'year', opts((r) => r.year))}${select('format', 'format', opts((r) => r.format))}
      <label>checks <select name="failed"><option value="">all</option><option value="1"${q.failed === '1' ? ' selected' : ''}>some failed</option><option value="0"${q.failed === '0' ? ' selected' : ''}>all held</option></select></label>
      <input type="hidden" name="sort" value="${esc(q.sort ?? '')}"><input type="hidden" name="dir" value="${esc(q.dir ?? '')}"><button>filter</button></form>`;
    const head = (col: string, label: string) => {
      const next = q.sort === col && q.dir !== 'desc' ? 'desc' : 'asc';
      return `<a href="/reports${qs({ ...q, sort: col, dir: next })}">${label}${q.sort === col ? (q.dir === 'desc' ? ' ▼' : ' ▲') : ''}</a>`;
    };
    const body = `<h1>Reports <small>(${rows.length} of ${all.length})</small></h1>${form}` + table(
      [head('report_id', 'report'), head('province', 'province'), head('region', 'region'), head('level', 'level'), head('year', 'year'), head('format', 'format'),
        head('requests_received', 'received'), head('requests_granted', 'granted'), head('decided', 'decided'), head('share_granted', 'share granted'), head('reconsiderations', 'reconsiderations'), head('lawsuits', 'lawsuits'), head('failed_checks', 'failed checks'), 'source'],
      rows.map((r) => [`<a class="report" href="/report${qs({ id: r.report_id })}">${esc(r.report_id)}</a>`, esc(r.province ?? '–'), esc(r.region), esc(r.level), esc(r.year), esc(r.format),
        ...[r.requests_received, r.requests_granted, r.decided].map(fmtNum), r.share_granted === null ? fmtNum(null) : `${(r.share_granted * 100).toFixed(1)}%`, ...[r.reconsiderations, r.lawsuits].map(fmtNum), r.failed_checks ? `<span class="flag bad">${r.failed_checks}</span>` : '0',
        `${esc(r.source)}${r.sources > 1 ? ` (+${r.sources - 1})` : ''}${r.versions > 1 ? ` v${r.versions}` : ''}`]),
      'reports');
    return c.html(page('Reports', body, { active: '/reports' }));
  });

  app.get('/report', (c) => {
    const id = c.req.query('id') ?? '';
    const d = reportDetail(db, id);
    if (!d) return c.html(page('Not found', `<p>No report <code>${esc(id)}</code>. <a href="/reports">All reports</a></p>`), 404);
    const recordId = Number(c.req.query('record') ?? d.rr.record_id);
    const source = d.sources.find((s) => s.record_id === recordId) ?? d.sources[0];
    const rec = source?.record_id ?? d.rr.record_id;
    const sha = String((source?.snapshot_sha256 as string | undefined) ?? d.rr.snapshot_sha256);
    const metrics = recordMetrics(db, rec);
    const checks = recordChecks(db, rec);
    const q = c.req.query('q') ?? null;
    const wanted = c.req.query('m') ? Number(c.req.query('m')) : (q ? null : (metrics.find((m) => m.key === 'requests.new_received.total') ?? metrics[0])?.id ?? null);
    const sel = wanted !== null ? metrics.find((m) => m.id === wanted) : undefined;
    const loc = located(sha, sel ? sel.id : null, sel ? null : q);
    const failedByKey = new Map<string, string[]>();
    for (const ch of checks) if (!ch.held) for (const k of JSON.parse(ch.keys_json) as string[]) failedByKey.set(k, [...(failedByKey.get(k) ?? []), ch.name]);
    const s = d.summary;
    const headline = table(['received', 'carried over', 'granted', 'partly granted', 'processed', 'carried forward', 'reconsiderations', 'lawsuits', 'fees (yuan)', 'failed checks'],
      [[s.requests_received, s.requests_carried_over, s.requests_granted, s.requests_partial, s.requests_processed, s.requests_carried_forward, s.reconsiderations, s.lawsuits, s.fees_yuan, s.failed_checks].map(fmtNum)]);
    const mrows = metrics.map((m) => {
      let lo: Record<string, unknown> = {};
      try { lo = JSON.parse(m.locator_json) as Record<string, unknown>; } catch { /* shown raw */ }
      const failed = failedByKey.get(m.key);
      return `<tr id="m${m.id}"${m.id === sel?.id ? ' class="sel"' : ''}><td><a class="metric" data-key="${esc(m.key)}" href="/report${qs({ id, record: rec, m: m.id })}">${esc(m.key)}</a></td><td class="n">${fmtNum(m.value)}</td><td>${esc(m.unit)}</td><td>${esc(m.raw)}</td>
        <td>${flagsHtml(m.flags)}${failed ? failed.map((f) => `<span class="flag bad">✗ ${esc(f)}</span>`).join('') : ''}</td><td>${esc(m.source_type)}</td><td>${where(lo)}</td></tr>`;
    }).join('');
    const checkRows = checks.map((ch) => [esc(ch.name), ch.held ? 'held' : '<span class="flag bad">failed</span>', fmtNum(ch.expected), fmtNum(ch.actual), esc(ch.detail), `<code>${esc(ch.inputs_json)}</code>`]);
    const frameSrc = `/snapshot/${sha}${qs({ m: sel?.id ?? null, q: sel ? null : q })}#ogi-hl`;
    const howLine = loc ? `<p class="how" id="how">${sel ? `<b>${esc(sel.key)}</b> = ${fmtNum(sel.value)} ${esc(sel.unit)} (printed “${esc(sel.raw)}”): ` : q ? `“${esc(q)}”: ` : ''}${loc.found ? `marked — ${esc(loc.how)}${loc.path ? `; element <code>${esc(loc.path)}</code>` : ''}${loc.offsets ? `; characters ${loc.offsets[0]}–${loc.offsets[1]} of the page text` : ''}` : `not marked: ${esc(loc.how)}`}</p>` : '<p class="how">snapshot missing from the store</p>';
    const left = `<h1>${esc(d.rr.issuer)} ${esc(d.rr.year)}</h1><p>${esc(d.rr.title)}<br>format ${esc(d.rr.format)} · published ${esc(d.rr.published_date ?? '–')} · <code>${esc(d.rr.url)}</code></p>
      <h2>Headline numbers</h2>${headline}
      <h2>Sources</h2>${table(['source', 'version', 'url', 'snapshot', ''], d.sources.map((x) => [esc(x.source), `${esc(x.version)} of ${esc(x.versions)}`, `<code>${esc(x.url)}</code>`, `<code>${esc(String(x.snapshot_sha256).slice(0, 12))}</code> ${esc(x.content_type)}`,
        x.record_id === rec ? 'shown' : `<a href="/report${qs({ id, record: x.record_id as number })}">show</a>`]))}
      <h2>Values (${metrics.length})</h2><table class="grid metrics"><thead><tr><th>key</th><th>value</th><th>unit</th><th>printed</th><th>flags / checks</th><th>from</th><th>where</th></tr></thead><tbody>${mrows}</tbody></table>
      <h2>Checks</h2>${table(['check', '', 'expected', 'actual', 'detail', 'inputs'], checkRows)}
      <h2>Versions</h2>${table(['source', 'version', 'first seen', 'snapshots', 'current', 'url'], d.versions.map((v) => [esc(v.source), `${esc(v.version)} of ${esc(v.versions)}`, esc(v.first_seen_at), esc(v.snapshots), v.is_current ? 'current' : '', `<code>${esc(v.url)}</code>`]))}
      <h2>Fetch history</h2>${table(['when', 'run', 'method', 'url', 'status', 'outcome', 'snapshot'], d.fetches.map((f) => [esc(f.started_at), esc(f.run_id), esc(f.method), `<code>${esc(f.final_url ?? f.url)}</code>`, esc(f.status), esc(f.outcome), `<code>${esc(String(f.snapshot_sha256 ?? '').slice(0, 12))}</code>`]))}`;
    const right = `${howLine}<iframe class="snapshot" name="snapshot" title="archived page" style="width:100%;height:88vh" sandbox="" referrerpolicy="no-referrer" src="${esc(frameSrc)}"></iframe>
      <p class="how">The archived page as stored (${esc(sha.slice(0, 12))}…), shown inert: no script runs and nothing is fetched from the web. <a href="/snapshot/${sha}/raw">original bytes</a></p>`;
    return c.html(page(`${d.rr.issuer} ${d.rr.year}`, `<div class="split"><div class="left">${left}</div><div class="right">${right}</div></div>`, { active: '/reports', wide: true, scripts: ['/assets/report.js'] }));
  });

  const snapshotHeaders = { 'Content-Security-Policy': SNAPSHOT_CSP, 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-store' };
  app.get('/snapshot/:sha/raw', (c) => {
    const sha = c.req.param('sha');
    const info = snapInfo.get(sha) as { content_type: string | null } | undefined;
    if (!/^[0-9a-f]{64}$/.test(sha) || !info || !store.has(sha)) return c.text('no such snapshot', 404);
    return c.body(new Uint8Array(store.get(sha)), 200, { ...snapshotHeaders, 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${sha}"`, 'X-Archive-Content-Type': info.content_type ?? '' });
  });
  app.get('/snapshot/:sha', (c) => {
    const sha = c.req.param('sha');
    if (!/^[0-9a-f]{64}$/.test(sha)) return c.text('no such snapshot', 404, snapshotHeaders);
    const m = c.req.query('m');
    const res = located(sha, m ? Number(m) : null, c.req.query('q') ?? null);
    if (!res) return c.text('no such snapshot', 404, snapshotHeaders);
    return c.body(res.html, 200, { ...snapshotHeaders, 'Content-Type': 'text/html; charset=utf-8', 'X-Ogi-Located': encodeURIComponent(`${res.found ? 'found' : 'not found'}: ${res.how}`) });
  });

  app.get('/coverage', (c) => {
    const cov = coverage(db);
    const label: Record<string, string> = { found: 'report found', notfound: 'not found', failed: 'site failed', notcrawled: 'not crawled' };
    const rows = cov.sites.map((s) => `<tr data-site="${esc(s.id)}"><th title="${esc(s.last)}">${esc(s.name)} <small>${esc(s.id)} · ${esc(s.level)}</small></th>${cov.years.map((y) => {
      const cell = s.cells.get(y) as { state: string; reason: string; report_id?: string };
      const mark = cell.state === 'found' ? `<a href="/report${qs({ id: cell.report_id })}">✓</a>` : cell.state === 'failed' ? '✗' : cell.state === 'notfound' ? '·' : '';
      return `<td class="${cell.state}" data-year="${y}" data-state="${cell.state}" title="${esc(`${label[cell.state]}: ${cell.reason}`)}">${mark}</td>`;
    }).join('')}</tr>`).join('');
    const body = `<h1>Coverage</h1><p class="legend"><span class="found">✓ report found</span><span class="notfound">· not found</span><span class="failed">✗ site failed</span><span class="notcrawled">not crawled</span> — hover a cell for the reason (from the crawl log and the records)</p>
      <table class="grid cov"><thead><tr><th>site</th>${cov.years.map((y) => `<th>${y}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
    return c.html(page('Coverage', body, { active: '/coverage' }));
  });

  app.get('/trends', (c) => {
    const keys = trendKeys(db);
    const by = c.req.query('region') ? 'region' : 'issuer';
    const value = c.req.query('region') ?? c.req.query('issuer') ?? keys.issuers[0]?.key ?? '';
    const points = value ? trend(db, by, value) : [];
    const failed = value ? failedChecksOf(db, by, value) : [];
    const form = `<form method="get" action="/trends"><label>issuer <select name="issuer">${keys.issuers.map((i) => `<option value="${esc(i.key)}"${by === 'issuer' && i.key === value ? ' selected' : ''}>${esc(i.issuer)} (${i.n})</option>`).join('')}</select></label> <button>show</button></form>
      <form method="get" action="/trends"><label>or region <select name="region">${keys.regions.map((r) => `<option${by === 'region' && r.region === value ? ' selected' : ''}>${esc(r.region)}</option>`).join('')}</select></label> <button>show</button></form>`;
    const data = JSON.stringify({ title: value, points }).replace(/</g, '\\u003c');
    const failedHtml = failed.length ? table(['report', 'check', 'expected', 'actual', 'values involved'], failed.map((f) => [
      `<a href="/report${qs({ id: f.report_id })}">${esc(f.report_id)}</a>`, esc(f.name), fmtNum(f.expected), fmtNum(f.actual),
      f.values.map((v) => {
        let lo: Record<string, unknown> = {};
        try { lo = JSON.parse(v.locator_json) as Record<string, unknown>; } catch { /* raw */ }
        return `<a href="/report${qs({ id: f.report_id, m: v.id })}">${esc(v.key)}</a> = ${fmtNum(v.value)} <span class="how">${where(lo)}</span>`;
      }).join('<br>')])) : '<p>No failed checks.</p>';
    const body = `<h1>Trends: ${esc(value)}</h1>${form}<div id="chart" class="chart"></div><script type="application/json" id="trend-data">${data}</script>
      ${table(['year', 'reports', 'received', 'granted', 'decided', 'reconsiderations', 'lawsuits'], points.map((p) => [esc(p.year), esc(p.reports), ...[p.received, p.granted, p.decided, p.reconsiderations, p.lawsuits].map(fmtNum)]))}
      <p class="how">decided: requests decided in the year, the same across the report formats (docs/codebook.md).</p><h2>Failed checks</h2>${failedHtml}`;
    return c.html(page(`Trends ${value}`, body, { active: '/trends', scripts: ['/assets/uPlot.iife.min.js', '/assets/trends.js'] }));
  });

  app.get('/search', (c: Context) => {
    const q = (c.req.query('q') ?? '').trim();
    let body = `<h1>Search</h1><form method="get" action="/search"><input name="q" value="${esc(q)}" size="40" placeholder="e.g. 行政诉讼 or 诉讼"> <button>search</button></form>`;
    if (q) {
      try {
        const r = searchReports(db, q.split(/\s+/), { limit: 50, context: 40 });
        const reportOf = db.prepare(`SELECT v.report_id, v.record_id, r.snapshot_sha256 FROM report_versions v JOIN records r ON r.id = v.record_id WHERE v.document_id = ? ORDER BY v.is_current DESC LIMIT 1`);
        body += `<p>${r.total} report text${r.total === 1 ? '' : 's'} match (${esc(r.mode)})</p><ol class="hits">${r.hits.map((h) => {
          const rep = reportOf.get(h.document_id) as { report_id: string; record_id: number } | undefined;
          const first = q.split(/\s+/)[0];
          const link = rep ? `/report${qs({ id: rep.report_id, record: rep.record_id, q: first })}` : null;
          const marked = markSnippet(h, '\u0001', '\u0002');
          return `<li><b>${link ? `<a class="hit" href="${esc(link)}">${esc(h.issuer)} ${esc(h.year)}</a>` : `${esc(h.issuer)} ${esc(h.year)}`}</b>${h.versions && h.versions > 1 ? ` (version ${h.version} of ${h.versions})` : ''}<br>
            <span class="snip">${esc(marked).replace(/\u0001/g, '<mark>').replace(/\u0002/g, '</mark>')}</span><br><code>${esc(h.url)}</code></li>`;
        }).join('')}</ol>`;
      } catch (e) {
        body += `<p>${esc((e as Error).message)}</p>`;
      }
    }
    return c.html(page('Search', body, { active: '/search' }));
  });

  app.notFound((c) => c.html(page('Not found', '<p>Not found. <a href="/reports">Reports</a></p>'), 404));
  app.onError((e, c) => c.html(page('Error', `<p>Error: ${esc(e.message)}</p>`), 500));
  return app;
}
