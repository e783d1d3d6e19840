-- A money figure printed without a unit the table states anywhere (元 or 万元: a factor of
-- 10,000 apart) is NULL with the flag `uncertain_unit` (extractor 1.3.0). metric_values names it
-- `unit_unknown` rather than `not_read`: the digits were read (they are in `raw`), only their unit
-- is unknown. The view is otherwise as migration 014 made it.
DROP VIEW metric_values;

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
    WHEN ' ' || rm.flags || ' ' GLOB '* uncertain_unit *' THEN 'unit_unknown'
    WHEN ' ' || rm.flags || ' ' GLOB '* blank *' OR COALESCE(trim(rm.raw), '') = '' THEN 'not_printed'
    ELSE 'not_read'
  END AS null_reason,
  rm.raw, rm.flags, rm.source_type,
  CASE WHEN rm.source_type = 'table' THEN json_extract(rm.locator_json, '$.row') END AS row_label,
  CASE WHEN rm.source_type = 'table' THEN json_extract(rm.locator_json, '$.column') END AS column_label,
  CASE WHEN rm.source_type = 'prose' THEN COALESCE(json_extract(rm.locator_json, '$.verbatim'), json_extract(rm.locator_json, '$.sentence')) END AS sentence,
  rm.locator_json, rm.snapshot_sha256, rm.url,
  (SELECT MIN(f.started_at) FROM fetches f WHERE f.snapshot_sha256 = rm.snapshot_sha256) AS fetched_at,
  rm.extractor_version, rm.record_id,
  json_extract(rm.locator_json, '$.pos.start') AS pos_start, -- where the printed value starts: a character offset (UTF-16 code units) in the decoded snapshot text, or in the document text when pos_in says so; NULL for values extracted before extractor 1.2.0 or without a position
  json_extract(rm.locator_json, '$.pos.end') AS pos_end, -- where it ends (exclusive)
  json_extract(rm.locator_json, '$.posIn') AS pos_in, -- what pos_start and pos_end count in: snapshot (the decoded snapshot text) or document_text (an attachment's document text)
  json_extract(rm.locator_json, '$.path') AS cell_path, -- table values read from an HTML <table>: the cell's element path, e.g. html[1]/body[1]/table[2]/tbody[1]/tr[5]/td[3]
  json_extract(rm.locator_json, '$.noPos') AS no_position_reason -- why the value has no position (when it has none and the extractor said why)
FROM report_metrics rm JOIN metric_keys mk ON mk.key = rm.key;
