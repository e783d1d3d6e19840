// Owns extraction runs in the archive: reading snapshots from the store, calling the pure
// extractor, and writing each snapshot's document link, record, metrics and checks in one
// transaction. Old runs' rows are never touched.
import type { DB } from './db.js';
import type { SnapshotStore } from '../store/snapshots.js';
import type { ExtractResult } from '../extract/types.js';
import { decodeBody } from '../fetch/decode.js';
import { issuerIdentity, type IssuerIdentity } from '../documents/identity.js';
import { documentHash } from '../documents/text.js';

/** What an extraction gives for one snapshot: the extractor's result, its source and the issuer identity read from the page. */
export type Extracted = (ExtractResult & { identity?: IssuerIdentity | null; source?: string; sourceFlags?: string[]; textHash?: string }) | { error: string };

/**
 * Prepares a result to cross to the writing thread cheaply: locators, keys and inputs become
 * JSON strings and the main text is hashed in the worker, so the thread that writes the
 * archive only binds values.
 */
export function serialiseForWriter(r: Extracted): Extracted {
  if ('error' in r) return r;
  if (!r.record) return r.mainText ? { ...r, textHash: documentHash(r.mainText) } : r;
  return {
    ...r,
    mainText: r.mainText,
    textHash: r.mainText ? documentHash(r.mainText) : undefined,
    record: {
      ...r.record,
      metrics: r.record.metrics.map((m) => ({ ...m, source: { type: m.source.type } as typeof m.source, sourceJson: JSON.stringify(m.source) })),
      checks: r.record.checks.map((c) => ({ ...c, keys: JSON.stringify(c.keys) as unknown as string[], inputs: JSON.stringify(c.inputs) as unknown as Record<string, number | null> })),
    },
  };
}

/** Runs the extractor on one snapshot's bytes and reads the issuer identity; never throws. */
export async function extractJob(job: SnapshotJob, bytes: Buffer, extractor: Extractor): Promise<Extracted> {
  try {
    const r = await extractor({ bytes, contentType: job.contentType, url: job.url, fetchedAt: job.fetchedAt, charsetOverride: job.charsetOverride, snapshotSha256: job.sha256 });
    const page = !('source' in r) || !r.source || r.source === 'page';
    const identity = r.record?.issuer ? issuerIdentity(r.record.issuer, page ? decodeBody(bytes, job.contentType, job.charsetOverride ?? undefined).text : '') : null;
    return { ...r, identity };
  } catch (e) {
    return { error: `extraction failed: ${(e as Error).message}` };
  }
}

export interface SnapshotJob { sha256: string; url: string | null; siteId: string | null; contentType: string | null; fetchedAt: string | null; charsetOverride: string | null }
/** An extractor: the project's `extractAny` (pages and attachments), or a plain page extractor in tests. */
export type Extractor = (input: { bytes: Buffer; contentType?: string | null; url?: string | null; fetchedAt?: string | null; charsetOverride?: string | null; snapshotSha256?: string | null }) =>
  ExtractResult | (ExtractResult & { source?: string; sourceFlags?: string[] }) | Promise<ExtractResult & { source?: string; sourceFlags?: string[] }>;

export interface ExtractionCounts { snapshots: number; reports: number; lists: number; other: number; errors: number; metrics: number; failed_checks: number }

/** Starts an extraction run. The caller holds the archive lock, so a run still marked running was killed. */
export function startExtractionRun(db: DB, version: string, trigger: 'crawl' | 'reextract' | 'import', crawlRunId: number | null = null): number {
  db.prepare(`UPDATE extraction_runs SET status = 'interrupted' WHERE status = 'running'`).run();
  return Number(db.prepare(`INSERT INTO extraction_runs(extractor_version, trigger, crawl_run_id, started_at, status) VALUES (?, ?, ?, ?, 'running')`)
    .run(version, trigger, crawlRunId, new Date().toISOString()).lastInsertRowid);
}

export function finishExtractionRun(db: DB, id: number, status: 'completed' | 'failed', counts: ExtractionCounts): void {
  db.prepare('UPDATE extraction_runs SET finished_at = ?, status = ?, counts_json = ? WHERE id = ?').run(new Date().toISOString(), status, JSON.stringify(counts), id);
}

/** The newest fetch of each snapshot gives the URL, site, content type and time to extract it with. */
export function snapshotJobs(db: DB, where = '1 = 1', params: unknown[] = []): SnapshotJob[] {
  return db.prepare(`
    SELECT s.sha256, f.url, f.site_id AS siteId, COALESCE(f.content_type, s.content_type) AS contentType, f.started_at AS fetchedAt,
      json_extract(st.config_json, '$.encoding') AS charsetOverride
    FROM snapshots s
    JOIN fetches f ON f.id = (SELECT MIN(g.id) FROM fetches g WHERE g.snapshot_sha256 = s.sha256 AND g.outcome = 'ok')
    LEFT JOIN sites st ON st.id = f.site_id
    WHERE f.kind IN ('report', 'attachment') AND (${where})
    ORDER BY s.sha256`).all(...params) as SnapshotJob[];
}

export class RecordWriter {
  private q;
  constructor(private db: DB) {
    this.q = {
      doc: db.prepare('SELECT id FROM documents WHERE text_hash = ?'),
      insDoc: db.prepare('INSERT INTO documents(text_hash, kind, main_text, first_seen_at) VALUES (?, ?, ?, ?)'),
      link: db.prepare('INSERT OR IGNORE INTO document_snapshots(document_id, snapshot_sha256, rule, extractor_version) VALUES (?, ?, ?, ?)'),
      rec: db.prepare(`INSERT INTO records(extraction_run_id, extractor_version, snapshot_sha256, document_id, site_id, url, kind, reason,
        title, issuer, region, year, format, published_date, charset, flags_json, created_at, issuer_key, publisher_code, site_code, source)
        VALUES (@run, @version, @sha, @doc, @site, @url, @kind, @reason, @title, @issuer, @region, @year, @format, @published, @charset, @flags, @now,
        @issuer_key, @publisher_code, @site_code, @source)`),
      metric: db.prepare(`INSERT INTO metrics(record_id, key, value, unit, raw, flags, source_type, locator_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      check: db.prepare(`INSERT INTO checks(record_id, name, keys_json, inputs_json, expected, actual, held, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /** Writes one snapshot's extraction (or its error) atomically; returns the record id. */
  /** Writes several snapshots' extractions in one transaction (each still all-or-nothing with its metrics). */
  writeMany(runId: number, version: string, jobs: SnapshotJob[], results: Extracted[]): void {
    this.db.transaction(() => { results.forEach((r, i) => this.write(runId, version, jobs[i], r)); }).immediate();
  }

  write(runId: number, version: string, job: SnapshotJob, result: Extracted): number {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      let docId: number | null = null;
      if (!('error' in result) && result.mainText) {
        const textHash = result.textHash ?? documentHash(result.mainText); // hashed by the worker when it extracted
        const existing = this.q.doc.get(textHash) as { id: number } | undefined;
        docId = existing?.id ?? Number(this.q.insDoc.run(textHash, result.kind, result.mainText, now).lastInsertRowid);
        this.q.link.run(docId, job.sha256, existing ? 'same_text' : 'first_text', version);
      }
      const r = 'error' in result ? null : result.record;
      const recordId = Number(this.q.rec.run({
        run: runId, version, sha: job.sha256, doc: docId, site: job.siteId, url: job.url,
        kind: 'error' in result ? 'error' : result.kind, reason: 'error' in result ? result.error : result.reason,
        title: r?.title ?? ('error' in result ? null : result.title ?? null), issuer: r?.issuer ?? null, region: r?.region ?? null, year: r?.year ?? null, format: r?.format ?? null,
        published: r?.published_date ?? null, charset: 'error' in result ? null : result.charset, now,
        flags: JSON.stringify(r?.flags ?? ('error' in result ? [] : result.sourceFlags ?? [])),
        source: 'error' in result ? null : result.source ?? 'page',
        issuer_key: 'error' in result ? null : result.identity?.issuer_key ?? null,
        publisher_code: 'error' in result ? null : result.identity?.publisher_code ?? null,
        site_code: 'error' in result ? null : result.identity?.site_code ?? null,
      }).lastInsertRowid);
      if (r) {
        // a worker thread may have serialised these already (see `serialiseForWriter`)
        const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
        for (const m of r.metrics) this.q.metric.run(recordId, m.key, m.value, m.unit, m.raw, m.flags.join(' '), m.source.type, json((m as { sourceJson?: string }).sourceJson ?? m.source));
        for (const c of r.checks) this.q.check.run(recordId, c.name, json(c.keys), json(c.inputs), c.expected, c.actual, c.held ? 1 : 0, c.detail ?? null);
      }
      return recordId;
    }).immediate();
  }
}

/** Report and attachment snapshots that have no record from this extractor version yet. */
export function pendingJobs(db: DB, version: string, siteId?: string): SnapshotJob[] {
  const where = `NOT EXISTS (SELECT 1 FROM records r WHERE r.snapshot_sha256 = s.sha256 AND r.extractor_version = ?)${siteId ? ' AND f.site_id = ?' : ''}`;
  return snapshotJobs(db, where, siteId ? [version, siteId] : [version]);
}

export function emptyCounts(): ExtractionCounts {
  return { snapshots: 0, reports: 0, lists: 0, other: 0, errors: 0, metrics: 0, failed_checks: 0 };
}

/** Adds one snapshot's result to a run's counts. */
export function tally(counts: ExtractionCounts, result: Extracted): void {
  counts.snapshots++;
  if ('error' in result) counts.errors++;
  else if (result.kind === 'report') {
    counts.reports++;
    counts.metrics += result.record?.metrics.length ?? 0;
    counts.failed_checks += result.record?.checks.filter((c) => !c.held).length ?? 0;
  } else if (result.kind === 'list') counts.lists++;
  else counts.other++;
}

/** Extracts the given snapshots into a run; one failing snapshot is recorded as an error and the run goes on. */
export async function extractSnapshots(db: DB, store: SnapshotStore, runId: number, version: string, jobs: SnapshotJob[], extractor: Extractor, onDone?: (n: number) => void): Promise<ExtractionCounts> {
  const writer = new RecordWriter(db);
  const counts = emptyCounts();
  for (const job of jobs) {
    let result: Extracted;
    try {
      result = await extractJob(job, store.get(job.sha256), extractor);
    } catch (e) {
      result = { error: `snapshot unreadable: ${(e as Error).message}` };
    }
    writer.write(runId, version, job, result);
    tally(counts, result);
    onDone?.(counts.snapshots);
  }
  return counts;
}

/** Runs the extractor over every snapshot not yet extracted by this version, as one extraction run. */
export async function extractPending(db: DB, store: SnapshotStore, extractor: Extractor, version: string, trigger: 'crawl' | 'reextract' | 'import', crawlRunId: number | null, siteId?: string): Promise<{ runId: number | null; counts: ExtractionCounts }> {
  const jobs = pendingJobs(db, version, siteId);
  if (!jobs.length) return { runId: null, counts: emptyCounts() }; // nothing new: no run row
  const runId = startExtractionRun(db, version, trigger, crawlRunId);
  try {
    const counts = await extractSnapshots(db, store, runId, version, jobs, extractor);
    finishExtractionRun(db, runId, 'completed', counts);
    return { runId, counts };
  } catch (e) {
    finishExtractionRun(db, runId, 'failed', { ...emptyCounts(), errors: 1 });
    throw e;
  }
}

export interface ReportLine { issuer: string | null; year: number | null; format: string | null; received: number | null; lawsuits: number | null; failed_checks: number; failed: string[]; url: string | null }

/** The reports an extraction run produced, with the headline numbers. */
export function reportLines(db: DB, extractionRunId: number): ReportLine[] {
  return (db.prepare(`
    SELECT r.issuer, r.year, r.format, r.url,
      (SELECT value FROM metrics m WHERE m.record_id = r.id AND m.key = 'requests.new_received.total' LIMIT 1) AS received,
      (SELECT CASE WHEN COUNT(value) = 0 THEN NULL ELSE SUM(value) END FROM metrics m WHERE m.record_id = r.id
         AND m.key IN ('review.litigation_direct.total', 'review.litigation_after_reconsideration.total', 'review.litigation.total')) AS lawsuits,
      (SELECT COUNT(*) FROM checks c WHERE c.record_id = r.id AND c.held = 0) AS failed_checks,
      (SELECT json_group_array(c.name) FROM checks c WHERE c.record_id = r.id AND c.held = 0) AS failed
    FROM records r WHERE r.extraction_run_id = ? AND r.kind = 'report' ORDER BY r.issuer, r.year`).all(extractionRunId) as Array<Omit<ReportLine, 'failed'> & { failed: string }>)
    .map((r) => ({ ...r, failed: JSON.parse(r.failed) as string[] }));
}
