-- RakorLive's record of the data upgrades it has applied at start-up (src/RakorLive.Storage/LegacyMigration.cs).
-- One row per upgrade and service: a second start (or another node) sees it and does nothing.
CREATE TABLE IF NOT EXISTS rakorlive_migrations
(
    service_id  text        NOT NULL,
    name        text        NOT NULL,
    applied_utc timestamptz NOT NULL DEFAULT now(),
    summary     text        NOT NULL,
    CONSTRAINT pk_rakorlive_migrations PRIMARY KEY (service_id, name)
);

-- The first release's orleans_storage rows exactly as they were, before the upgrade rewrote them in the new format
-- (the rows it does not rewrite stay in orleans_storage as they are). Nothing reads or deletes them.
CREATE TABLE IF NOT EXISTS rakorlive_legacy_storage
(
    service_id   text        NOT NULL,
    state_name   text        NOT NULL,
    key_n0       bigint      NOT NULL,
    key_n1       bigint      NOT NULL,
    key_string   text        NOT NULL,
    payload      bytea           NULL,
    version      integer     NOT NULL,
    modified_utc timestamptz NOT NULL,
    copied_utc   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_rakorlive_legacy_storage PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);
