-- RakorLive's scorecards at a province's scale (both engines; SQLite reads BIGINT as INTEGER): one narrow row per commitment
-- with everything a scorecard counts, so a ranking is one pass over small rows instead of a join per commitment. Written by
-- the follow-up read model in the same transaction as rakor_follow_ups (src/RakorLive.Storage/AdoNetFollowUpStore.cs).

CREATE TABLE IF NOT EXISTS rakor_follow_up_scores
(
    service_id      TEXT   NOT NULL,
    action_point_id TEXT   NOT NULL,
    owner_opd       TEXT   NOT NULL,
    status          TEXT   NOT NULL,
    due_date        TEXT   NOT NULL,
    time_zone       TEXT   NOT NULL,
    due_day         BIGINT NOT NULL,
    completed_day   BIGINT     NULL,
    PRIMARY KEY (service_id, action_point_id)
);

CREATE INDEX IF NOT EXISTS rakor_follow_up_scores_period ON rakor_follow_up_scores (service_id, due_date);

-- Commitments written before this table existed: copied once; afterwards every row is already here and this inserts nothing.
INSERT INTO rakor_follow_up_scores (service_id, action_point_id, owner_opd, status, due_date, time_zone, due_day, completed_day)
SELECT f.service_id, f.action_point_id, f.owner_opd, f.status, f.due_date, f.time_zone, d.due_day, d.completed_day
FROM rakor_follow_ups f
JOIN rakor_follow_up_details d ON d.service_id = f.service_id AND d.action_point_id = f.action_point_id
WHERE NOT EXISTS (SELECT 1 FROM rakor_follow_up_scores s WHERE s.service_id = f.service_id AND s.action_point_id = f.action_point_id);

-- How many commitments share a status, a due date and a zone: what a page of the follow-up list counts for its total
-- (every lane of AdoNetFollowUpQueries is a range of this key), kept by the same writer in the same transaction, so a
-- total is a sum over a few hundred rows instead of a walk over every commitment.
CREATE TABLE IF NOT EXISTS rakor_follow_up_counts
(
    service_id TEXT   NOT NULL,
    status     TEXT   NOT NULL,
    due_date   TEXT   NOT NULL,
    time_zone  TEXT   NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (service_id, status, due_date, time_zone)
);

-- A store from before this table: counted once per service; afterwards the writer keeps the counts.
INSERT INTO rakor_follow_up_counts (service_id, status, due_date, time_zone, n)
SELECT f.service_id, f.status, f.due_date, f.time_zone, COUNT(*)
FROM rakor_follow_ups f
WHERE NOT EXISTS (SELECT 1 FROM rakor_follow_up_counts c WHERE c.service_id = f.service_id)
GROUP BY f.service_id, f.status, f.due_date, f.time_zone;

-- The scorecards group by agency and status: in this order the pass needs no sort.
CREATE INDEX IF NOT EXISTS rakor_follow_up_scores_agency ON rakor_follow_up_scores (service_id, owner_opd, status, time_zone, due_date, due_day, completed_day);
