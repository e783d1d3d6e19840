-- 001: the crawl archive. Sites, crawl runs, the per-run frontier, every fetch made,
-- and the distinct response bodies (snapshots) stored once by SHA-256.

-- One row per configured site, refreshed from config/sites at each crawl.
CREATE TABLE sites (
  id            TEXT PRIMARY KEY,          -- the config's id (file name)
  name          TEXT NOT NULL,             -- e.g. 安庆市人民政府
  region        TEXT NOT NULL,             -- e.g. 安庆市
  level         TEXT NOT NULL,             -- province | prefecture | county | district | department ...
  dialect       TEXT NOT NULL,             -- crawlers/<dialect>.ts
  homepage      TEXT NOT NULL,
  config_hash   TEXT NOT NULL,             -- sha256 of the validated config, to see config changes
  config_json   TEXT NOT NULL,             -- the validated config as JSON
  updated_at    TEXT NOT NULL
);

-- One row per run of `ogi crawl`.
CREATE TABLE crawl_runs (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT NOT NULL,             -- ISO 8601 UTC
  finished_at   TEXT,
  status        TEXT NOT NULL,             -- running | completed | failed | interrupted
  pid           INTEGER,                   -- process running it (to recognise a killed run)
  options_json  TEXT NOT NULL DEFAULT '{}',-- sites, flags the run was started with
  counts_json   TEXT NOT NULL DEFAULT '{}',-- requests, new_snapshots, unchanged, errors by kind
  resumed_count INTEGER NOT NULL DEFAULT 0 -- how many times a killed run was continued
);

-- The frontier of a run: every request it decided to make, and where it stands.
CREATE TABLE frontier (
  run_id        INTEGER NOT NULL REFERENCES crawl_runs(id),
  key           TEXT NOT NULL,             -- sha1 of method, canonical URL and body
  site_id       TEXT NOT NULL REFERENCES sites(id),
  url           TEXT NOT NULL,
  method        TEXT NOT NULL DEFAULT 'GET',
  body          TEXT,
  kind          TEXT NOT NULL,             -- list | data | report | attachment
  label         TEXT,                      -- link text
  depth         INTEGER NOT NULL DEFAULT 0,
  parent_url    TEXT,                      -- page that linked to it
  state         TEXT NOT NULL DEFAULT 'pending', -- pending | done | failed | skipped
  attempts      INTEGER NOT NULL DEFAULT 0,
  seq           INTEGER NOT NULL,          -- discovery order
  PRIMARY KEY (run_id, key)
);
CREATE INDEX frontier_pending ON frontier(run_id, state, site_id, seq);

-- Distinct response bodies. The bytes live in storage/snapshots/<aa>/<bb>/<sha256>.
CREATE TABLE snapshots (
  sha256        TEXT PRIMARY KEY,          -- hash of the exact bytes served
  size          INTEGER NOT NULL,
  content_type  TEXT,                      -- as first served
  charset       TEXT,                      -- detected charset (utf-8, gb18030 ...)
  charset_source TEXT,                     -- bom | header | meta | sniff | override
  path          TEXT NOT NULL,             -- relative to the storage folder
  first_seen_at TEXT NOT NULL
);

-- Every request made: one row per fetch, successful or not. A 304 is a sighting of the
-- snapshot the conditional request named.
CREATE TABLE fetches (
  id            INTEGER PRIMARY KEY,
  run_id        INTEGER NOT NULL REFERENCES crawl_runs(id),
  site_id       TEXT NOT NULL REFERENCES sites(id),
  frontier_key  TEXT,
  kind          TEXT NOT NULL,             -- robots | list | data | report | attachment
  method        TEXT NOT NULL,
  url           TEXT NOT NULL,             -- requested URL
  final_url     TEXT,                      -- after redirects
  redirects_json TEXT NOT NULL DEFAULT '[]', -- [{url, status, location}]
  parent_url    TEXT,
  status        INTEGER,                   -- HTTP status of the final response
  outcome       TEXT NOT NULL,             -- ok | not_modified | blocked | http_error | network_error | robots_disallowed | too_large | off_host
  error_kind    TEXT,                      -- dns | timeout | refused | reset | 4xx | 5xx | antibot | robots | redirect | size | ...
  error         TEXT,
  request_headers_json  TEXT NOT NULL DEFAULT '{}',
  response_headers_json TEXT NOT NULL DEFAULT '{}',
  started_at    TEXT NOT NULL,
  elapsed_ms    INTEGER,
  attempt       INTEGER NOT NULL DEFAULT 1,
  snapshot_sha256 TEXT REFERENCES snapshots(sha256),
  size          INTEGER,
  content_type  TEXT,
  charset       TEXT,
  etag          TEXT,
  last_modified TEXT
);
CREATE INDEX fetches_url ON fetches(url, id);
CREATE INDEX fetches_run ON fetches(run_id, site_id);
CREATE INDEX fetches_snapshot ON fetches(snapshot_sha256);
