-- RakorLive: Orleans ADO.NET query catalogue (SQLite).
--
-- Orleans does not embed SQL: every ADO.NET provider loads its statements at start-up with
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and runs them with named parameters (@ServiceId, @GrainId, ...). The later scripts upsert
-- their rows here, so re-running them replaces the text of a query with the current one.
--
-- Idempotent: safe to run on every start-up (the server does so, see Storage/SchemaInstaller.cs).
-- Journal mode (WAL) and the busy timeout are connection-level settings applied by the installer,
-- not here, because PRAGMA journal_mode cannot change inside a transaction.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
