-- 006: header sets. Nightly re-checks send and receive the same headers again and again; each
-- distinct set is now stored once. The response's Date header, which changes every time, is
-- kept in its own column, and the set holds "" in its place. Fetch rows live in `fetch_log`;
-- `fetches` is a view that gives them back with their headers as JSON, as before, and accepts
-- inserts.

-- Distinct header sets (JSON objects of header name → value, in the order received).
CREATE TABLE header_sets (
  id            INTEGER PRIMARY KEY,
  json          TEXT NOT NULL UNIQUE
);

-- Every request made (see the `fetches` view for the same rows with headers as JSON).
CREATE TABLE fetch_log (
  id            INTEGER PRIMARY KEY,
  run_id        INTEGER NOT NULL REFERENCES crawl_runs(id),
  site_id       TEXT NOT NULL REFERENCES sites(id),
  frontier_key  TEXT,                      -- the request's key in its run's frontier
  kind          TEXT NOT NULL,             -- robots | list | data | report | attachment
  method        TEXT NOT NULL,             -- GET | POST
  url           TEXT NOT NULL,             -- requested URL
  final_url     TEXT,                      -- after redirects
  redirects_json TEXT NOT NULL DEFAULT '[]', -- [{url, status, location}]
  parent_url    TEXT,                      -- the page that linked to it
  status        INTEGER,                   -- HTTP status of the final response
  outcome       TEXT NOT NULL,             -- ok | not_modified | blocked | http_error | network_error | robots_disallowed | too_large | off_host
  error_kind    TEXT,                      -- dns | timeout | refused | reset | 4xx | 5xx | 429 | antibot | robots | redirect | size | ...
  error         TEXT,                      -- the error in words
  request_headers_id  INTEGER NOT NULL REFERENCES header_sets(id),  -- headers sent
  response_headers_id INTEGER NOT NULL REFERENCES header_sets(id),  -- headers received, Date as ""
  response_date TEXT,                      -- the response's Date header
  started_at    TEXT NOT NULL,             -- ISO 8601 UTC
  elapsed_ms    INTEGER,                   -- time to the complete response
  attempt       INTEGER NOT NULL DEFAULT 1,-- which try this was (retries on 5xx, 429, network errors)
  snapshot_sha256 TEXT REFERENCES snapshots(sha256), -- the body; for a 304, the snapshot it confirmed
  size          INTEGER,                   -- body bytes
  content_type  TEXT,                      -- Content-Type as served
  charset       TEXT,                      -- detected charset
  etag          TEXT,                      -- validator for the next conditional request
  last_modified TEXT                       -- validator for the next conditional request
);

INSERT OR IGNORE INTO header_sets(json) SELECT request_headers_json FROM fetches;
INSERT OR IGNORE INTO header_sets(json)
  SELECT CASE WHEN json_type(response_headers_json, '$.date') IS NOT NULL THEN json_set(response_headers_json, '$.date', '') ELSE json(response_headers_json) END FROM fetches;
INSERT INTO fetch_log(id, run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, parent_url, status, outcome, error_kind, error,
    request_headers_id, response_headers_id, response_date, started_at, elapsed_ms, attempt, snapshot_sha256, size, content_type, charset, etag, last_modified)
  SELECT f.id, f.run_id, f.site_id, f.frontier_key, f.kind, f.method, f.url, f.final_url, f.redirects_json, f.parent_url, f.status, f.outcome, f.error_kind, f.error,
    (SELECT h.id FROM header_sets h WHERE h.json = f.request_headers_json),
    (SELECT h.id FROM header_sets h WHERE h.json = CASE WHEN json_type(f.response_headers_json, '$.date') IS NOT NULL THEN json_set(f.response_headers_json, '$.date', '') ELSE json(f.response_headers_json) END),
    json_extract(f.response_headers_json, '$.date'), f.started_at, f.elapsed_ms, f.attempt, f.snapshot_sha256, f.size, f.content_type, f.charset, f.etag, f.last_modified
  FROM fetches f;
DROP TABLE fetches;
CREATE INDEX fetch_log_url ON fetch_log(url, id);
CREATE INDEX fetch_log_run ON fetch_log(run_id, site_id);
CREATE INDEX fetch_log_snapshot ON fetch_log(snapshot_sha256);

-- Every request made, one row per fetch, successful or not, with its headers as JSON. A 304 is
-- a sighting of the snapshot the conditional request named.
CREATE VIEW fetches AS
SELECT f.id, f.run_id, f.site_id, f.frontier_key, f.kind, f.method, f.url, f.final_url, f.redirects_json, f.parent_url, f.status, f.outcome, f.error_kind, f.error,
  rq.json AS request_headers_json,
  CASE WHEN f.response_date IS NOT NULL THEN json_set(rs.json, '$.date', f.response_date) ELSE rs.json END AS response_headers_json,
  f.started_at, f.elapsed_ms, f.attempt, f.snapshot_sha256, f.size, f.content_type, f.charset, f.etag, f.last_modified
FROM fetch_log f JOIN header_sets rq ON rq.id = f.request_headers_id JOIN header_sets rs ON rs.id = f.response_headers_id;

CREATE TRIGGER fetches_insert INSTEAD OF INSERT ON fetches BEGIN
  INSERT OR IGNORE INTO header_sets(json) VALUES (COALESCE(new.request_headers_json, '{}'));
  INSERT OR IGNORE INTO header_sets(json) VALUES (CASE WHEN json_type(COALESCE(new.response_headers_json, '{}'), '$.date') IS NOT NULL
    THEN json_set(new.response_headers_json, '$.date', '') ELSE COALESCE(new.response_headers_json, '{}') END);
  INSERT INTO fetch_log(id, run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, parent_url, status, outcome, error_kind, error,
      request_headers_id, response_headers_id, response_date, started_at, elapsed_ms, attempt, snapshot_sha256, size, content_type, charset, etag, last_modified)
    VALUES (new.id, new.run_id, new.site_id, new.frontier_key, new.kind, new.method, new.url, new.final_url, COALESCE(new.redirects_json, '[]'), new.parent_url,
      new.status, new.outcome, new.error_kind, new.error,
      (SELECT id FROM header_sets WHERE json = COALESCE(new.request_headers_json, '{}')),
      (SELECT id FROM header_sets WHERE json = CASE WHEN json_type(COALESCE(new.response_headers_json, '{}'), '$.date') IS NOT NULL
        THEN json_set(new.response_headers_json, '$.date', '') ELSE COALESCE(new.response_headers_json, '{}') END),
      json_extract(COALESCE(new.response_headers_json, '{}'), '$.date'), new.started_at, new.elapsed_ms, COALESCE(new.attempt, 1), new.snapshot_sha256, new.size,
      new.content_type, new.charset, new.etag, new.last_modified);
END;
