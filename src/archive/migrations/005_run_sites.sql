-- 005: per-site rows of a crawl run (the morning report and site health read them).

CREATE TABLE crawl_run_sites (
  run_id        INTEGER NOT NULL REFERENCES crawl_runs(id),
  site_id       TEXT NOT NULL REFERENCES sites(id),
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  status        TEXT NOT NULL,             -- running | completed | failed | not_due | budget (stopped by a page/time budget) | trap (pagination guard)
  lists_fetched INTEGER NOT NULL DEFAULT 0,-- list and data pages read
  report_links  INTEGER NOT NULL DEFAULT 0,-- report and attachment links the lists gave (before deduplication)
  fresh_skipped INTEGER NOT NULL DEFAULT 0,-- known report pages not revisited (checked recently)
  parse_errors  INTEGER NOT NULL DEFAULT 0,
  error         TEXT,
  PRIMARY KEY (run_id, site_id)
);
