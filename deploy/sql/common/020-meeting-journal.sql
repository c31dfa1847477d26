-- RakorLive's meeting journal (both engines: SQLite reads BIGINT as INTEGER): the event-first store of every meeting.
-- One row per command (its receipt and private facts), one row per public event, one snapshot per meeting,
-- the outbox's progress, and the index from created ids to their meeting. Rows are only ever appended,
-- except the snapshot and the outbox position, which are replaced. Payloads are the wire JSON.

CREATE TABLE IF NOT EXISTS rakor_meeting_commands
(
    service_id  TEXT    NOT NULL,
    meeting_id  TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    command_id  TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    seq         BIGINT  NOT NULL,
    recorded_at TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (service_id, meeting_id, version)
);

-- A commandId is answered once per meeting, however old it is.
CREATE UNIQUE INDEX IF NOT EXISTS rakor_meeting_commands_command
    ON rakor_meeting_commands (service_id, meeting_id, command_id);

CREATE TABLE IF NOT EXISTS rakor_meeting_events
(
    service_id  TEXT    NOT NULL,
    meeting_id  TEXT    NOT NULL,
    seq         BIGINT  NOT NULL,
    epoch       BIGINT  NOT NULL,
    version     BIGINT  NOT NULL,
    type        TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    PRIMARY KEY (service_id, meeting_id, seq)
);

CREATE INDEX IF NOT EXISTS rakor_meeting_events_version
    ON rakor_meeting_events (service_id, meeting_id, version);

CREATE TABLE IF NOT EXISTS rakor_meeting_snapshots
(
    service_id TEXT    NOT NULL,
    meeting_id TEXT    NOT NULL,
    version    BIGINT  NOT NULL,
    written_at TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    PRIMARY KEY (service_id, meeting_id)
);

CREATE TABLE IF NOT EXISTS rakor_meeting_outbox
(
    service_id TEXT    NOT NULL,
    meeting_id TEXT    NOT NULL,
    version    BIGINT  NOT NULL,
    PRIMARY KEY (service_id, meeting_id)
);

CREATE TABLE IF NOT EXISTS rakor_entity_owners
(
    service_id TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    PRIMARY KEY (service_id, entity_id)
);
