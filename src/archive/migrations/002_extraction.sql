-- 002: what the extractor made of the snapshots. Nothing here is ever updated in place by a
-- later run: each extraction run adds its own records; "current" is a view.

-- Distinct report texts: the normalised main content (portal chrome removed, simplified
-- characters, normalised digits), hashed. Snapshots with other bytes but this text share it.
CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  text_hash     TEXT NOT NULL UNIQUE,      -- sha256 of main_text
  kind          TEXT NOT NULL,             -- report | list | other
  main_text     TEXT NOT NULL,
  first_seen_at TEXT NOT NULL
);

-- Which snapshots carry which document, and by which rule they were joined.
CREATE TABLE document_snapshots (
  document_id   INTEGER NOT NULL REFERENCES documents(id),
  snapshot_sha256 TEXT NOT NULL REFERENCES snapshots(sha256),
  rule          TEXT NOT NULL,             -- first_text (the first snapshot of this text) | same_text (other bytes, same normalised text)
  extractor_version TEXT NOT NULL,         -- the normalisation that produced the text
  PRIMARY KEY (snapshot_sha256, extractor_version)
);
CREATE INDEX document_snapshots_doc ON document_snapshots(document_id);

-- One row per run of the extractor (after a crawl, or `ogi reextract`).
CREATE TABLE extraction_runs (
  id            INTEGER PRIMARY KEY,
  extractor_version TEXT NOT NULL,
  trigger       TEXT NOT NULL,             -- crawl | reextract | import
  crawl_run_id  INTEGER REFERENCES crawl_runs(id),
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  status        TEXT NOT NULL,             -- running | completed | failed
  counts_json   TEXT NOT NULL DEFAULT '{}'
);

-- What one extraction run read from one snapshot. kind = report gets the report fields;
-- list and other pages get a row (so they are not extracted again) but no metrics.
CREATE TABLE records (
  id            INTEGER PRIMARY KEY,
  extraction_run_id INTEGER NOT NULL REFERENCES extraction_runs(id),
  extractor_version TEXT NOT NULL,
  snapshot_sha256 TEXT NOT NULL REFERENCES snapshots(sha256),
  document_id   INTEGER REFERENCES documents(id),
  site_id       TEXT REFERENCES sites(id),
  url           TEXT,                      -- a URL the snapshot was fetched from
  kind          TEXT NOT NULL,             -- report | list | other | error
  reason        TEXT,                      -- why it was classified so, or the error
  title         TEXT,
  issuer        TEXT,
  region        TEXT,
  year          INTEGER,                   -- the year reported on
  format        TEXT,                      -- pre2019 | 2019 | 2021
  published_date TEXT,
  charset       TEXT,
  flags_json    TEXT NOT NULL DEFAULT '[]',
  created_at    TEXT NOT NULL,
  UNIQUE (extraction_run_id, snapshot_sha256)
);
CREATE INDEX records_snapshot ON records(snapshot_sha256, extractor_version);
CREATE INDEX records_issuer_year ON records(issuer, year);

-- Every statistic of a record, with where it was read.
CREATE TABLE metrics (
  id            INTEGER PRIMARY KEY,
  record_id     INTEGER NOT NULL REFERENCES records(id),
  key           TEXT NOT NULL,             -- e.g. requests.new_received.total (docs/metrics.md)
  value         REAL,                      -- NULL when the cell held no number
  unit          TEXT,                      -- yuan, item, person ... or NULL
  raw           TEXT,                      -- the text as printed
  flags         TEXT NOT NULL DEFAULT '',  -- space-separated: blank check_failed uncertain_split approximate from_prose ...
  source_type   TEXT NOT NULL,             -- table | prose
  locator_json  TEXT NOT NULL              -- table: table, row, column, raw; prose: start, end, sentence
);
CREATE INDEX metrics_record ON metrics(record_id);
CREATE INDEX metrics_key ON metrics(key);

-- Every identity evaluated on a record.
CREATE TABLE checks (
  id            INTEGER PRIMARY KEY,
  record_id     INTEGER NOT NULL REFERENCES records(id),
  name          TEXT NOT NULL,
  keys_json     TEXT NOT NULL,
  inputs_json   TEXT NOT NULL,
  expected      REAL,
  actual        REAL,
  held          INTEGER NOT NULL,          -- 1 held, 0 failed
  detail        TEXT
);
CREATE INDEX checks_record ON checks(record_id);
