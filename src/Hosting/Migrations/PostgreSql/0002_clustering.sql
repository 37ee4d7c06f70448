-- Cluster membership for Orleans's ADO.NET clustering provider, written for this project from the
-- provider's contract. The provider keeps one version row per deployment (cluster id) and changes
-- a member row only together with a bump of that version, from the version it last read; the two
-- functions below do both under the version row's lock, so concurrent silos cannot both win.
-- Parameters: @DeploymentId, @Address, @Port, @Generation (the silo address), @SiloName, @HostName,
-- @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime, @Version. Reads return the table
-- version in "Version" on every row (one row with no member when the table is empty).

CREATE TABLE membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_utc   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership
(
    deployment_id   text        NOT NULL REFERENCES membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Takes the next membership version if the caller read the current one; the row stays locked
-- until the transaction ends, so the member change below cannot race another silo's.
CREATE FUNCTION changdu_bump_membership_version(p_deployment text, p_version integer)
RETURNS boolean LANGUAGE sql AS $$
    WITH bumped AS (
        UPDATE membership_version SET version = version + 1, changed_utc = now()
        WHERE deployment_id = p_deployment AND version = p_version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM bumped)
$$;

CREATE FUNCTION changdu_insert_member(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
    p_status integer, p_proxy_port integer, p_start_time timestamptz, p_i_am_alive timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF NOT changdu_bump_membership_version(p_deployment, p_version) THEN
        RETURN false;
    END IF;
    INSERT INTO membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start_time, p_i_am_alive)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = 'membership row exists';
    END IF;
    RETURN true;
EXCEPTION WHEN unique_violation THEN
    RETURN false; -- the version bump above is rolled back with the block
END $$;

CREATE FUNCTION changdu_update_member(
    p_deployment text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF NOT changdu_bump_membership_version(p_deployment, p_version) THEN
        RETURN false;
    END IF;
    UPDATE membership SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive
    WHERE deployment_id = p_deployment AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'no such membership row';
    END IF;
    RETURN true;
EXCEPTION WHEN no_data_found THEN
    RETURN false;
END $$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO membership_version (deployment_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*) > 0 FROM inserted'),

('UpdateIAmAlivetimeKey', '
UPDATE membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),

('InsertMembershipKey', '
SELECT changdu_insert_member(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                             @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)'),

('UpdateMembershipKey', '
SELECT changdu_update_member(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)'),

('MembershipReadRowKey', '
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM membership_version v
LEFT JOIN membership m ON m.deployment_id = v.deployment_id
    AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId'),

('MembershipReadAllKey', '
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM membership_version v
LEFT JOIN membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId'),

('GatewaysQueryKey', '
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM membership_version WHERE deployment_id = @DeploymentId'),

-- Dead silos (status 6) whose last sign of life is older than the cut-off.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime'),

-- One dead silo, only if nothing about it changed since the provider read it.
('CleanupDefunctSiloEntryKey', '
DELETE FROM membership
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6 AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND suspect_times IS NOT DISTINCT FROM @SuspectTimes');
