-- Small response bodies are kept inside the archive instead of as files of their own (issue 14).
-- On this kind of machine creating, syncing and renaming one small file costs far more than the
-- body's share of a SQLite commit; a body written in the same transaction as its row can never be
-- lost apart from it. `snapshots.path` is 'snapshot_bodies' for such a snapshot, and its bytes are
-- here, exactly as served (hashing `body` gives `sha256`). Larger bodies stay files under
-- snapshots/<aa>/<bb>/<sha256>; `snapshot_inline_max_bytes` in config/ogi.yaml sets the size.
CREATE TABLE snapshot_bodies (
  sha256 TEXT PRIMARY KEY REFERENCES snapshots(sha256),  -- the snapshot these bytes are
  body   BLOB NOT NULL                                    -- the exact bytes served
);
