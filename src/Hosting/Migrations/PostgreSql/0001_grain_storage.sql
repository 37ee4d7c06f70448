-- Grain state for Orleans's ADO.NET grain storage provider on PostgreSQL, written for this project
-- from the provider's contract (see Migrations/Sqlite/0001_grain_storage.sql for the parameters and
-- result columns it expects). Column aliases are quoted: the provider reads them by exact name.

CREATE TABLE orleansquery
(
    querykey  text NOT NULL PRIMARY KEY,
    querytext text NOT NULL
);

CREATE TABLE grain_state
(
    service_id   text        NOT NULL,
    state_name   text        NOT NULL,
    grain_key    text        NOT NULL,
    grain_id_n0  bigint      NOT NULL,
    grain_id_n1  bigint      NOT NULL,
    payload      bytea,
    version      integer     NOT NULL,
    modified_utc timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, grain_key, grain_id_n0, grain_id_n1)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
SELECT payload AS "PayloadBinary", version AS "Version"
FROM grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_key = coalesce(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1'),

-- Insert on first write; afterwards update only when the caller holds the current version.
('WriteToStorageKey', '
INSERT INTO grain_state AS s (service_id, state_name, grain_key, grain_id_n0, grain_id_n1, payload, version)
VALUES (@ServiceId, @GrainTypeString, coalesce(@GrainIdExtensionString, ''''), @GrainIdN0, @GrainIdN1, @PayloadBinary, 1)
ON CONFLICT (service_id, state_name, grain_key, grain_id_n0, grain_id_n1) DO UPDATE
SET payload = excluded.payload, version = s.version + 1, modified_utc = now()
WHERE s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion"'),

('ClearStorageKey', '
UPDATE grain_state
SET payload = NULL, version = version + 1, modified_utc = now()
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_key = coalesce(@GrainIdExtensionString, '''') AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND version = @GrainStateVersion
RETURNING version');
