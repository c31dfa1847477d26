-- RakorLive: grain state storage for Orleans.Persistence.AdoNet (SQLite).
--
-- Contract (parameters Orleans binds on every storage query):
--   @ServiceId, @GrainTypeString (in Orleans 7+ this is the *state name* of [PersistentState]),
--   @GrainIdN0, @GrainIdN1 (GUID halves / integer key), @GrainIdExtensionString (string key or
--   key extension, may be NULL), @GrainIdHash, @GrainTypeHash (unused here),
--   @GrainStateVersion (the grain's ETag as int, NULL when it has never read a row),
--   @PayloadBinary (serialized state, write only).
-- Result columns read by Orleans:
--   ReadFromStorageKey -> PayloadBinary (BLOB or NULL), Version; zero or one row.
--   WriteToStorageKey  -> NewGrainStateVersion; no row means "ETag conflict".
--   ClearStorageKey    -> first column = new version; no row means "ETag conflict".
--   DeleteStorageKey   -> first column = deleted version + 1 (never equal to the old ETag).
--
-- The grain type is not part of the key Orleans hands us, so two grain classes that use the
-- same state name and the same primary key share a row: give each grain class its own state name.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id   TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    key_n0       INTEGER NOT NULL,
    key_n1       INTEGER NOT NULL,
    -- '' instead of NULL so that the primary key stays unique (NULLs never collide in SQLite).
    key_string   TEXT    NOT NULL DEFAULT '',
    payload      BLOB        NULL,
    version      INTEGER NOT NULL,
    modified_utc TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);

-- Read: at most one row thanks to the primary key.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT s.payload AS PayloadBinary,
       s.version AS Version
FROM orleans_storage AS s
WHERE s.service_id = @ServiceId
  AND s.state_name = @GrainTypeString
  AND s.key_n0 = @GrainIdN0
  AND s.key_n1 = @GrainIdN1
  AND s.key_string = COALESCE(@GrainIdExtensionString, '''');
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Write: one UPSERT statement, so SQLite runs it under its single write lock and no second
-- writer can slip in between the version check and the change.
--   * ETag NULL and no row      -> insert version 1.
--   * ETag NULL and a row        -> conflict (the DO UPDATE guard compares with NULL: false).
--   * ETag N and row at N        -> update to N+1.
--   * ETag N and row at M <> N   -> conflict; ETag N and no row -> SELECT yields nothing.
-- RETURNING yields a row only when a row was really inserted or updated.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO orleans_storage (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_utc)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       @PayloadBinary, 1, strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM orleans_storage AS e
              WHERE e.service_id = @ServiceId
                AND e.state_name = @GrainTypeString
                AND e.key_n0 = @GrainIdN0
                AND e.key_n1 = @GrainIdN1
                AND e.key_string = COALESCE(@GrainIdExtensionString, ''''))
ON CONFLICT (service_id, state_name, key_n0, key_n1, key_string) DO UPDATE
    SET payload      = excluded.payload,
        version      = orleans_storage.version + 1,
        modified_utc = excluded.modified_utc
    WHERE orleans_storage.version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Clear keeps the row (payload NULL) and bumps the version, so the ETag stays meaningful.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE orleans_storage
SET payload = NULL,
    version = version + 1,
    modified_utc = strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0
  AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear = true.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0
  AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
