-- 007: the source of a record (the report page, or an attachment of it). A report published both
-- as a page and as a PDF has two sources, not two versions: versions are counted per source,
-- and the report's row takes the page when there is one.

ALTER TABLE records ADD COLUMN source TEXT;         -- page | attachment:pdf | attachment:docx | attachment:doc | attachment:wps | attachment:xlsx | attachment:xls

DROP VIEW report_records;
DROP VIEW report_versions;

-- Versions of a report: the distinct texts (documents) the current records give for one issuer
-- identity, year and source, in the order they were first fetched. The newest is current.
CREATE VIEW report_versions AS
WITH rv AS (
  SELECT ri.issuer_key, MAX(cr.issuer) AS issuer, cr.year, COALESCE(cr.source, 'page') AS source, cr.document_id,
    MIN(f.started_at) AS first_seen_at, MAX(cr.id) AS record_id, MIN(cr.site_id) AS site_id,
    COUNT(DISTINCT cr.snapshot_sha256) AS snapshots
  FROM current_records cr JOIN record_issuers ri ON ri.record_id = cr.id JOIN fetches f ON f.snapshot_sha256 = cr.snapshot_sha256
  WHERE cr.issuer IS NOT NULL AND cr.year IS NOT NULL AND cr.document_id IS NOT NULL
  GROUP BY ri.issuer_key, cr.year, COALESCE(cr.source, 'page'), cr.document_id)
SELECT rv.issuer_key || ' ' || rv.year AS report_id, rv.*,
  ROW_NUMBER() OVER (PARTITION BY rv.issuer_key, rv.year, rv.source ORDER BY rv.first_seen_at, rv.document_id) AS version,
  COUNT(*) OVER (PARTITION BY rv.issuer_key, rv.year, rv.source) AS versions,
  ROW_NUMBER() OVER (PARTITION BY rv.issuer_key, rv.year, rv.source ORDER BY rv.first_seen_at DESC, rv.document_id DESC) = 1 AS is_current
FROM rv;

-- The sources of each report (its page, its attachments), each at its current version.
CREATE VIEW report_sources AS
SELECT v.report_id, v.issuer_key, v.issuer, v.year, v.source, v.document_id, v.version, v.versions, v.record_id, v.snapshots
FROM report_versions v WHERE v.is_current;

-- One row per report (issuer × year): the current record of its current version, from the page
-- when there is one, else from an attachment.
CREATE VIEW report_records AS
WITH ranked AS (
  SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.issuer_key, v.year ORDER BY v.source <> 'page', v.source) AS pick,
    COUNT(*) OVER (PARTITION BY v.issuer_key, v.year) AS sources
  FROM report_versions v WHERE v.is_current)
SELECT v.report_id, v.issuer_key, v.issuer, v.year, v.site_id, v.document_id, v.version, v.versions, v.snapshots, v.source, v.sources,
  cr.id AS record_id, cr.title, cr.region, cr.format, cr.published_date, cr.url, cr.snapshot_sha256, cr.extractor_version, cr.extraction_run_id
FROM ranked v JOIN current_records cr ON cr.id = v.record_id
WHERE v.pick = 1;
