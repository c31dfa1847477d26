-- RakorLive's follow-up list at a province's scale (both engines): narrow indexes that hold every column the list's
-- filters and urgency order read (and the scorecards' grouping), so choosing a page or counting a filter reads the
-- index, not the commitments' payloads; only the page's own rows are then read in full.

CREATE INDEX IF NOT EXISTS rakor_follow_ups_list ON rakor_follow_ups (service_id, status, due_date, time_zone, action_point_id);
CREATE INDEX IF NOT EXISTS rakor_follow_ups_score ON rakor_follow_ups (service_id, owner_opd, status, due_date, time_zone, action_point_id);
CREATE INDEX IF NOT EXISTS rakor_follow_ups_search ON rakor_follow_ups (service_id, search_text, status, due_date, time_zone, action_point_id);
CREATE INDEX IF NOT EXISTS rakor_follow_up_opds_agency ON rakor_follow_up_opds (service_id, opd, action_point_id);
