-- Archives that merge (issue 13): every archive knows its own identity, and an archive that
-- shards were merged into remembers what it took from each, so that a merge can be repeated
-- (idempotent) and continued after a kill (resumable).

-- Facts about this archive file itself; `uuid` names it when it is merged into another.
CREATE TABLE archive_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO archive_meta(key, value) VALUES ('uuid', lower(hex(randomblob(16))));

-- One row per crawl run taken from a shard: which run it became here and how far its fetch
-- log was copied (a run still going on in its shard is copied again from there next time).
CREATE TABLE merged_runs (
  shard_uuid    TEXT NOT NULL,             -- archive_meta.uuid of the shard
  shard_path    TEXT NOT NULL,             -- where the shard was read from (last merge)
  shard_run_id  INTEGER NOT NULL,          -- crawl_runs.id in the shard
  run_id        INTEGER NOT NULL,          -- crawl_runs.id here
  fetch_id_max  INTEGER NOT NULL DEFAULT 0,-- the shard's last fetches.id copied for this run
  status        TEXT NOT NULL,             -- the shard run's status when last copied
  merged_at     TEXT NOT NULL,             -- ISO 8601 UTC of the last copy
  PRIMARY KEY (shard_uuid, shard_run_id)
);
