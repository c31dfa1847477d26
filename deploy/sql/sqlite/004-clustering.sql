-- RakorLive: membership table for Orleans.Clustering.AdoNet (SQLite).
--
-- Optional: the single-node default uses localhost clustering and never reads these rows. They let
-- several silo processes on ONE machine share the database file as their membership table.
--
-- Contract: parameters @DeploymentId (the ClusterId), @Address/@Port/@Generation (silo address),
-- @SiloName, @HostName, @Status (SiloStatus as int: 3 = Active, 6 = Dead), @ProxyPort,
-- @SuspectTimes (text or NULL), @StartTime, @IAmAliveTime (UTC), @Version (expected table version).
-- Read queries must return at least one row (the version row) with column Version, plus the member
-- columns (NULL StartTime = "no member"). Insert/Update/InsertVersion return one boolean column.
--
-- Membership is optimistic on the table version: a member insert or status update succeeds only if
-- the version still equals @Version, and then bumps it. SQLite has no data-modifying CTEs, so the
-- bump is done by triggers: they run inside the same statement, which SQLite executes atomically
-- under its single write lock.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id TEXT    NOT NULL PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 0,
    updated_utc   TEXT    NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    port            INTEGER NOT NULL,
    generation      INTEGER NOT NULL,
    silo_name       TEXT    NOT NULL,
    host_name       TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    proxy_port      INTEGER NOT NULL,
    suspect_times   TEXT        NULL,
    start_time      TEXT    NOT NULL,
    i_am_alive_time TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Dropped and re-created so that a changed body reaches existing databases.
DROP TRIGGER IF EXISTS trg_orleans_membership_inserted;
CREATE TRIGGER trg_orleans_membership_inserted AFTER INSERT ON orleans_membership
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, updated_utc = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE deployment_id = NEW.deployment_id;
END;

-- Only status/suspicion changes are versioned; I-am-alive heartbeats touch i_am_alive_time alone.
DROP TRIGGER IF EXISTS trg_orleans_membership_status_changed;
CREATE TRIGGER trg_orleans_membership_status_changed AFTER UPDATE OF status, suspect_times ON orleans_membership
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, updated_utc = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE deployment_id = NEW.deployment_id;
END;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', '
INSERT INTO orleans_membership_version (deployment_id, version, updated_utc)
VALUES (@DeploymentId, 0, strftime(''%Y-%m-%d %H:%M:%f'', ''now''))
ON CONFLICT (deployment_id) DO NOTHING;
SELECT changes() > 0 AS Created;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', '
SELECT v.version AS Version,
       m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status,
       m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
       m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', '
SELECT v.version AS Version,
       m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status,
       m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
       m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The SELECT yields the row only while the table version is the expected one; the insert trigger
-- then bumps it. An already present member is a failure (DO NOTHING -> changes() = 0).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', '
INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                status, proxy_port, suspect_times, start_time, i_am_alive_time)
SELECT @DeploymentId, @Address, @Port, @Generation, COALESCE(@SiloName, ''''), @HostName,
       @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
WHERE EXISTS (SELECT 1 FROM orleans_membership_version
              WHERE deployment_id = @DeploymentId AND version = @Version)
ON CONFLICT (deployment_id, address, port, generation) DO NOTHING;
SELECT changes() > 0 AS Inserted;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', '
UPDATE orleans_membership
SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND EXISTS (SELECT 1 FROM orleans_membership_version
              WHERE deployment_id = @DeploymentId AND version = @Version);
SELECT changes() > 0 AS Updated;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', '
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Removes silos that are Dead (6) and silent since before @IAmAliveTime. julianday() compares the
-- instants, whatever the text precision of the stored value.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND julianday(i_am_alive_time) < julianday(@IAmAliveTime);
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
