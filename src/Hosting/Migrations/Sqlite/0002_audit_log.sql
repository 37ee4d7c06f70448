-- Who changed what: one row per accepted write (docs/architecture.md §7). target_path is the target unit's
-- path from the root ("/540300000000/…/unit/"), so a unit's subtree is a range of paths.
CREATE TABLE audit_log
(
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at_utc      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    actor_unit  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_unit TEXT NOT NULL,
    target_path TEXT NOT NULL,
    target      TEXT,
    request_id  TEXT NOT NULL,
    outcome     TEXT NOT NULL
);

CREATE INDEX audit_log_by_path ON audit_log (target_path, id);
