-- 010: a codebook and clean types for researchers (docs/codebook.md): counts stored as
-- integers, one unit per metric key, why a value is NULL, when and where a report was
-- fetched, a "decided" count and a "share granted" that mean the same across the report
-- formats, and the full-text index declared so that Datasette and sqlite-utils find it.

-- 1. Values with NUMERIC affinity: a whole number is stored as INTEGER (typeof() = 'integer',
-- read as int by Python, R and pandas), a fraction stays REAL. Same rows, same ids.
CREATE TABLE metrics_010 (
  id            INTEGER PRIMARY KEY,
  record_id     INTEGER NOT NULL REFERENCES records(id),
  key           TEXT NOT NULL,             -- e.g. requests.new_received.total (docs/metrics.md)
  value         NUMERIC,                   -- a whole number is stored as INTEGER; NULL when the cell held no number (metric_values.null_reason says why)
  unit          TEXT,                      -- the unit as the extractor read it (件, 条, count, item, yuan …); metric_values.unit gives the codebook's one unit per key
  raw           TEXT,                      -- the text as printed
  flags         TEXT NOT NULL DEFAULT '',  -- space-separated: blank check_failed uncertain_split approximate from_prose ...
  source_type   TEXT NOT NULL,             -- table | prose
  locator_json  TEXT NOT NULL              -- table: table, row, column, raw; prose: start, end, sentence
);
INSERT INTO metrics_010(id, record_id, key, value, unit, raw, flags, source_type, locator_json)
  SELECT id, record_id, key, value, unit, raw, flags, source_type, locator_json FROM metrics;
PRAGMA legacy_alter_table = ON;
DROP TABLE metrics;
ALTER TABLE metrics_010 RENAME TO metrics;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX metrics_record ON metrics(record_id);
CREATE INDEX metrics_key ON metrics(key);

-- 2. The full-text index, declared with content="documents" (double quotes) so that Datasette's
-- and sqlite-utils' detection (which looks for content="TABLE" in sqlite_master.sql) finds it
-- and their _search / search() use it. Same trigram tokenizer, rebuilt from documents.
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(main_text, content="documents", content_rowid="id", tokenize="trigram");
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
DROP TRIGGER IF EXISTS documents_fts_insert;
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, main_text) VALUES (new.id, new.main_text);
END;

-- 3. The codebook's unit vocabulary.
CREATE TABLE codebook_units (
  unit          TEXT PRIMARY KEY,          -- the unit as metric_values and the exports give it
  printed       TEXT NOT NULL,             -- what reports print for it
  description   TEXT NOT NULL
);
INSERT INTO codebook_units(unit, printed, description) VALUES
  ('count', '件', 'requests, decisions, cases, complaints, regulations and other matters counted one by one'),
  ('item', '条', 'pieces of government information published'),
  ('document', '件 / 篇', 'normative documents made, published, in force or repealed'),
  ('article', '篇', 'policy interpretation articles'),
  ('times', '次', 'occasions: press conferences, online interviews, responses, meetings, training courses'),
  ('person', '人', 'people (staff)'),
  ('person_time', '人次', 'attendances (one person at two trainings counts twice)'),
  ('unit', '个', 'organisations, offices, reading points'),
  ('yuan', '元 (万元 multiplied out)', 'money in yuan');

-- The one unit of a metric key (a prose.<key> value takes its key's unit).
CREATE VIEW metric_keys AS
WITH k AS (SELECT DISTINCT key, CASE WHEN key GLOB 'prose.*' THEN substr(key, 7) ELSE key END AS base FROM metrics)
SELECT key, base,
  CASE
    WHEN base GLOB '*yuan*' THEN 'yuan'
    WHEN base GLOB 'staff.*' THEN 'person'
    WHEN base = 'training.trainees' THEN 'person_time'
    WHEN base GLOB 'training.*' OR (base GLOB 'response.*' AND base <> 'response.interpretations') THEN 'times'
    WHEN base = 'response.interpretations' THEN 'article'
    WHEN base GLOB 'org.*' THEN 'unit'
    WHEN base GLOB 'proactive.items.*' OR base GLOB 'proactive.channel.*' THEN 'item'
    WHEN base GLOB 'proactive.normative_docs.*' THEN 'document'
    ELSE 'count'
  END AS unit
FROM k;

-- 4. Every value of every current report, clean: the codebook unit, the value as an integer when
-- it is a whole number of a counted unit, why it is NULL, the labels it was read under, and
-- when and where its page was fetched.
CREATE VIEW metric_values AS
SELECT rm.report_id, rm.issuer, rm.region, rm.year, rm.format, rm.key,
  CASE WHEN mk.unit <> 'yuan' AND rm.value = CAST(rm.value AS INTEGER) THEN CAST(rm.value AS INTEGER) ELSE rm.value END AS value,
  mk.unit AS unit,
  rm.unit AS unit_printed,
  CASE
    WHEN rm.value IS NOT NULL THEN NULL
    WHEN ' ' || rm.flags || ' ' GLOB '* not_applicable *' THEN 'not_applicable'
    WHEN ' ' || rm.flags || ' ' GLOB '* unreadable *' THEN 'not_read'
    WHEN ' ' || rm.flags || ' ' GLOB '* uncertain_split *' OR ' ' || rm.flags || ' ' GLOB '* approximate *' THEN 'uncertain'
    WHEN ' ' || rm.flags || ' ' GLOB '* blank *' OR COALESCE(trim(rm.raw), '') = '' THEN 'not_printed'
    ELSE 'not_read'
  END AS null_reason,
  rm.raw, rm.flags, rm.source_type,
  CASE WHEN rm.source_type = 'table' THEN json_extract(rm.locator_json, '$.row') END AS row_label,
  CASE WHEN rm.source_type = 'table' THEN json_extract(rm.locator_json, '$.column') END AS column_label,
  CASE WHEN rm.source_type = 'prose' THEN json_extract(rm.locator_json, '$.sentence') END AS sentence,
  rm.locator_json, rm.snapshot_sha256, rm.url,
  (SELECT MIN(f.started_at) FROM fetches f WHERE f.snapshot_sha256 = rm.snapshot_sha256) AS fetched_at,
  rm.extractor_version, rm.record_id
FROM report_metrics rm JOIN metric_keys mk ON mk.key = rm.key;

-- 5. The codebook of metric keys as this archive has them: unit, the Chinese row and column
-- labels they are most often read under, and how many current reports give them.
CREATE VIEW codebook_metrics AS
WITH labels AS (
  SELECT m.key, json_extract(m.locator_json, '$.row') AS row_label, json_extract(m.locator_json, '$.column') AS column_label, COUNT(*) AS n
  FROM report_records rr JOIN metrics m ON m.record_id = rr.record_id
  WHERE m.source_type = 'table' GROUP BY 1, 2, 3),
best AS (SELECT key, row_label, column_label, ROW_NUMBER() OVER (PARTITION BY key ORDER BY n DESC, row_label, column_label) AS k FROM labels)
SELECT mk.key, mk.unit, cu.printed AS unit_printed, b.row_label AS label_zh, b.column_label AS column_zh,
  (SELECT COUNT(DISTINCT rr.report_id) FROM report_records rr JOIN metrics m ON m.record_id = rr.record_id WHERE m.key = mk.key) AS reports
FROM metric_keys mk LEFT JOIN codebook_units cu ON cu.unit = mk.unit LEFT JOIN best b ON b.key = mk.key AND b.k = 1;

-- 6. One row per report with the numbers that mean the same in every format:
-- decided = requests decided in the year: 办理结果 总计 (requests.processed.total, 2019 and 2021
-- formats), else 答复 (requests.answered.total, before 2019), else 办结 (requests.closed.total);
-- decided_key says which. share_granted = granted / decided, share_granted_or_partial =
-- (granted + partly granted) / decided: the same denominator for every report (never
-- requests received, which leaves out the requests carried over and gave shares over 100%).
CREATE VIEW report_harmonised AS
WITH v AS (
  SELECT rr.report_id, rr.issuer, rr.region, rr.year, rr.format, rr.url, rr.snapshot_sha256, rr.record_id,
    MAX(CASE WHEN m.key = 'requests.new_received.total' THEN m.value END) AS received,
    MAX(CASE WHEN m.key = 'requests.granted.total' THEN m.value END) AS granted,
    MAX(CASE WHEN m.key = 'requests.partial.total' THEN m.value END) AS partial,
    MAX(CASE WHEN m.key = 'requests.processed.total' THEN m.value END) AS processed,
    MAX(CASE WHEN m.key = 'requests.answered.total' THEN m.value END) AS answered,
    MAX(CASE WHEN m.key = 'requests.closed.total' THEN m.value END) AS closed,
    MAX(CASE WHEN m.key = 'review.reconsideration.total' THEN m.value END) AS reconsiderations,
    COALESCE(MAX(CASE WHEN m.key = 'review.litigation.total' THEN m.value END),
      MAX(CASE WHEN m.key = 'review.litigation_direct.total' THEN m.value END) + MAX(CASE WHEN m.key = 'review.litigation_after_reconsideration.total' THEN m.value END)) AS lawsuits
  FROM report_records rr LEFT JOIN metrics m ON m.record_id = rr.record_id
  GROUP BY rr.report_id)
SELECT report_id, issuer, region, year, format,
  CAST(received AS INTEGER) AS received, CAST(granted AS INTEGER) AS granted, CAST(partial AS INTEGER) AS partial,
  CAST(COALESCE(processed, answered, closed) AS INTEGER) AS decided,
  CASE WHEN processed IS NOT NULL THEN 'requests.processed.total' WHEN answered IS NOT NULL THEN 'requests.answered.total' WHEN closed IS NOT NULL THEN 'requests.closed.total' END AS decided_key,
  ROUND(1.0 * granted / NULLIF(COALESCE(processed, answered, closed), 0), 4) AS share_granted,
  ROUND(1.0 * (granted + COALESCE(partial, 0)) / NULLIF(COALESCE(processed, answered, closed), 0), 4) AS share_granted_or_partial,
  CAST(reconsiderations AS INTEGER) AS reconsiderations, CAST(lawsuits AS INTEGER) AS lawsuits,
  url,
  (SELECT MIN(f.started_at) FROM fetches f WHERE f.snapshot_sha256 = v.snapshot_sha256) AS fetched_at,
  (SELECT MAX(f.started_at) FROM fetches f WHERE f.snapshot_sha256 = v.snapshot_sha256) AS last_fetched_at,
  snapshot_sha256, record_id
FROM v;
