-- RakorLive's record of the data upgrades it has applied at start-up (src/RakorLive.Storage/LegacyMigration.cs).
-- One row per upgrade and service: a second start sees it and does nothing.
CREATE TABLE IF NOT EXISTS rakorlive_migrations
(
    service_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    applied_utc TEXT NOT NULL,
    summary     TEXT NOT NULL,
    PRIMARY KEY (service_id, name)
);

-- The first release's orleans_storage rows exactly as they were, before the upgrade rewrote them in the new format
-- (the rows it does not rewrite stay in orleans_storage as they are). Nothing reads or deletes them.
CREATE TABLE IF NOT EXISTS rakorlive_legacy_storage
(
    service_id   TEXT    NOT NULL,
    state_name   TEXT    NOT NULL,
    key_n0       INTEGER NOT NULL,
    key_n1       INTEGER NOT NULL,
    key_string   TEXT    NOT NULL,
    payload      BLOB        NULL,
    version      INTEGER NOT NULL,
    modified_utc TEXT    NOT NULL,
    copied_utc   TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);
