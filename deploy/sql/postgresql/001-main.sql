-- RakorLive: Orleans ADO.NET query catalogue (PostgreSQL, invariant "Npgsql").
--
-- Orleans does not embed SQL: every ADO.NET provider loads its statements at start-up with
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- (unquoted, so PostgreSQL folds it to orleansquery/querykey/querytext; Npgsql matches the column
-- names case-insensitively). The later scripts upsert their rows here, so re-running them replaces
-- the text of a query with the current one.
--
-- Idempotent: safe to run on every start-up. The server runs all scripts in one transaction under
-- a transaction-level advisory lock (see Storage/SchemaInstaller.cs), so nodes starting together
-- do not race on CREATE ... IF NOT EXISTS.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
