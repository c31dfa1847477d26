-- RakorLive: grain state storage for Orleans.Persistence.AdoNet (PostgreSQL).
--
-- Contract (parameters Orleans binds on every storage query):
--   @ServiceId, @GrainTypeString (in Orleans 7+ this is the *state name* of [PersistentState]),
--   @GrainIdN0, @GrainIdN1 (bigint: GUID halves / integer key), @GrainIdExtensionString (string key
--   or key extension, may be NULL), @GrainIdHash, @GrainTypeHash (unused here),
--   @GrainStateVersion (int ETag, NULL when the grain has never read a row), @PayloadBinary (bytea).
-- Result columns read by Orleans:
--   ReadFromStorageKey -> "PayloadBinary" (bytea or NULL), "Version"; zero or one row.
--   WriteToStorageKey  -> "NewGrainStateVersion"; no row means "ETag conflict".
--   ClearStorageKey    -> first column = new version; no row means "ETag conflict".
--   DeleteStorageKey   -> first column = deleted version + 1 (never equal to the old ETag).
--
-- The grain type is not part of the key Orleans hands us, so two grain classes that use the
-- same state name and the same primary key share a row: give each grain class its own state name.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id   text        NOT NULL,
    state_name   text        NOT NULL,
    key_n0       bigint      NOT NULL,
    key_n1       bigint      NOT NULL,
    -- '' instead of NULL so that the primary key stays unique (NULLs never collide).
    key_string   text        NOT NULL DEFAULT '',
    payload      bytea           NULL,
    version      integer     NOT NULL,
    modified_utc timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleans_storage PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $q$
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
FROM orleans_storage AS s
WHERE s.service_id = @ServiceId
  AND s.state_name = @GrainTypeString
  AND s.key_n0 = @GrainIdN0
  AND s.key_n1 = @GrainIdN1
  AND s.key_string = COALESCE(@GrainIdExtensionString, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Write: the first-ever write inserts (version 1) and fails on an existing row; later writes
-- update only when the row is still at the grain's ETag. Under READ COMMITTED, a concurrent
-- writer that changed the row first makes the "version = @GrainStateVersion" re-check fail, so
-- exactly one of two racing activations wins; the loser gets no row back (ETag conflict).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage AS s
    SET payload = @PayloadBinary, version = s.version + 1, modified_utc = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.service_id = @ServiceId
      AND s.state_name = @GrainTypeString
      AND s.key_n0 = @GrainIdN0
      AND s.key_n1 = @GrainIdN1
      AND s.key_string = COALESCE(@GrainIdExtensionString, '')
      AND s.version = @GrainStateVersion
    RETURNING s.version
), inserted AS (
    INSERT INTO orleans_storage (service_id, state_name, key_n0, key_n1, key_string, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, state_name, key_n0, key_n1, key_string) DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Clear keeps the row (payload NULL) and bumps the version, so the ETag stays meaningful.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $q$
UPDATE orleans_storage AS s
SET payload = NULL, version = s.version + 1, modified_utc = now()
WHERE s.service_id = @ServiceId
  AND s.state_name = @GrainTypeString
  AND s.key_n0 = @GrainIdN0
  AND s.key_n1 = @GrainIdN1
  AND s.key_string = COALESCE(@GrainIdExtensionString, '')
  AND s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear = true.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $q$
DELETE FROM orleans_storage AS s
WHERE s.service_id = @ServiceId
  AND s.state_name = @GrainTypeString
  AND s.key_n0 = @GrainIdN0
  AND s.key_n1 = @GrainIdN1
  AND s.key_string = COALESCE(@GrainIdExtensionString, '')
  AND s.version = @GrainStateVersion
RETURNING s.version + 1 AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
