-- RakorLive's follow-up read model (both engines: SQLite reads BIGINT as INTEGER): one row per commitment across every meeting, and one row per agency it
-- names (lead or support). Written only by the meetings' outboxes, never to an older version of a commitment; an
-- agency's ledger and the follow-up list are queries over these tables.

CREATE TABLE IF NOT EXISTS rakor_follow_ups
(
    service_id       TEXT    NOT NULL,
    action_point_id  TEXT    NOT NULL,
    version          BIGINT  NOT NULL,
    meeting_id       TEXT    NOT NULL,
    agenda_item_id   TEXT        NULL,
    owner_opd        TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    due_date         TEXT    NOT NULL,
    time_zone        TEXT    NOT NULL,
    progress_percent BIGINT  NOT NULL,
    carried_count    BIGINT  NOT NULL,
    updated_at       TEXT    NOT NULL,
    search_text      TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    PRIMARY KEY (service_id, action_point_id)
);

CREATE INDEX IF NOT EXISTS rakor_follow_ups_meeting ON rakor_follow_ups (service_id, meeting_id);

CREATE TABLE IF NOT EXISTS rakor_follow_up_opds
(
    service_id      TEXT NOT NULL,
    action_point_id TEXT NOT NULL,
    opd             TEXT NOT NULL,
    role            TEXT NOT NULL,
    PRIMARY KEY (service_id, action_point_id, opd)
);

CREATE INDEX IF NOT EXISTS rakor_follow_up_opds_opd ON rakor_follow_up_opds (service_id, opd);
