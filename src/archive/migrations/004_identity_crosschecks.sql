-- 004: issuer identity on records, report versions keyed by it, and cross-report checks.

ALTER TABLE records ADD COLUMN issuer_key TEXT;     -- normalised issuer name (white space and a trailing bracket removed)
ALTER TABLE records ADD COLUMN publisher_code TEXT; -- the 索引号's publisher code (organisation / social credit code)
ALTER TABLE records ADD COLUMN site_code TEXT;      -- the portal's SiteIDCode <meta>, as evidence
CREATE INDEX records_issuer_key ON records(issuer_key, year);

DROP VIEW report_records;
DROP VIEW report_versions;

-- The issuer identity of each current report record: its normalised name, plus "#code" when
-- the page's 索引号 gives a publisher code. A page without a code (a mirror, an older layout)
-- takes the code of the same name and year when exactly one code is known for them.
CREATE VIEW record_issuers AS
SELECT cr.id AS record_id,
  COALESCE(cr.issuer_key, cr.issuer) || COALESCE('#' || cr.publisher_code,
    (SELECT CASE WHEN COUNT(DISTINCT c2.publisher_code) = 1 THEN '#' || MAX(c2.publisher_code) END
     FROM current_records c2 WHERE c2.kind = 'report' AND c2.issuer_key = cr.issuer_key AND c2.year = cr.year AND c2.publisher_code IS NOT NULL),
    '') AS issuer_key
FROM current_records cr WHERE cr.kind = 'report';

-- Versions of a report: the distinct texts (documents) the current records give for one
-- issuer identity and year, in the order they were first fetched. The newest is current.
-- Reports of different issuers are never joined, however alike their texts.
CREATE VIEW report_versions AS
WITH rv AS (
  SELECT ri.issuer_key, MAX(cr.issuer) AS issuer, cr.year, cr.document_id,
    MIN(f.started_at) AS first_seen_at, MAX(cr.id) AS record_id, MIN(cr.site_id) AS site_id,
    COUNT(DISTINCT cr.snapshot_sha256) AS snapshots
  FROM current_records cr JOIN record_issuers ri ON ri.record_id = cr.id JOIN fetches f ON f.snapshot_sha256 = cr.snapshot_sha256
  WHERE cr.issuer IS NOT NULL AND cr.year IS NOT NULL AND cr.document_id IS NOT NULL
  GROUP BY ri.issuer_key, cr.year, cr.document_id)
SELECT rv.issuer_key || ' ' || rv.year AS report_id, rv.*,
  ROW_NUMBER() OVER (PARTITION BY rv.issuer_key, rv.year ORDER BY rv.first_seen_at, rv.document_id) AS version,
  COUNT(*) OVER (PARTITION BY rv.issuer_key, rv.year) AS versions,
  ROW_NUMBER() OVER (PARTITION BY rv.issuer_key, rv.year ORDER BY rv.first_seen_at DESC, rv.document_id DESC) = 1 AS is_current
FROM rv;

CREATE VIEW report_records AS
SELECT v.report_id, v.issuer_key, v.issuer, v.year, v.site_id, v.document_id, v.version, v.versions, v.snapshots,
  cr.id AS record_id, cr.title, cr.region, cr.format, cr.published_date, cr.url, cr.snapshot_sha256, cr.extractor_version, cr.extraction_run_id
FROM report_versions v JOIN current_records cr ON cr.id = v.record_id
WHERE v.is_current;

-- Cross-report checks (soft: a failure is a flag for a person, not an error in either report).
-- 1. This year's 上年结转 against last year's 结转下年度, per column.
-- 2. 现行有效 (in force) against last year's in force + this year's issued - repealed.
CREATE VIEW cross_report_checks AS
SELECT cur.issuer_key, cur.issuer, cur.year, 'carried_over_matches_last_year' AS name,
  substr(mc.key, length('requests.carried_over.') + 1) AS column_key,
  mp.value AS expected, mc.value AS actual, mc.value = mp.value AS held
FROM report_records cur
JOIN report_records prev ON prev.issuer_key = cur.issuer_key AND prev.year = cur.year - 1
JOIN metrics mc ON mc.record_id = cur.record_id AND mc.key LIKE 'requests.carried_over.%'
JOIN metrics mp ON mp.record_id = prev.record_id AND mp.key = 'requests.carried_forward.' || substr(mc.key, length('requests.carried_over.') + 1)
UNION ALL
SELECT cur.issuer_key, cur.issuer, cur.year, 'in_force_follows_last_year' AS name,
  substr(mi.key, length('proactive.') + 1, length(mi.key) - length('proactive.') - length('.in_force')) AS column_key,
  mp.value + COALESCE(ms.value, 0) - COALESCE(mr.value, 0) AS expected, mi.value AS actual,
  mi.value = mp.value + COALESCE(ms.value, 0) - COALESCE(mr.value, 0) AS held
FROM report_records cur
JOIN report_records prev ON prev.issuer_key = cur.issuer_key AND prev.year = cur.year - 1
JOIN metrics mi ON mi.record_id = cur.record_id AND mi.key LIKE 'proactive.%.in_force'
JOIN metrics mp ON mp.record_id = prev.record_id AND mp.key = mi.key
LEFT JOIN metrics ms ON ms.record_id = cur.record_id AND ms.key = replace(mi.key, '.in_force', '.issued')
LEFT JOIN metrics mr ON mr.record_id = cur.record_id AND mr.key = replace(mi.key, '.in_force', '.repealed');

-- 3. Years missing from an issuer's series (a report for 2019 and 2021 but none for 2020).
CREATE VIEW missing_years AS
WITH yrs AS (SELECT DISTINCT issuer_key, issuer, year FROM report_records),
bounds AS (SELECT issuer_key, MIN(issuer) AS issuer, MIN(year) AS first_year, MAX(year) AS last_year FROM yrs GROUP BY issuer_key),
seq(issuer_key, issuer, year, last_year) AS (
  SELECT issuer_key, issuer, first_year, last_year FROM bounds
  UNION ALL SELECT issuer_key, issuer, year + 1, last_year FROM seq WHERE year < last_year)
SELECT s.issuer_key, s.issuer, s.year AS missing_year FROM seq s
WHERE NOT EXISTS (SELECT 1 FROM yrs y WHERE y.issuer_key = s.issuer_key AND y.year = s.year);
