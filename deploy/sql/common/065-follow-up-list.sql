-- RakorLive's follow-up list at a province's scale (both engines): narrow indexes that hold every column the list's
-- filters and urgency order read, so choosing a page or counting a filter reads the
-- index, not the commitments' payloads; only the page's own rows are then read in full.

-- The urgency order: one status in due-date order, ties by id, is one range of this index (a "lane" of AdoNetFollowUpQueries),
-- so a page of the list is a merge of a few ranges that stops at the page's last row.
CREATE INDEX IF NOT EXISTS rakor_follow_ups_order ON rakor_follow_ups (service_id, status, due_date, action_point_id, time_zone);
-- Earlier indexes that a prefix of these now serves, or that nothing reads any more: each one only slowed the writes.
DROP INDEX IF EXISTS rakor_follow_ups_list;
DROP INDEX IF EXISTS rakor_follow_ups_due;
DROP INDEX IF EXISTS rakor_follow_ups_owner;
DROP INDEX IF EXISTS rakor_follow_ups_due_only;
-- The scorecards read their own narrow rows (066); the search reads its rows beside its trigram index (*/067).
DROP INDEX IF EXISTS rakor_follow_ups_score;
-- What ranking reads of a commitment found through its agency (rakor_follow_up_opds), without reading its row.
CREATE INDEX IF NOT EXISTS rakor_follow_ups_rank ON rakor_follow_ups (service_id, action_point_id, status, due_date, time_zone);
CREATE INDEX IF NOT EXISTS rakor_follow_up_opds_agency ON rakor_follow_up_opds (service_id, opd, action_point_id);
