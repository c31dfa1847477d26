-- RakorLive's follow-up loop (sqlite): what the follow-up list and the scorecards read next to rakor_follow_ups
-- (the meeting's title, the due and completion days as day numbers so lateness is plain integer arithmetic), the
-- evidence files of progress reports (bytes in the database, so every node of a cluster serves them) and the
-- agencies' calendar feed keys (hashed).

CREATE TABLE IF NOT EXISTS rakor_follow_up_details
(
    service_id      TEXT    NOT NULL,
    action_point_id TEXT    NOT NULL,
    version         INTEGER  NOT NULL,
    meeting_title   TEXT    NOT NULL,
    due_day         INTEGER  NOT NULL,
    completed_at    TEXT        NULL,
    completed_day   INTEGER      NULL,
    PRIMARY KEY (service_id, action_point_id)
);

CREATE TABLE IF NOT EXISTS rakor_evidence
(
    service_id      TEXT    NOT NULL,
    evidence_id     TEXT    NOT NULL,
    action_point_id TEXT    NOT NULL,
    meeting_id      TEXT    NOT NULL,
    sha256          TEXT    NOT NULL,
    file_name       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size            INTEGER  NOT NULL,
    uploaded_at     TEXT    NOT NULL,
    uploaded_by     TEXT    NOT NULL,
    content         BLOB   NOT NULL,
    PRIMARY KEY (service_id, evidence_id)
);

CREATE UNIQUE INDEX IF NOT EXISTS rakor_evidence_hash ON rakor_evidence (service_id, action_point_id, sha256);

CREATE TABLE IF NOT EXISTS rakor_feed_keys
(
    service_id TEXT NOT NULL,
    opd        TEXT NOT NULL,
    key_hash   TEXT NOT NULL,
    rotated_at TEXT NOT NULL,
    PRIMARY KEY (service_id, opd)
);
