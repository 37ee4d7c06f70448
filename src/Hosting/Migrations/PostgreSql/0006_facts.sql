-- Facts as rows (docs/architecture.md §2): one row per fact, keyed by owner (a unit or a cadre), kind and
-- the fact's id, written by upsert; a write never rewrites the owner's other facts.
CREATE TABLE fact
(
    owner    text COLLATE "C" NOT NULL,
    kind     text COLLATE "C" NOT NULL,
    fact_key text COLLATE "C" NOT NULL,
    payload  bytea NOT NULL,
    PRIMARY KEY (owner, kind, fact_key)
);

-- An audit entry written in the transaction of its write carries the write's id, so a retried batch
-- cannot record it twice.
ALTER TABLE audit_log ADD COLUMN write_id text;
CREATE UNIQUE INDEX audit_log_by_write ON audit_log (write_id);
