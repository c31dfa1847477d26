-- RakorLive's follow-up notifications (sqlite): what each agency was told, keyed so that each notification is raised once
-- across restarts and node loss (the key is the commitment, the kind and its due date and lead day, or the digest's
-- date), and the webhook deliveries each one owes: an outbox that every node drains, retried with backoff until
-- delivered or failed for good (the Admin sees and retries those: GET /api/notifications/deliveries?status=failed).

CREATE TABLE IF NOT EXISTS rakor_notifications
(
    service_id       TEXT    NOT NULL,
    opd              TEXT    NOT NULL,
    notification_key TEXT    NOT NULL,
    notification_id  TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    action_point_id  TEXT        NULL,
    raised_at        TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    PRIMARY KEY (service_id, opd, notification_key)
);

CREATE INDEX IF NOT EXISTS rakor_notifications_raised ON rakor_notifications (service_id, raised_at);

CREATE TABLE IF NOT EXISTS rakor_notification_deliveries
(
    service_id      TEXT    NOT NULL,
    delivery_id     TEXT    NOT NULL,
    notification_id TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    opd             TEXT    NOT NULL,
    webhook_index   INTEGER NOT NULL,
    url             TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT        NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    PRIMARY KEY (service_id, delivery_id)
);

CREATE INDEX IF NOT EXISTS rakor_notification_deliveries_due ON rakor_notification_deliveries (service_id, status, next_attempt_at);
