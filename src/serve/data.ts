// Owns the read-only queries behind `ogi serve`'s pages: the report list with its filters, one
// report with its values, checks, versions, sources and fetches, the coverage grid (site × year
// from the records and the crawl log), the trend series, and the province of a report (from the
// administrative division code in its publisher code or portal code, or from its region name).
import type { DB } from '../archive/db.js';
import { siteHealth } from '../crawl/health.js';

/** Provinces by the first two digits of a GB/T 2260 administrative division code. */
const PROVINCES: Record<string, string> = {
  11: '北京市', 12: '天津市', 13: '河北省', 14: '山西省', 15: '内蒙古自治区', 21: '辽宁省', 22: '吉林省', 23: '黑龙江省',
  31: '上海市', 32: '江苏省', 33: '浙江省', 34: '安徽省', 35: '福建省', 36: '江西省', 37: '山东省', 41: '河南省', 42: '湖北省',
  43: '湖南省', 44: '广东省', 45: '广西壮族自治区', 46: '海南省', 50: '重庆市', 51: '四川省', 52: '贵州省', 53: '云南省',
  54: '西藏自治区', 61: '陕西省', 62: '甘肃省', 63: '青海省', 64: '宁夏回族自治区', 65: '新疆维吾尔自治区',
};
const PROVINCE_NAMES = Object.values(PROVINCES);

/**
 * The province of a report, when something says it: a unified social credit code as publisher
 * code (characters 3–8 are the administrative division code), a 10-character government website
 * code (its first 6), or a region name that starts with a province. Null when nothing does.
 */
export function provinceOf(o: { publisher_code?: string | null; site_code?: string | null; region?: string | null }): string | null {
  const pc = o.publisher_code?.trim().toUpperCase() ?? '';
  if (/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(pc)) { const p = PROVINCES[pc.slice(2, 4)]; if (p) return p; }
  const sc = o.site_code?.trim() ?? '';
  if (/^\d{6}\d{4}$/.test(sc)) { const p = PROVINCES[sc.slice(0, 2)]; if (p) return p; }
  const r = o.region ?? '';
  return PROVINCE_NAMES.find((p) => r.startsWith(p) || r.startsWith(p.replace(/(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$/, ''))) ?? null;
}

export interface ReportRow {
  report_id: string; issuer: string; region: string | null; year: number; format: string | null; published_date: string | null;
  requests_received: number | null; requests_granted: number | null; requests_processed: number | null; decided: number | null; share_granted: number | null;
  reconsiderations: number | null; lawsuits: number | null; failed_checks: number; url: string | null; site_id: string | null;
  level: string | null; source: string | null; sources: number; versions: number; record_id: number; snapshot_sha256: string;
  publisher_code: string | null; site_code: string | null; province: string | null;
}

export function allReports(db: DB): ReportRow[] {
  const rows = db.prepare(`SELECT s.report_id, s.issuer, s.region, s.year, s.format, s.published_date, s.requests_received, s.requests_granted,
      s.requests_processed, h.decided, h.share_granted, s.reconsiderations, s.lawsuits, s.failed_checks, s.url, rr.site_id, si.level,
      rr.source, rr.sources, rr.versions, rr.record_id, rr.snapshot_sha256, cr.publisher_code, cr.site_code
    FROM report_summary s JOIN report_records rr ON rr.report_id = s.report_id
    LEFT JOIN records cr ON cr.id = rr.record_id LEFT JOIN sites si ON si.id = rr.site_id
    LEFT JOIN report_harmonised h ON h.report_id = s.report_id`).all() as ReportRow[];
  for (const r of rows) r.province = provinceOf(r);
  return rows;
}

export interface MetricRow { id: number; key: string; value: number | null; unit: string | null; raw: string | null; flags: string; source_type: string; locator_json: string }
export interface CheckRow { id: number; name: string; keys_json: string; inputs_json: string; expected: number | null; actual: number | null; held: number; detail: string | null }

export function reportDetail(db: DB, id: string) {
  const rr = db.prepare(`SELECT rr.*, cr.charset, cr.flags_json, s.content_type FROM report_records rr JOIN records cr ON cr.id = rr.record_id
    LEFT JOIN snapshots s ON s.sha256 = rr.snapshot_sha256 WHERE rr.report_id = ?`).get(id) as Record<string, unknown> & { record_id: number; snapshot_sha256: string; url: string | null } | undefined;
  if (!rr) return null;
  const summary = db.prepare('SELECT * FROM report_summary WHERE report_id = ?').get(id) as Record<string, unknown>;
  const sources = db.prepare(`SELECT rs.*, r.url, r.snapshot_sha256, s.content_type FROM report_sources rs JOIN records r ON r.id = rs.record_id
    LEFT JOIN snapshots s ON s.sha256 = r.snapshot_sha256 WHERE rs.report_id = ? ORDER BY rs.source <> 'page', rs.source`).all(id) as Array<Record<string, unknown> & { record_id: number; source: string }>;
  const versions = db.prepare(`SELECT v.*, r.url, r.snapshot_sha256 FROM report_versions v JOIN records r ON r.id = v.record_id
    WHERE v.report_id = ? ORDER BY v.source, v.version`).all(id) as Array<Record<string, unknown>>;
  const fetches = db.prepare(`SELECT f.id, f.run_id, f.started_at, f.method, f.url, f.final_url, f.status, f.outcome, f.snapshot_sha256, f.size, f.content_type
    FROM fetches f WHERE f.snapshot_sha256 IN (SELECT r.snapshot_sha256 FROM report_versions v JOIN records r ON r.id = v.record_id WHERE v.report_id = ?)
       OR f.url IN (SELECT r.url FROM report_versions v JOIN records r ON r.id = v.record_id WHERE v.report_id = ?)
    ORDER BY f.started_at, f.id`).all(id, id) as Array<Record<string, unknown>>;
  return { rr, summary, sources, versions, fetches };
}

export function recordMetrics(db: DB, recordId: number): MetricRow[] {
  return db.prepare('SELECT id, key, value, unit, raw, flags, source_type, locator_json FROM metrics WHERE record_id = ? ORDER BY id').all(recordId) as MetricRow[];
}

export function recordChecks(db: DB, recordId: number): CheckRow[] {
  return db.prepare('SELECT * FROM checks WHERE record_id = ? ORDER BY held, name').all(recordId) as CheckRow[];
}

export type CoverageState = 'found' | 'notfound' | 'failed' | 'notcrawled';
export interface CoverageCell { state: CoverageState; reason: string; report_id?: string }

/** The site × year grid: a report found, not found, the site failed, or the site never crawled. */
export function coverage(db: DB): { years: number[]; sites: Array<{ id: string; name: string; region: string; level: string; last: string; cells: Map<number, CoverageCell> }> } {
  const sites = db.prepare('SELECT id, name, region, level FROM sites ORDER BY region, id').all() as Array<{ id: string; name: string; region: string; level: string }>;
  const reports = db.prepare(`SELECT rr.site_id, rr.year, rr.report_id, rr.url FROM report_records rr WHERE rr.site_id IS NOT NULL`).all() as Array<{ site_id: string; year: number; report_id: string; url: string }>;
  const runs = db.prepare(`SELECT site_id, run_id, status, error, started_at FROM crawl_run_sites WHERE status <> 'not_due' ORDER BY started_at, run_id`).all() as Array<{ site_id: string; run_id: number; status: string; error: string | null; started_at: string }>;
  const okPages = db.prepare(`SELECT COUNT(*) AS n FROM fetches WHERE run_id = ? AND site_id = ? AND outcome IN ('ok', 'not_modified') AND kind <> 'robots'`);
  const yrs = reports.map((r) => r.year);
  const now = new Date().getUTCFullYear();
  const lo = yrs.length ? Math.min(...yrs) : now - 5;
  const hi = yrs.length ? Math.max(...yrs) : now - 1;
  const years: number[] = [];
  for (let y = lo; y <= hi; y++) years.push(y);
  const out = sites.map((s) => {
    const mine = runs.filter((r) => r.site_id === s.id);
    const last = mine[mine.length - 1];
    // a run that ended "completed" but read no page (an anti-bot wall, robots, the host unreachable) failed as well
    const pagesRead = last ? (okPages.get(last.run_id, s.id) as { n: number }).n : 0;
    const health = last ? siteHealth(db, [s.id])[0] : null;
    const healthWhy = health?.issues.filter((i) => i.kind !== 'missing_years').map((i) => `${i.kind}: ${i.evidence}`).join('; ') ?? '';
    const failed = !!last && (last.status === 'failed' || pagesRead === 0);
    const cells = new Map<number, CoverageCell>();
    for (const y of years) {
      const found = reports.filter((r) => r.site_id === s.id && r.year === y);
      if (found.length) cells.set(y, { state: 'found', reason: `${found.map((f) => f.report_id).join('; ')} — ${found[0].url}`, report_id: found[0].report_id });
      else if (!last) cells.set(y, { state: 'notcrawled', reason: 'no crawl run has included this site' });
      else if (failed) cells.set(y, { state: 'failed', reason: `site failed in run ${last.run_id} (${last.started_at}, ${last.status}, ${pagesRead} pages read): ${[last.error, healthWhy].filter(Boolean).join('; ') || 'no reason recorded'}` });
      else cells.set(y, { state: 'notfound', reason: `no ${y} report found; crawled ${mine.length} time${mine.length === 1 ? '' : 's'}, last in run ${last.run_id} (${last.started_at}, ${last.status}${last.error ? `: ${last.error}` : ''})` });
    }
    const lastText = last ? `${failed ? 'failed' : last.status} in run ${last.run_id} (${last.started_at})${last.error ? `: ${last.error}` : ''}${healthWhy ? `; ${healthWhy}` : ''}` : 'never crawled';
    return { ...s, last: lastText, cells };
  });
  return { years, sites: out };
}

export interface TrendPoint { year: number; received: number | null; granted: number | null; decided: number | null; reconsiderations: number | null; lawsuits: number | null; reports: number }

/** Per year, the sums over the reports of one issuer (its identity key) or one region. */
export function trend(db: DB, by: 'issuer' | 'region', value: string): TrendPoint[] {
  const where = by === 'issuer' ? 'rr.issuer_key = ?' : 'rr.region = ?';
  // decided: the same count across the report formats (report_harmonised, docs/codebook.md)
  return db.prepare(`SELECT rr.year, SUM(h.received) AS received, SUM(h.granted) AS granted, SUM(h.decided) AS decided,
      SUM(h.reconsiderations) AS reconsiderations, SUM(h.lawsuits) AS lawsuits, COUNT(*) AS reports
    FROM report_records rr JOIN report_harmonised h ON h.report_id = rr.report_id WHERE ${where} GROUP BY rr.year ORDER BY rr.year`).all(value) as TrendPoint[];
}

export function trendKeys(db: DB): { issuers: Array<{ key: string; issuer: string; n: number }>; regions: Array<{ region: string; n: number }> } {
  return {
    issuers: db.prepare('SELECT issuer_key AS key, MAX(issuer) AS issuer, COUNT(*) AS n FROM report_records GROUP BY issuer_key ORDER BY issuer').all() as Array<{ key: string; issuer: string; n: number }>,
    regions: db.prepare('SELECT region, COUNT(*) AS n FROM report_records WHERE region IS NOT NULL GROUP BY region ORDER BY region').all() as Array<{ region: string; n: number }>,
  };
}

/** Failed checks of the reports of one issuer or region, with the values they used and where those were read. */
export function failedChecksOf(db: DB, by: 'issuer' | 'region', value: string) {
  const where = by === 'issuer' ? 'rr.issuer_key = ?' : 'rr.region = ?';
  const checks = db.prepare(`SELECT rr.report_id, rr.year, rr.record_id, c.name, c.keys_json, c.expected, c.actual, c.detail
    FROM report_records rr JOIN checks c ON c.record_id = rr.record_id AND c.held = 0 WHERE ${where} ORDER BY rr.year, c.name`).all(value) as Array<{ report_id: string; year: number; record_id: number; name: string; keys_json: string; expected: number | null; actual: number | null; detail: string | null }>;
  const m = db.prepare('SELECT id, key, value, raw, source_type, locator_json FROM metrics WHERE record_id = ? AND key = ?');
  return checks.map((c) => {
    let keys: string[] = [];
    try { keys = JSON.parse(c.keys_json) as string[]; } catch { /* stored as text */ }
    return { ...c, values: keys.map((k) => m.get(c.record_id, k) as { id: number; key: string; value: number | null; raw: string; source_type: string; locator_json: string } | undefined).filter((x) => !!x) };
  });
}
