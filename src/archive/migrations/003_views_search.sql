-- 003: full-text search, reports and their versions, and the views people query.
-- Reports and versions are views over the current records, so that a re-extraction (which
-- may change the normalised text) never leaves stale pointers behind and nothing is deleted.

CREATE INDEX records_snapshot_run ON records(snapshot_sha256, extraction_run_id);
CREATE INDEX records_document ON records(document_id);

-- Full-text search over document texts (trigram: any Chinese substring of 3+ characters;
-- shorter queries fall back to instr()).
CREATE VIRTUAL TABLE documents_fts USING fts5(main_text, content='documents', content_rowid='id', tokenize='trigram');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, main_text) VALUES (new.id, new.main_text);
END;

-- The current record of each snapshot: the one from its newest extraction run.
CREATE VIEW current_records AS
SELECT r.* FROM records r
WHERE r.extraction_run_id = (SELECT MAX(r2.extraction_run_id) FROM records r2 WHERE r2.snapshot_sha256 = r.snapshot_sha256);

-- Versions of a report: the distinct texts (documents) the current records give for one
-- issuer and year, in the order they were first fetched. The newest is current.
CREATE VIEW report_versions AS
WITH rv AS (
  SELECT cr.issuer, cr.year, cr.document_id, MIN(f.started_at) AS first_seen_at, MAX(cr.id) AS record_id,
    MIN(cr.site_id) AS site_id, COUNT(DISTINCT cr.snapshot_sha256) AS snapshots
  FROM current_records cr JOIN fetches f ON f.snapshot_sha256 = cr.snapshot_sha256
  WHERE cr.kind = 'report' AND cr.issuer IS NOT NULL AND cr.year IS NOT NULL AND cr.document_id IS NOT NULL
  GROUP BY cr.issuer, cr.year, cr.document_id)
SELECT rv.issuer || ' ' || rv.year AS report_id, rv.*,
  ROW_NUMBER() OVER (PARTITION BY rv.issuer, rv.year ORDER BY rv.first_seen_at, rv.document_id) AS version,
  COUNT(*) OVER (PARTITION BY rv.issuer, rv.year) AS versions,
  ROW_NUMBER() OVER (PARTITION BY rv.issuer, rv.year ORDER BY rv.first_seen_at DESC, rv.document_id DESC) = 1 AS is_current
FROM rv;

-- One row per report (issuer × year): the current record of its current version.
CREATE VIEW report_records AS
SELECT v.report_id, v.issuer, v.year, v.site_id, v.document_id, v.version, v.versions, v.snapshots,
  cr.id AS record_id, cr.title, cr.region, cr.format, cr.published_date, cr.url, cr.snapshot_sha256, cr.extractor_version, cr.extraction_run_id
FROM report_versions v JOIN current_records cr ON cr.id = v.record_id
WHERE v.is_current;

-- Long view: report × metric with provenance.
CREATE VIEW report_metrics AS
SELECT rr.report_id, rr.issuer, rr.region, rr.year, rr.format, m.key, m.value, m.unit, m.raw, m.flags,
  m.source_type, m.locator_json, rr.snapshot_sha256, rr.url, rr.extractor_version, rr.record_id
FROM report_records rr JOIN metrics m ON m.record_id = rr.record_id;

-- Wide view: one row per report with the main requests and review numbers.
CREATE VIEW report_summary AS
SELECT rr.report_id, rr.issuer, rr.region, rr.year, rr.format, rr.published_date,
  MAX(CASE WHEN m.key = 'requests.new_received.total' THEN m.value END) AS requests_received,
  MAX(CASE WHEN m.key = 'requests.carried_over.total' THEN m.value END) AS requests_carried_over,
  MAX(CASE WHEN m.key = 'requests.granted.total' THEN m.value END) AS requests_granted,
  MAX(CASE WHEN m.key = 'requests.partial.total' THEN m.value END) AS requests_partial,
  MAX(CASE WHEN m.key = 'requests.processed.total' THEN m.value END) AS requests_processed,
  MAX(CASE WHEN m.key = 'requests.carried_forward.total' THEN m.value END) AS requests_carried_forward,
  MAX(CASE WHEN m.key = 'review.reconsideration.total' THEN m.value END) AS reconsiderations,
  MAX(CASE WHEN m.key = 'review.reconsideration.corrected' THEN m.value END) AS reconsiderations_corrected,
  COALESCE(MAX(CASE WHEN m.key = 'review.litigation.total' THEN m.value END),
    MAX(CASE WHEN m.key = 'review.litigation_direct.total' THEN m.value END) + MAX(CASE WHEN m.key = 'review.litigation_after_reconsideration.total' THEN m.value END)) AS lawsuits,
  MAX(CASE WHEN m.key = 'fees.amount_yuan' THEN m.value END) AS fees_yuan,
  (SELECT COUNT(*) FROM checks c WHERE c.record_id = rr.record_id AND c.held = 0) AS failed_checks,
  rr.url, rr.snapshot_sha256
FROM report_records rr LEFT JOIN metrics m ON m.record_id = rr.record_id
GROUP BY rr.report_id;

-- Every failed check of a current report, with the values it used.
CREATE VIEW failed_checks AS
SELECT rr.report_id, rr.issuer, rr.year, c.name, c.expected, c.actual, c.inputs_json, c.detail, rr.url
FROM report_records rr JOIN checks c ON c.record_id = rr.record_id WHERE c.held = 0;
