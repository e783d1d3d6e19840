// Owns the codebook of the exports (docs/codebook.md) in machine-readable form: the Frictionless
// Data Package descriptor `datapackage.json` written beside the CSV/JSONL files (every field with
// its type, unit and description; the metric keys with their unit and Chinese row and column
// labels), and Datasette's `metadata.json` (titles, column descriptions with units, the FTS
// table of documents and report_records, canned queries). Column descriptions come from the
// migrations' comments (schemaDocs), so the codebook and `ogi schema` never disagree.
import { hasSchemaObject, type DB } from './db.js';
import { schemaDocs, type ObjectDoc } from './schemaDoc.js';

/** The codebook unit of a report-level column, when it has one. */
export const COLUMN_UNITS: Record<string, string> = {
  requests_received: 'count', requests_carried_over: 'count', requests_granted: 'count', requests_partial: 'count', requests_processed: 'count',
  requests_carried_forward: 'count', reconsiderations: 'count', reconsiderations_corrected: 'count', lawsuits: 'count', failed_checks: 'count',
  received: 'count', granted: 'count', partial: 'count', decided: 'count', fees_yuan: 'yuan',
  share_granted: 'ratio (0–1)', share_granted_or_partial: 'ratio (0–1)',
};

/** Descriptions of export columns that no view documents (the harmonised ones are documented here, once). */
const EXTRA_DOCS: Record<string, string> = {
  decided: 'requests decided in the year, the same across formats: requests.processed.total (2019, 2021 formats), else requests.answered.total (before 2019), else requests.closed.total',
  decided_key: 'the metric key that gave `decided`',
  share_granted: 'granted / decided (requests.granted.total over `decided`), 0–1, 4 decimals; NULL when either is missing or decided is 0',
  share_granted_or_partial: '(granted + partly granted) / decided, 0–1, 4 decimals',
  fetched_at: 'when the snapshot these values were read from was first fetched (ISO 8601 UTC): cite it with the URL',
  last_fetched_at: 'when that snapshot was last fetched or confirmed unchanged (ISO 8601 UTC)',
  unit: 'the codebook unit of the key (codebook_units): count, item, document, article, times, person, person_time, unit, yuan',
  unit_printed: 'the unit as the report printed it or the extractor read it (件, 条, 个, count, yuan …)',
  null_reason: 'why value is NULL: not_printed (blank), not_read (printed, not readable), not_applicable (/, —, 无), uncertain, unit_unknown (money read without a stated 元 or 万元); empty when value is given',
  row_label: 'table values: the Chinese row label the value was read under',
  column_label: 'table values: the Chinese column label the value was read under',
  sentence: 'prose values: the sentence the value was read from, as the page printed it (extractor 1.2.0 on; before, normalised: half-width digits and punctuation)',
  value: 'the number (an integer for counts; yuan for money); NULL: see null_reason',
  issuer: 'who published the report, e.g. 安庆市人民政府',
  region: 'the place the issuer governs, e.g. 安庆市',
  year: 'the year the report covers',
  format: 'pre2019 (2008 regulations, free tables) | 2019 (国办公开办函〔2019〕60号 tables) | 2021 (国办公开办函〔2021〕30号 tables)',
  published_date: 'the publication date the page gives (ISO 8601), when it gives one',
  site_id: 'the configured portal it was crawled from (sites.id, config/sites/<id>.yaml)',
  document_id: 'the normalised text (documents.id) of the current version',
  sources: 'how many sources (page, attachments) the report has',
  title: 'the report title',
  extractor_version: 'the extractor version that read the values',
  extraction_run_id: 'the extraction run that read the values (extraction_runs.id)',
  received: 'requests received in the year (requests.new_received.total)',
  granted: 'requests granted in full (requests.granted.total: 予以公开 / 同意公开)',
  partial: 'requests granted in part (requests.partial.total)',
};

export type FieldType = 'integer' | 'number' | 'string' | 'boolean' | 'datetime';
export interface Field { name: string; type: FieldType; description: string; unit?: string }

/** Tracks the JSON types seen in a column while rows stream by. */
export class TypeTracker {
  private seen: Array<Set<string>>;
  constructor(readonly names: string[]) { this.seen = names.map(() => new Set()); }
  add(row: unknown[]): void {
    row.forEach((v, i) => {
      if (v === null || v === undefined) return;
      const t = typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? 'integer' : typeof v === 'number' ? 'number' : 'string';
      this.seen[i].add(t);
    });
  }
  type(i: number): FieldType {
    const s = this.seen[i];
    const name = this.names[i];
    if (s.has('string')) return /(_at)$/.test(name) ? 'datetime' : 'string';
    if (s.has('number')) return 'number';
    if (s.has('integer')) return 'integer';
    return /(_at)$/.test(name) ? 'datetime' : (COLUMN_UNITS[name] === 'count' ? 'integer' : 'string');
  }
}

function columnDocs(docs: ObjectDoc[], views: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of views) for (const c of docs.find((d) => d.name === v)?.columns ?? []) if (c.doc && !out.has(c.name)) out.set(c.name, c.doc);
  return out;
}

export function fieldsFor(names: string[], tracker: TypeTracker, views: string[]): Field[] {
  const docs = columnDocs(schemaDocs(), views);
  return names.map((name, i) => {
    const f: Field = { name, type: tracker.type(i), description: EXTRA_DOCS[name] ?? docs.get(name) ?? '' };
    if (COLUMN_UNITS[name]) f.unit = COLUMN_UNITS[name];
    return f;
  });
}

export interface MetricKeyEntry { key: string; unit: string; unit_printed: string | null; label_zh: string | null; column_zh: string | null; reports: number }

export function metricCodebook(db: DB): { units: Array<{ unit: string; printed: string; description: string }>; metrics: MetricKeyEntry[] } {
  if (!hasSchemaObject(db, 'codebook_metrics')) return { units: [], metrics: [] };
  return {
    units: db.prepare('SELECT unit, printed, description FROM codebook_units ORDER BY rowid').all() as Array<{ unit: string; printed: string; description: string }>,
    metrics: db.prepare('SELECT key, unit, unit_printed, label_zh, column_zh, reports FROM codebook_metrics ORDER BY key').all() as MetricKeyEntry[],
  };
}

export interface ResourceInfo { name: string; path: string; format: 'csv' | 'jsonl'; rows: number; fields: Field[]; primaryKey?: string[] }

/** The Frictionless Data Package descriptor for the exported files. */
export function dataPackage(db: DB, resources: ResourceInfo[]): Record<string, unknown> {
  const cb = metricCodebook(db);
  return {
    profile: 'tabular-data-package',
    name: 'ogi-archive-export',
    title: 'Government information disclosure annual reports (政府信息公开工作年度报告): reports and values',
    description: 'Exported by `ogi export` from an ogi-archive SQLite archive. One row per report (reports) and one row per value (metrics), each value with where it was read (locator_json), the URL and when it was fetched. Units and NULLs: docs/codebook.md.',
    created: new Date().toISOString(),
    resources: resources.map((r) => ({
      name: r.name,
      path: r.path,
      profile: r.format === 'csv' ? 'tabular-data-resource' : 'data-resource',
      format: r.format,
      mediatype: r.format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      encoding: r.format === 'csv' ? 'utf-8-sig' : 'utf-8',
      ...(r.format === 'csv' ? { dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true } } : {}),
      rows: r.rows,
      schema: {
        fields: r.fields.map((f) => ({ ...f, ...(f.name === 'key' && r.name === 'metrics' && cb.metrics.length ? { constraints: { enum: [...new Set(cb.metrics.map((m) => m.key))] } } : {}) })),
        missingValues: [''],
        ...(r.primaryKey ? { primaryKey: r.primaryKey } : {}),
      },
    })),
    codebook: {
      description: 'The unit vocabulary, and every metric key with its one unit and the Chinese row and column labels it is most often read under in this archive (docs/metrics.md has the full wording).',
      units: cb.units,
      metrics: cb.metrics,
    },
  };
}

/** Datasette's metadata.json for the archive file `dbName` (its file name without .sqlite). */
export function datasetteMetadata(db: DB, dbName: string): Record<string, unknown> {
  const docs = schemaDocs();
  const tables: Record<string, unknown> = {};
  const want = ['report_summary', 'report_harmonised', 'metric_values', 'report_metrics', 'report_records', 'report_sources', 'report_versions', 'failed_checks',
    'cross_report_checks', 'missing_years', 'codebook_metrics', 'codebook_units', 'documents', 'records', 'metrics', 'checks', 'fetches', 'snapshots', 'sites', 'crawl_runs', 'crawl_run_sites'];
  for (const name of want) {
    const d = docs.find((x) => x.name === name);
    if (!d || !hasSchemaObject(db, name)) continue;
    const columns: Record<string, string> = {};
    for (const c of d.columns) {
      const doc = EXTRA_DOCS[c.name] ?? c.doc;
      const unit = COLUMN_UNITS[c.name];
      if (doc || unit) columns[c.name] = `${doc}${unit ? ` [unit: ${unit}]` : ''}`;
    }
    tables[name] = { title: name, description: d.doc, columns };
  }
  // Full-text search of report texts on the documents table and on report_records (its document_id).
  Object.assign(tables.documents ?? (tables.documents = {}), { fts_table: 'documents_fts', fts_pk: 'id', searchmode: 'escaped' });
  Object.assign(tables.report_records ?? (tables.report_records = {}), { fts_table: 'documents_fts', fts_pk: 'document_id', searchmode: 'escaped' });
  return {
    title: 'ogi-archive: government information disclosure annual reports',
    description: 'Reports (政府信息公开工作年度报告) crawled, archived byte for byte and read with provenance. Start with report_summary, report_harmonised and metric_values; the units and NULLs are in codebook_units and docs/codebook.md. Search: _search on documents or report_records (3+ characters), or the search_text query (any length).',
    databases: {
      [dbName]: {
        tables,
        queries: {
          share_granted_by_city_year: {
            title: 'Share granted by city and year',
            description: 'Requests granted (予以公开 / 同意公开) over requests decided in the year, the same denominator for every report format (docs/codebook.md). The city government\'s own report.',
            sql: `SELECT region AS city, year, format, granted, partial, decided, decided_key, share_granted, share_granted_or_partial, url, fetched_at
FROM report_harmonised WHERE issuer = region || '人民政府' ORDER BY city, year`,
          },
          failed_checks_with_sentence: {
            title: 'Failed checks with their sentence or cells',
            description: 'Every failed check of a current report, with each value it used and where it was read: the sentence as printed (prose) or the table row and column, and the printed value\'s character range in the decoded snapshot (pos_start, pos_end; docs/extraction.md).',
            sql: `SELECT rm.report_id, c.name AS check_name, c.expected, c.actual, rm.key, rm.value, rm.raw, rm.source_type,
  CASE WHEN rm.source_type = 'prose' THEN COALESCE(json_extract(rm.locator_json, '$.verbatim'), json_extract(rm.locator_json, '$.sentence')) END AS sentence,
  CASE WHEN rm.source_type = 'table' THEN json_extract(rm.locator_json, '$.row') END AS row_label,
  CASE WHEN rm.source_type = 'table' THEN json_extract(rm.locator_json, '$.column') END AS column_label,
  json_extract(rm.locator_json, '$.pos.start') AS pos_start, json_extract(rm.locator_json, '$.pos.end') AS pos_end,
  rm.url
FROM report_metrics rm
JOIN checks c ON c.record_id = rm.record_id AND c.held = 0
JOIN json_each(c.keys_json) k ON k.value = rm.key
ORDER BY rm.report_id, c.name, rm.key`,
          },
          search_text: {
            title: 'Search report texts (any length, e.g. 诉讼)',
            description: 'Reports whose text contains :q — one or two characters too, which the trigram index behind _search cannot answer; the same reports `ogi search` finds for one term (give it in simplified characters).',
            sql: `SELECT rr.report_id, rr.issuer, rr.year, rr.url,
  substr(d.main_text, max(1, instr(d.main_text, :q) - 40), 80 + length(:q)) AS snippet
FROM report_records rr JOIN documents d ON d.id = rr.document_id
WHERE :q <> '' AND instr(d.main_text, :q) > 0
ORDER BY rr.issuer, rr.year`,
          },
        },
      },
    },
  };
}
