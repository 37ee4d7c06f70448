-- Facts as rows (docs/architecture.md §2): one row per fact, keyed by owner (a unit or a cadre), kind and
-- the fact's id, written by upsert; a write never rewrites the owner's other facts. Clustered by
-- the key, so an owner's rows of a kind are read as one range when its grain activates.
CREATE TABLE fact
(
    owner    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    fact_key TEXT NOT NULL,
    payload  BLOB NOT NULL,
    PRIMARY KEY (owner, kind, fact_key)
) WITHOUT ROWID;

-- An audit entry written in the transaction of its write carries the write's id, so a retried batch
-- cannot record it twice.
ALTER TABLE audit_log ADD COLUMN write_id TEXT;
CREATE UNIQUE INDEX audit_log_by_write ON audit_log (write_id);
