-- RakorLive's follow-up list of one agency (both engines): each agency a commitment names (lead or support), with the
-- commitment's status, due date and zone, so the agency's list pages through its own lanes of the urgency order
-- (src/RakorLive.Storage/AdoNetFollowUpQueries.cs) like the whole list does. Written by the read model with
-- rakor_follow_up_opds, in the same transaction.

CREATE TABLE IF NOT EXISTS rakor_follow_up_agency_lanes
(
    service_id      TEXT NOT NULL,
    action_point_id TEXT NOT NULL,
    opd             TEXT NOT NULL,
    status          TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    PRIMARY KEY (service_id, action_point_id, opd)
);

CREATE INDEX IF NOT EXISTS rakor_follow_up_agency_lanes_order ON rakor_follow_up_agency_lanes (service_id, opd, status, due_date, action_point_id, time_zone);

-- Commitments written before this table existed: copied once; afterwards this inserts nothing.
INSERT INTO rakor_follow_up_agency_lanes (service_id, action_point_id, opd, status, due_date, time_zone)
SELECT o.service_id, o.action_point_id, o.opd, f.status, f.due_date, f.time_zone
FROM rakor_follow_up_opds o
JOIN rakor_follow_ups f ON f.service_id = o.service_id AND f.action_point_id = o.action_point_id
WHERE NOT EXISTS (SELECT 1 FROM rakor_follow_up_agency_lanes a
                  WHERE a.service_id = o.service_id AND a.action_point_id = o.action_point_id AND a.opd = o.opd);
