-- 008: a compact log of crawling. A nightly re-check of an unchanged page asks the same thing and
-- gets the same answer as the night before; only its time differs. What a fetch asked and got
-- (its shape) is now stored once in `fetch_shapes`, URLs once in `urls`, and `fetch_log` keeps,
-- per request made, its run, its shape and its times. The validators of a conditional request and
-- of its 304 are kept in the shape, so that the header sets repeat across URLs. Crawl runs and
-- their per-site rows keep their times as numbers (`run_log`, `run_site_log`), and options,
-- counts and site notes once (`run_texts`). The views `fetches`, `crawl_runs` and
-- `crawl_run_sites` give every row back exactly as before (same columns, same values) and accept
-- inserts (and updates, for the two run views).

-- Distinct texts of crawl runs, stored once (nightly runs repeat them): the options a run was
-- started with and the counts it ended with (JSON), and the notes on its sites (why a site
-- failed, or why it was not due).
CREATE TABLE run_texts (
  id            INTEGER PRIMARY KEY,
  text          TEXT NOT NULL UNIQUE
);

-- crawl_runs becomes a view over run_log: renamed first, so that the tables that refer to a run
-- (frontier, extraction_runs …) refer to run_log, then rebuilt with its times as numbers.
ALTER TABLE crawl_runs RENAME TO run_log;
CREATE TEMP TABLE crawl_runs_001 AS SELECT * FROM run_log;
PRAGMA defer_foreign_keys = ON;
DROP TABLE run_log;

-- One row per run of `ogi crawl` (see the `crawl_runs` view for the same rows with times as text
-- and options and counts as JSON).
CREATE TABLE run_log (
  id            INTEGER PRIMARY KEY,
  started_at    NOT NULL,                      -- integer: milliseconds since 1970 (the view gives ISO 8601 UTC with milliseconds); text: as recorded
  finished_at,                                 -- integer: milliseconds after started_at; text: as recorded; NULL while running
  status        TEXT NOT NULL,                 -- running | completed | failed | interrupted
  pid           INTEGER,                       -- process running it (to recognise a killed run)
  options_id    INTEGER NOT NULL REFERENCES run_texts(id), -- sites, flags the run was started with
  counts_id     INTEGER NOT NULL REFERENCES run_texts(id), -- requests, new_snapshots, unchanged, errors by kind
  resumed_count INTEGER NOT NULL DEFAULT 0     -- how many times a killed run was continued
);

-- One row per run of `ogi crawl`.
CREATE VIEW crawl_runs AS
SELECT
  r.id AS id,                                  -- the run (run_log.id)
  CASE WHEN typeof(r.started_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S', r.started_at / 1000, 'unixepoch') || printf('.%03dZ', r.started_at % 1000)
    ELSE r.started_at END AS started_at,       -- ISO 8601 UTC
  CASE WHEN typeof(r.finished_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S', (r.started_at + r.finished_at) / 1000, 'unixepoch')
      || printf('.%03dZ', (r.started_at + r.finished_at) % 1000)
    ELSE r.finished_at END AS finished_at,     -- ISO 8601 UTC; NULL while running
  r.status AS status,                          -- running | completed | failed | interrupted
  r.pid AS pid,                                -- process running it (to recognise a killed run)
  (SELECT t.text FROM run_texts t WHERE t.id = r.options_id) AS options_json, -- sites, flags the run was started with
  (SELECT t.text FROM run_texts t WHERE t.id = r.counts_id) AS counts_json, -- requests, new_snapshots, unchanged, errors by kind (counters that are 0 left out)
  r.resumed_count AS resumed_count             -- how many times a killed run was continued
FROM run_log r;

-- Inserts and updates through the view store the times as numbers when they read back the same.
CREATE TRIGGER crawl_runs_insert INSTEAD OF INSERT ON crawl_runs BEGIN
  INSERT OR IGNORE INTO run_texts(text) VALUES (COALESCE(new.options_json, '{}')), (COALESCE(new.counts_json, '{}'));
  INSERT INTO run_log(id, started_at, finished_at, status, pid, options_id, counts_id, resumed_count)
    SELECT new.id, t.s, CASE WHEN typeof(t.s) = 'integer' AND typeof(t.f) = 'integer' THEN t.f - t.s ELSE t.ft END, new.status, new.pid,
      (SELECT id FROM run_texts WHERE text = COALESCE(new.options_json, '{}')), (SELECT id FROM run_texts WHERE text = COALESCE(new.counts_json, '{}')),
      COALESCE(new.resumed_count, 0)
    FROM (SELECT
        CASE WHEN sm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', sm / 1000, 'unixepoch') || printf('.%03dZ', sm % 1000) = sv THEN sm ELSE sv END AS s,
        CASE WHEN fm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', fm / 1000, 'unixepoch') || printf('.%03dZ', fm % 1000) = fv THEN fm ELSE fv END AS f,
        fv AS ft
      FROM (SELECT CAST(round((julianday(sv) - 2440587.5) * 86400000.0) AS INTEGER) AS sm, sv, CAST(round((julianday(fv) - 2440587.5) * 86400000.0) AS INTEGER) AS fm, fv
        FROM (SELECT CASE WHEN typeof(new.started_at) IN ('integer', 'real') THEN CAST(new.started_at AS TEXT) ELSE new.started_at END AS sv,
                     CASE WHEN typeof(new.finished_at) IN ('integer', 'real') THEN CAST(new.finished_at AS TEXT) ELSE new.finished_at END AS fv))) t;
END;

CREATE TRIGGER crawl_runs_update INSTEAD OF UPDATE ON crawl_runs BEGIN
  INSERT OR IGNORE INTO run_texts(text) VALUES (new.options_json), (new.counts_json);
  UPDATE run_log SET (id, started_at, finished_at, status, pid, options_id, counts_id, resumed_count) =
    (SELECT new.id, t.s, CASE WHEN typeof(t.s) = 'integer' AND typeof(t.f) = 'integer' THEN t.f - t.s ELSE t.ft END, new.status, new.pid,
      (SELECT id FROM run_texts WHERE text = new.options_json), (SELECT id FROM run_texts WHERE text = new.counts_json), new.resumed_count
    FROM (SELECT
        CASE WHEN sm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', sm / 1000, 'unixepoch') || printf('.%03dZ', sm % 1000) = sv THEN sm ELSE sv END AS s,
        CASE WHEN fm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', fm / 1000, 'unixepoch') || printf('.%03dZ', fm % 1000) = fv THEN fm ELSE fv END AS f,
        fv AS ft
      FROM (SELECT CAST(round((julianday(sv) - 2440587.5) * 86400000.0) AS INTEGER) AS sm, sv, CAST(round((julianday(fv) - 2440587.5) * 86400000.0) AS INTEGER) AS fm, fv
        FROM (SELECT CASE WHEN typeof(new.started_at) IN ('integer', 'real') THEN CAST(new.started_at AS TEXT) ELSE new.started_at END AS sv,
                     CASE WHEN typeof(new.finished_at) IN ('integer', 'real') THEN CAST(new.finished_at AS TEXT) ELSE new.finished_at END AS fv))) t)
  WHERE id = old.id;
END;

-- The runs of 001, written again through the view (same ids, so the rows that refer to them stay valid).
INSERT INTO crawl_runs(id, started_at, finished_at, status, pid, options_json, counts_json, resumed_count)
  SELECT id, started_at, finished_at, status, pid, options_json, counts_json, resumed_count FROM temp.crawl_runs_001 ORDER BY id;
DROP TABLE temp.crawl_runs_001;

-- Every URL the fetch log names (requested, final and parent URLs), stored once.
CREATE TABLE urls (
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE           -- the URL
);

-- What a fetch asked and got, apart from its run and times: one row per distinct combination,
-- shared by all the fetches that repeat it (a nightly 304 of an unchanged page repeats the same one).
CREATE TABLE fetch_shapes (
  id            INTEGER PRIMARY KEY,
  site_id       TEXT NOT NULL REFERENCES sites(id),
  frontier_key  TEXT,                          -- the request's key in its run's frontier (sha1 of method, canonical URL and body)
  kind          TEXT NOT NULL,                 -- robots | list | data | report | attachment
  method        TEXT NOT NULL,                 -- GET | POST
  url_id        INTEGER NOT NULL REFERENCES urls(id), -- requested URL
  final_url_id  INTEGER,                       -- URL after redirects: NULL when it is the requested URL, 0 when there is none, else urls.id
  redirects_json TEXT,                         -- [{url, status, location}]; NULL for none ([])
  parent_url_id INTEGER REFERENCES urls(id),   -- the page that linked to it
  status        INTEGER,                       -- HTTP status of the final response
  outcome       TEXT NOT NULL,                 -- ok | not_modified | blocked | http_error | network_error | robots_disallowed | too_large | off_host
  error_kind    TEXT,                          -- dns | timeout | refused | reset | 4xx | 5xx | 429 | antibot | robots | redirect | size | ...
  error         TEXT,                          -- the error in words
  request_headers_id  INTEGER NOT NULL REFERENCES header_sets(id),  -- headers sent
  response_headers_id INTEGER NOT NULL REFERENCES header_sets(id),  -- headers received, Date as ""
  header_tokens INTEGER NOT NULL DEFAULT 0,    -- 1: in the two header sets, the value "\u0000E" stands for etag and "\u0000L" for last_modified (If-None-Match, If-Modified-Since, ETag, Last-Modified)
  attempt       INTEGER NOT NULL DEFAULT 1,    -- which try this was (retries on 5xx, 429, network errors)
  snapshot_sha256 TEXT REFERENCES snapshots(sha256), -- the body; for a 304, the snapshot it confirmed
  size          INTEGER,                       -- body bytes
  content_type  TEXT,                          -- Content-Type as served
  charset       TEXT,                          -- detected charset
  etag          TEXT,                          -- validator for the next conditional request (the response's, or for a 304 without one, the stored snapshot's)
  last_modified TEXT                           -- validator for the next conditional request (likewise)
);
CREATE INDEX fetch_shapes_url ON fetch_shapes(url_id);
CREATE INDEX fetch_shapes_snapshot ON fetch_shapes(snapshot_sha256);

-- The rows as the 006 view gives them, to be written again through the new view below.
CREATE TEMP TABLE fetches_006 AS SELECT * FROM fetches;
DROP TRIGGER fetches_insert;
DROP VIEW fetches;
DROP TABLE fetch_log;

-- Every request made, one row each: its run, its shape and its times (see the `fetches` view for
-- the same rows with everything spelled out).
CREATE TABLE fetch_log (
  id            INTEGER PRIMARY KEY,
  run_id        INTEGER NOT NULL REFERENCES run_log(id),
  shape_id      INTEGER NOT NULL REFERENCES fetch_shapes(id), -- what was asked and got
  started_at    NOT NULL,                      -- integer: milliseconds since 1970 (the view gives ISO 8601 UTC with milliseconds); text: as recorded
  elapsed_ms    INTEGER,                       -- time to the complete response
  response_date                                -- the response's Date header. integer: seconds after started_at's second (the view gives it as an IMF-fixdate); text: as received; NULL: none
);
CREATE INDEX fetch_log_shape ON fetch_log(shape_id);
CREATE INDEX fetch_log_run ON fetch_log(run_id);

-- Every request made, one row per fetch, successful or not, with its headers as JSON. A 304 is
-- a sighting of the snapshot the conditional request named.
CREATE VIEW fetches AS
SELECT
  f.id AS id,                                  -- the fetch (fetch_log.id), in the order made
  f.run_id AS run_id,                          -- the crawl run (crawl_runs.id)
  s.site_id AS site_id,                        -- the site (sites.id)
  s.frontier_key AS frontier_key,              -- the request's key in its run's frontier
  s.kind AS kind,                              -- robots | list | data | report | attachment
  s.method AS method,                          -- GET | POST
  u.url AS url,                                -- requested URL
  CASE WHEN s.final_url_id IS NULL THEN u.url WHEN s.final_url_id = 0 THEN NULL
    ELSE (SELECT x.url FROM urls x WHERE x.id = s.final_url_id) END AS final_url, -- after redirects
  COALESCE(s.redirects_json, '[]') AS redirects_json, -- [{url, status, location}]
  (SELECT x.url FROM urls x WHERE x.id = s.parent_url_id) AS parent_url, -- the page that linked to it
  s.status AS status,                          -- HTTP status of the final response
  s.outcome AS outcome,                        -- ok | not_modified | blocked | http_error | network_error | robots_disallowed | too_large | off_host
  s.error_kind AS error_kind,                  -- dns | timeout | refused | reset | 4xx | 5xx | 429 | antibot | robots | redirect | size | ...
  s.error AS error,                            -- the error in words
  (SELECT CASE WHEN s.header_tokens THEN replace(replace(h.json, '"\u0000E"', json_quote(s.etag)), '"\u0000L"', json_quote(s.last_modified)) ELSE h.json END
    FROM header_sets h WHERE h.id = s.request_headers_id) AS request_headers_json, -- headers sent (JSON)
  (SELECT CASE WHEN f.response_date IS NULL THEN j ELSE json_set(j, '$.date', CASE WHEN typeof(f.response_date) = 'integer' THEN
        substr('SunMonTueWedThuFriSat', 1 + 3 * strftime('%w', f.started_at / 1000 + f.response_date, 'unixepoch'), 3)
        || strftime(', %d ', f.started_at / 1000 + f.response_date, 'unixepoch')
        || substr('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * strftime('%m', f.started_at / 1000 + f.response_date, 'unixepoch') - 2, 3)
        || strftime(' %Y %H:%M:%S GMT', f.started_at / 1000 + f.response_date, 'unixepoch')
      ELSE f.response_date END) END
    FROM (SELECT CASE WHEN s.header_tokens THEN replace(replace(h.json, '"\u0000E"', json_quote(s.etag)), '"\u0000L"', json_quote(s.last_modified)) ELSE h.json END AS j
      FROM header_sets h WHERE h.id = s.response_headers_id)) AS response_headers_json, -- headers received (JSON)
  CASE WHEN typeof(f.started_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S', f.started_at / 1000, 'unixepoch') || printf('.%03dZ', f.started_at % 1000)
    ELSE f.started_at END AS started_at,       -- ISO 8601 UTC
  f.elapsed_ms AS elapsed_ms,                  -- time to the complete response
  s.attempt AS attempt,                        -- which try this was (retries on 5xx, 429, network errors)
  s.snapshot_sha256 AS snapshot_sha256,        -- the body; for a 304, the snapshot it confirmed
  s.size AS size,                              -- body bytes
  s.content_type AS content_type,              -- Content-Type as served
  s.charset AS charset,                        -- detected charset
  s.etag AS etag,                              -- validator for the next conditional request
  s.last_modified AS last_modified             -- validator for the next conditional request
FROM fetch_log f JOIN fetch_shapes s ON s.id = f.shape_id JOIN urls u ON u.id = s.url_id;

-- Inserting into `fetches` stores the row in the tables above (header sets and URLs once, the
-- shape once, the times in fetch_log); reading it back gives the same values.
CREATE TRIGGER fetches_insert INSTEAD OF INSERT ON fetches BEGIN
  INSERT OR IGNORE INTO header_sets(json) VALUES (COALESCE(new.request_headers_json, '{}'));
  INSERT OR IGNORE INTO header_sets(json) VALUES (CASE WHEN json_type(COALESCE(new.response_headers_json, '{}'), '$.date') IS NOT NULL
    THEN json_set(new.response_headers_json, '$.date', '') ELSE COALESCE(new.response_headers_json, '{}') END);
  INSERT OR IGNORE INTO urls(url) VALUES (new.url);
  INSERT OR IGNORE INTO urls(url) SELECT new.final_url WHERE new.final_url IS NOT NULL AND new.final_url IS NOT new.url;
  INSERT OR IGNORE INTO urls(url) SELECT new.parent_url WHERE new.parent_url IS NOT NULL;
  INSERT INTO fetch_shapes(site_id, frontier_key, kind, method, url_id, final_url_id, redirects_json, parent_url_id, status, outcome, error_kind, error,
      request_headers_id, response_headers_id, header_tokens, attempt, snapshot_sha256, size, content_type, charset, etag, last_modified)
    SELECT new.site_id, new.frontier_key, new.kind, new.method, v.url_id, v.final_url_id, v.redirects_json, v.parent_url_id, new.status, new.outcome, new.error_kind, new.error,
      v.request_headers_id, v.response_headers_id, 0, v.attempt, new.snapshot_sha256, new.size, new.content_type, new.charset, new.etag, new.last_modified
    FROM (SELECT
        (SELECT id FROM urls WHERE url = new.url) AS url_id,
        CASE WHEN new.final_url IS NULL THEN 0 WHEN new.final_url IS new.url THEN NULL ELSE (SELECT id FROM urls WHERE url = new.final_url) END AS final_url_id,
        NULLIF(COALESCE(new.redirects_json, '[]'), '[]') AS redirects_json,
        (SELECT id FROM urls WHERE url = new.parent_url) AS parent_url_id,
        (SELECT id FROM header_sets WHERE json = COALESCE(new.request_headers_json, '{}')) AS request_headers_id,
        (SELECT id FROM header_sets WHERE json = CASE WHEN json_type(COALESCE(new.response_headers_json, '{}'), '$.date') IS NOT NULL
          THEN json_set(new.response_headers_json, '$.date', '') ELSE COALESCE(new.response_headers_json, '{}') END) AS response_headers_id,
        COALESCE(new.attempt, 1) AS attempt) v
    WHERE NOT EXISTS (SELECT 1 FROM fetch_shapes s WHERE s.url_id = v.url_id AND s.site_id IS new.site_id AND s.frontier_key IS new.frontier_key
      AND s.kind IS new.kind AND s.method IS new.method AND s.final_url_id IS v.final_url_id AND s.redirects_json IS v.redirects_json
      AND s.parent_url_id IS v.parent_url_id AND s.status IS new.status AND s.outcome IS new.outcome AND s.error_kind IS new.error_kind AND s.error IS new.error
      AND s.request_headers_id = v.request_headers_id AND s.response_headers_id = v.response_headers_id AND s.header_tokens = 0 AND s.attempt IS v.attempt
      AND s.snapshot_sha256 IS new.snapshot_sha256 AND s.size IS new.size AND s.content_type IS new.content_type AND s.charset IS new.charset
      AND s.etag IS new.etag AND s.last_modified IS new.last_modified);
  INSERT INTO fetch_log(id, run_id, shape_id, started_at, elapsed_ms, response_date)
    SELECT new.id, new.run_id,
      (SELECT MAX(s.id) FROM fetch_shapes s WHERE s.url_id = v.url_id AND s.site_id IS new.site_id AND s.frontier_key IS new.frontier_key
        AND s.kind IS new.kind AND s.method IS new.method AND s.final_url_id IS v.final_url_id AND s.redirects_json IS v.redirects_json
        AND s.parent_url_id IS v.parent_url_id AND s.status IS new.status AND s.outcome IS new.outcome AND s.error_kind IS new.error_kind AND s.error IS new.error
        AND s.request_headers_id = v.request_headers_id AND s.response_headers_id = v.response_headers_id AND s.header_tokens = 0 AND s.attempt IS v.attempt
        AND s.snapshot_sha256 IS new.snapshot_sha256 AND s.size IS new.size AND s.content_type IS new.content_type AND s.charset IS new.charset
        AND s.etag IS new.etag AND s.last_modified IS new.last_modified),
      t.started_at, new.elapsed_ms,
      CASE WHEN typeof(t.started_at) = 'integer' AND t.date_s IS NOT NULL
        AND substr('SunMonTueWedThuFriSat', 1 + 3 * strftime('%w', t.date_s, 'unixepoch'), 3) || strftime(', %d ', t.date_s, 'unixepoch')
          || substr('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * strftime('%m', t.date_s, 'unixepoch') - 2, 3) || strftime(' %Y %H:%M:%S GMT', t.date_s, 'unixepoch') = t.date
        THEN t.date_s - t.started_at / 1000 ELSE t.date END
    FROM (SELECT
        (SELECT id FROM urls WHERE url = new.url) AS url_id,
        CASE WHEN new.final_url IS NULL THEN 0 WHEN new.final_url IS new.url THEN NULL ELSE (SELECT id FROM urls WHERE url = new.final_url) END AS final_url_id,
        NULLIF(COALESCE(new.redirects_json, '[]'), '[]') AS redirects_json,
        (SELECT id FROM urls WHERE url = new.parent_url) AS parent_url_id,
        (SELECT id FROM header_sets WHERE json = COALESCE(new.request_headers_json, '{}')) AS request_headers_id,
        (SELECT id FROM header_sets WHERE json = CASE WHEN json_type(COALESCE(new.response_headers_json, '{}'), '$.date') IS NOT NULL
          THEN json_set(new.response_headers_json, '$.date', '') ELSE COALESCE(new.response_headers_json, '{}') END) AS response_headers_id,
        COALESCE(new.attempt, 1) AS attempt) v,
      (SELECT
          CASE WHEN ms >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', ms / 1000, 'unixepoch') || printf('.%03dZ', ms % 1000) = iso THEN ms ELSE iso END AS started_at,
          date,
          CAST(strftime('%s', substr(date, 13, 4) || '-' || printf('%02d', (instr('JanFebMarAprMayJunJulAugSepOctNovDec', substr(date, 9, 3)) + 2) / 3)
            || '-' || substr(date, 6, 2) || ' ' || substr(date, 18, 8)) AS INTEGER) AS date_s
        FROM (SELECT CAST(round((julianday(iso) - 2440587.5) * 86400000.0) AS INTEGER) AS ms, iso, date
          FROM (SELECT
              CASE WHEN typeof(new.started_at) IN ('integer', 'real') THEN CAST(new.started_at AS TEXT) ELSE new.started_at END AS iso,
              CASE WHEN typeof(d) IN ('integer', 'real') THEN CAST(d AS TEXT) ELSE d END AS date
            FROM (SELECT json_extract(COALESCE(new.response_headers_json, '{}'), '$.date') AS d)))) t;
END;

-- The rows of 006, written again through the view (each one reads back as it was).
INSERT INTO fetches(id, run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, parent_url, status, outcome, error_kind, error,
    request_headers_json, response_headers_json, started_at, elapsed_ms, attempt, snapshot_sha256, size, content_type, charset, etag, last_modified)
  SELECT id, run_id, site_id, frontier_key, kind, method, url, final_url, redirects_json, parent_url, status, outcome, error_kind, error,
    request_headers_json, response_headers_json, started_at, elapsed_ms, attempt, snapshot_sha256, size, content_type, charset, etag, last_modified
  FROM temp.fetches_006 ORDER BY id;
DROP TABLE temp.fetches_006;

-- Per-site rows of crawl runs, with times as numbers (see the `crawl_run_sites` view for the same
-- rows with their times as text). Written by the crawler (src/crawl/runSites.ts).
CREATE TABLE run_site_log (
  run_id        INTEGER NOT NULL REFERENCES run_log(id),
  site_id       TEXT NOT NULL REFERENCES sites(id),
  started_at    NOT NULL,                      -- integer: milliseconds since 1970 (the view gives ISO 8601 UTC with milliseconds); text: as recorded
  finished_at,                                 -- integer: milliseconds after started_at; text: as recorded; NULL while running
  status        TEXT NOT NULL,                 -- running | completed | failed | not_due | budget (stopped by a page/time budget) | trap (pagination guard)
  lists_fetched INTEGER NOT NULL DEFAULT 0,    -- list and data pages read
  report_links  INTEGER NOT NULL DEFAULT 0,    -- report and attachment links the lists gave (before deduplication)
  fresh_skipped INTEGER NOT NULL DEFAULT 0,    -- known report pages not revisited (checked recently)
  parse_errors  INTEGER NOT NULL DEFAULT 0,
  error_id      INTEGER REFERENCES run_texts(id), -- why the site failed, or why it was not due
  PRIMARY KEY (run_id, site_id)
) WITHOUT ROWID;

CREATE TEMP TABLE crawl_run_sites_005 AS SELECT * FROM crawl_run_sites;
DROP TABLE crawl_run_sites;

-- Each site within a crawl run: when it started and finished, how, and the counts the morning
-- report and site health need.
CREATE VIEW crawl_run_sites AS
SELECT
  l.run_id AS run_id,                          -- the crawl run (crawl_runs.id)
  l.site_id AS site_id,                        -- the site (sites.id)
  CASE WHEN typeof(l.started_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S', l.started_at / 1000, 'unixepoch') || printf('.%03dZ', l.started_at % 1000)
    ELSE l.started_at END AS started_at,       -- ISO 8601 UTC
  CASE WHEN typeof(l.finished_at) = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S', (l.started_at + l.finished_at) / 1000, 'unixepoch')
      || printf('.%03dZ', (l.started_at + l.finished_at) % 1000)
    ELSE l.finished_at END AS finished_at,     -- ISO 8601 UTC; NULL while running
  l.status AS status,                          -- running | completed | failed | not_due | budget (stopped by a page/time budget) | trap (pagination guard)
  l.lists_fetched AS lists_fetched,            -- list and data pages read
  l.report_links AS report_links,              -- report and attachment links the lists gave (before deduplication)
  l.fresh_skipped AS fresh_skipped,            -- known report pages not revisited (checked recently)
  l.parse_errors AS parse_errors,              -- pages that could not be parsed
  (SELECT t.text FROM run_texts t WHERE t.id = l.error_id) AS error -- why the site failed, or why it was not due
FROM run_site_log l;

-- Inserts and updates through the view store the times as numbers when they read back the same.
CREATE TRIGGER crawl_run_sites_insert INSTEAD OF INSERT ON crawl_run_sites BEGIN
  INSERT OR IGNORE INTO run_texts(text) SELECT new.error WHERE new.error IS NOT NULL;
  INSERT INTO run_site_log(run_id, site_id, started_at, finished_at, status, lists_fetched, report_links, fresh_skipped, parse_errors, error_id)
    SELECT new.run_id, new.site_id, t.s, CASE WHEN typeof(t.s) = 'integer' AND typeof(t.f) = 'integer' THEN t.f - t.s ELSE t.ft END, new.status,
      COALESCE(new.lists_fetched, 0), COALESCE(new.report_links, 0), COALESCE(new.fresh_skipped, 0), COALESCE(new.parse_errors, 0),
      (SELECT id FROM run_texts WHERE text = new.error)
    FROM (SELECT
        CASE WHEN sm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', sm / 1000, 'unixepoch') || printf('.%03dZ', sm % 1000) = sv THEN sm ELSE sv END AS s,
        CASE WHEN fm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', fm / 1000, 'unixepoch') || printf('.%03dZ', fm % 1000) = fv THEN fm ELSE fv END AS f,
        fv AS ft
      FROM (SELECT CAST(round((julianday(sv) - 2440587.5) * 86400000.0) AS INTEGER) AS sm, sv, CAST(round((julianday(fv) - 2440587.5) * 86400000.0) AS INTEGER) AS fm, fv
        FROM (SELECT CASE WHEN typeof(new.started_at) IN ('integer', 'real') THEN CAST(new.started_at AS TEXT) ELSE new.started_at END AS sv,
                     CASE WHEN typeof(new.finished_at) IN ('integer', 'real') THEN CAST(new.finished_at AS TEXT) ELSE new.finished_at END AS fv))) t;
END;

CREATE TRIGGER crawl_run_sites_update INSTEAD OF UPDATE ON crawl_run_sites BEGIN
  INSERT OR IGNORE INTO run_texts(text) SELECT new.error WHERE new.error IS NOT NULL;
  UPDATE run_site_log SET (run_id, site_id, started_at, finished_at, status, lists_fetched, report_links, fresh_skipped, parse_errors, error_id) =
    (SELECT new.run_id, new.site_id, t.s, CASE WHEN typeof(t.s) = 'integer' AND typeof(t.f) = 'integer' THEN t.f - t.s ELSE t.ft END, new.status,
      new.lists_fetched, new.report_links, new.fresh_skipped, new.parse_errors, (SELECT id FROM run_texts WHERE text = new.error)
    FROM (SELECT
        CASE WHEN sm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', sm / 1000, 'unixepoch') || printf('.%03dZ', sm % 1000) = sv THEN sm ELSE sv END AS s,
        CASE WHEN fm >= 0 AND strftime('%Y-%m-%dT%H:%M:%S', fm / 1000, 'unixepoch') || printf('.%03dZ', fm % 1000) = fv THEN fm ELSE fv END AS f,
        fv AS ft
      FROM (SELECT CAST(round((julianday(sv) - 2440587.5) * 86400000.0) AS INTEGER) AS sm, sv, CAST(round((julianday(fv) - 2440587.5) * 86400000.0) AS INTEGER) AS fm, fv
        FROM (SELECT CASE WHEN typeof(new.started_at) IN ('integer', 'real') THEN CAST(new.started_at AS TEXT) ELSE new.started_at END AS sv,
                     CASE WHEN typeof(new.finished_at) IN ('integer', 'real') THEN CAST(new.finished_at AS TEXT) ELSE new.finished_at END AS fv))) t)
  WHERE run_id = old.run_id AND site_id = old.site_id;
END;

-- The rows of 005, written again through the view.
INSERT INTO crawl_run_sites(run_id, site_id, started_at, finished_at, status, lists_fetched, report_links, fresh_skipped, parse_errors, error)
  SELECT run_id, site_id, started_at, finished_at, status, lists_fetched, report_links, fresh_skipped, parse_errors, error FROM temp.crawl_run_sites_005;
DROP TABLE temp.crawl_run_sites_005;
