-- Grain state for Orleans's ADO.NET grain storage provider on SQLite, written for this project from
-- the provider's contract: it reads its three statements from OrleansQuery by key, binds
-- @ServiceId, @GrainTypeString (the state name), @GrainIdN0, @GrainIdN1, @GrainIdExtensionString
-- (the string key), @GrainStateVersion and @PayloadBinary, and expects the columns PayloadBinary and
-- Version from a read and NewGrainStateVersion from a write. A write that returns no row means the
-- caller's version was stale; the provider then raises InconsistentStateException.

CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE grain_state
(
    service_id   TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    grain_id_n0  INTEGER NOT NULL,
    grain_id_n1  INTEGER NOT NULL,
    grain_key    TEXT    NOT NULL,
    payload      BLOB,
    version      INTEGER NOT NULL,
    modified_utc TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, grain_key, grain_id_n0, grain_id_n1)
) WITHOUT ROWID;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_key = ifnull(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1;'),

-- Insert on first write; afterwards update only when the caller holds the current version.
('WriteToStorageKey', '
INSERT INTO grain_state (service_id, state_name, grain_key, grain_id_n0, grain_id_n1, payload, version, modified_utc)
VALUES (@ServiceId, @GrainTypeString, ifnull(@GrainIdExtensionString, ''''), @GrainIdN0, @GrainIdN1, @PayloadBinary, 1,
        strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''))
ON CONFLICT (service_id, state_name, grain_key, grain_id_n0, grain_id_n1) DO UPDATE
SET payload = excluded.payload, version = grain_state.version + 1, modified_utc = excluded.modified_utc
WHERE grain_state.version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;'),

('ClearStorageKey', '
UPDATE grain_state
SET payload = NULL, version = version + 1, modified_utc = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_key = ifnull(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND version = @GrainStateVersion
RETURNING version;');
