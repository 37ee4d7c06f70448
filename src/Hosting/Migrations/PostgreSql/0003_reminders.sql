-- Reminders for Orleans's ADO.NET reminder provider, written for this project from the provider's
-- contract. Rows are read per grain, per name, or per range of the signed 32-bit grain hash
-- (ReadRangeRows1Key when the range does not wrap, ReadRangeRows2Key when it does); each row
-- returns GrainId, ReminderName, StartTime, Period (ms) and Version (the etag).

CREATE TABLE reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX reminders_by_hash ON reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', '
INSERT INTO reminders AS r (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET grain_hash = excluded.grain_hash, start_time = excluded.start_time, period_ms = excluded.period_ms, version = r.version + 1
RETURNING r.version AS "Version"'),

('ReadReminderRowsKey', '
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders WHERE service_id = @ServiceId AND grain_id = @GrainId'),

('ReadReminderRowKey', '
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName'),

('ReadRangeRows1Key', '
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash'),

('ReadRangeRows2Key', '
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)'),

('DeleteReminderRowKey', '
WITH deleted AS (
    DELETE FROM reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1)
SELECT count(*) > 0 FROM deleted'),

('DeleteReminderRowsKey', '
DELETE FROM reminders WHERE service_id = @ServiceId');
