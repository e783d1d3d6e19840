-- 009: what the extractor dropped. A page the crawler fetched as a report (a report link of a
-- list page, or an attachment) that was not read as a report keeps its record with the reason;
-- this view shows a person the ones that deserve a look.

-- Pages fetched as reports and not read as reports, each at its current record: those titled
-- like a report (records.title holds the title the page carries) and those whose extraction
-- failed. Lists of report links and notices about the reports are left out.
CREATE VIEW unread_reports AS
SELECT
  cr.id AS record_id,                          -- the current record of the snapshot (records.id)
  cr.site_id AS site_id,                       -- the site (sites.id)
  cr.url AS url,                               -- a URL the snapshot was fetched from
  cr.title AS title,                           -- the report title the page carries (NULL when extraction failed)
  cr.kind AS kind,                             -- other | list | error
  cr.reason AS reason,                         -- why it was not read as a report, e.g. "titled like a report but no report content (no report sections, no statistics)"
  cr.source AS source,                         -- page | attachment:pdf | …
  (SELECT MIN(f.started_at) FROM fetches f WHERE f.snapshot_sha256 = cr.snapshot_sha256) AS first_fetched_at, -- when these bytes were first fetched
  cr.snapshot_sha256 AS snapshot_sha256,       -- the bytes (snapshots.sha256)
  cr.extractor_version AS extractor_version,   -- the extractor that dropped it
  cr.extraction_run_id AS extraction_run_id    -- the extraction run (extraction_runs.id)
FROM current_records cr
WHERE cr.kind <> 'report' AND (cr.title IS NOT NULL OR cr.kind = 'error');
