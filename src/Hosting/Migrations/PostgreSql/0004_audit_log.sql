-- Who changed what: one row per accepted write (docs/architecture.md §7). target_path is the target unit's
-- path from the root ("/540300000000/…/unit/"), so a unit's subtree is a range of paths.
CREATE TABLE audit_log
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_utc      text NOT NULL,
    actor       text NOT NULL,
    role        text NOT NULL,
    actor_unit  text NOT NULL,
    action      text NOT NULL,
    target_unit text NOT NULL,
    target_path text COLLATE "C" NOT NULL,
    target      text,
    request_id  text NOT NULL,
    outcome     text NOT NULL
);

CREATE INDEX audit_log_by_path ON audit_log (target_path, id);
