-- RakorLive's audit record (both engines): one row per state-changing request that changed something, per refused
-- attempt (401, 403, 409, 429) and per sign-in. Rows are only ever inserted; no statement of the server updates or
-- deletes them. Times are UTC ISO 8601 with 7 fractional digits, so text order is time order.

CREATE TABLE IF NOT EXISTS rakor_audit
(
    service_id      TEXT    NOT NULL,
    audit_id        TEXT    NOT NULL,
    occurred_at     TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    display_name    TEXT    NOT NULL,
    role            TEXT        NULL,
    opd             TEXT        NULL,
    method          TEXT    NOT NULL,
    route           TEXT    NOT NULL,
    entity_ids      TEXT    NOT NULL,
    meeting_id      TEXT        NULL,
    command_id      TEXT        NULL,
    outcome         TEXT    NOT NULL,
    status          BIGINT  NOT NULL,
    client_address  TEXT        NULL,
    -- actor, meeting (or route) and commandId of a change: a retried command is recorded once. NULL (never unique) for
    -- refused attempts, which are each kept.
    idempotency_key TEXT        NULL,
    PRIMARY KEY (service_id, audit_id)
);

CREATE UNIQUE INDEX IF NOT EXISTS rakor_audit_idempotency ON rakor_audit (service_id, idempotency_key);
CREATE INDEX IF NOT EXISTS rakor_audit_time ON rakor_audit (service_id, occurred_at);
CREATE INDEX IF NOT EXISTS rakor_audit_meeting ON rakor_audit (service_id, meeting_id, occurred_at);
CREATE INDEX IF NOT EXISTS rakor_audit_opd ON rakor_audit (service_id, opd, occurred_at);
CREATE INDEX IF NOT EXISTS rakor_audit_actor ON rakor_audit (service_id, actor, occurred_at);
