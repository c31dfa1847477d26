-- RakorLive's follow-up search (sqlite): a trigram index over each commitment's search text, so ?q= (a substring, any
-- letter case) reads its matches instead of every commitment. Kept by triggers on rakor_follow_ups, whoever writes it.
-- Each commitment gets a stable integer key here: the index's rowids must survive VACUUM, which renumbers implicit rowids.
-- Beside the key, each row holds what ranks and filters a match (status, due date, zone, meeting), so a search reads
-- its matches by integer key alone and never looks each one up in rakor_follow_ups.

CREATE TABLE IF NOT EXISTS rakor_follow_up_search_rows
(
    search_id       INTEGER PRIMARY KEY,
    service_id      TEXT NOT NULL,
    action_point_id TEXT NOT NULL,
    meeting_id      TEXT NOT NULL,
    status          TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    UNIQUE (service_id, action_point_id)
);

CREATE VIRTUAL TABLE IF NOT EXISTS rakor_follow_up_search USING fts5(search_text, tokenize = 'trigram');

-- A search text of one or two characters is too short for trigrams: LIKE then reads this narrow index, not the wide rows.
CREATE INDEX IF NOT EXISTS rakor_follow_ups_search ON rakor_follow_ups (service_id, search_text, status, due_date, time_zone, action_point_id);

-- Upgrade from the first layout, whose keys held the id alone: its keys move here unchanged (the index's rowids stay
-- valid), then it goes. On a store without it the table is made empty and dropped again, which moves nothing.
DROP TRIGGER IF EXISTS rakor_follow_up_search_added;
DROP TRIGGER IF EXISTS rakor_follow_up_search_changed;
DROP TRIGGER IF EXISTS rakor_follow_up_search_removed;
CREATE TABLE IF NOT EXISTS rakor_follow_up_search_keys
(
    search_id       INTEGER PRIMARY KEY,
    service_id      TEXT NOT NULL,
    action_point_id TEXT NOT NULL,
    UNIQUE (service_id, action_point_id)
);
INSERT INTO rakor_follow_up_search_rows (search_id, service_id, action_point_id, meeting_id, status, due_date, time_zone)
SELECT k.search_id, k.service_id, k.action_point_id, f.meeting_id, f.status, f.due_date, f.time_zone
FROM rakor_follow_up_search_keys k
JOIN rakor_follow_ups f ON f.service_id = k.service_id AND f.action_point_id = k.action_point_id
WHERE true
ON CONFLICT DO NOTHING;
DROP TABLE rakor_follow_up_search_keys;

CREATE TRIGGER IF NOT EXISTS rakor_follow_up_search_row_added AFTER INSERT ON rakor_follow_ups
BEGIN
    INSERT INTO rakor_follow_up_search_rows (service_id, action_point_id, meeting_id, status, due_date, time_zone)
        VALUES (new.service_id, new.action_point_id, new.meeting_id, new.status, new.due_date, new.time_zone)
        ON CONFLICT (service_id, action_point_id) DO UPDATE SET
            meeting_id = excluded.meeting_id, status = excluded.status, due_date = excluded.due_date, time_zone = excluded.time_zone;
    DELETE FROM rakor_follow_up_search
        WHERE rowid = (SELECT search_id FROM rakor_follow_up_search_rows WHERE service_id = new.service_id AND action_point_id = new.action_point_id);
    INSERT INTO rakor_follow_up_search (rowid, search_text)
        SELECT search_id, new.search_text FROM rakor_follow_up_search_rows WHERE service_id = new.service_id AND action_point_id = new.action_point_id;
END;

CREATE TRIGGER IF NOT EXISTS rakor_follow_up_search_row_changed
AFTER UPDATE OF meeting_id, status, due_date, time_zone ON rakor_follow_ups
WHEN old.meeting_id IS NOT new.meeting_id OR old.status IS NOT new.status OR old.due_date IS NOT new.due_date OR old.time_zone IS NOT new.time_zone
BEGIN
    UPDATE rakor_follow_up_search_rows
        SET meeting_id = new.meeting_id, status = new.status, due_date = new.due_date, time_zone = new.time_zone
        WHERE service_id = new.service_id AND action_point_id = new.action_point_id;
END;

CREATE TRIGGER IF NOT EXISTS rakor_follow_up_search_text_changed AFTER UPDATE OF search_text ON rakor_follow_ups
WHEN old.search_text IS NOT new.search_text
BEGIN
    DELETE FROM rakor_follow_up_search
        WHERE rowid = (SELECT search_id FROM rakor_follow_up_search_rows WHERE service_id = new.service_id AND action_point_id = new.action_point_id);
    INSERT INTO rakor_follow_up_search (rowid, search_text)
        SELECT search_id, new.search_text FROM rakor_follow_up_search_rows WHERE service_id = new.service_id AND action_point_id = new.action_point_id;
END;

CREATE TRIGGER IF NOT EXISTS rakor_follow_up_search_row_removed AFTER DELETE ON rakor_follow_ups
BEGIN
    DELETE FROM rakor_follow_up_search
        WHERE rowid = (SELECT search_id FROM rakor_follow_up_search_rows WHERE service_id = old.service_id AND action_point_id = old.action_point_id);
    DELETE FROM rakor_follow_up_search_rows WHERE service_id = old.service_id AND action_point_id = old.action_point_id;
END;

-- Commitments written before the index existed: indexed once; afterwards the triggers keep it and these insert nothing.
INSERT INTO rakor_follow_up_search_rows (service_id, action_point_id, meeting_id, status, due_date, time_zone)
SELECT f.service_id, f.action_point_id, f.meeting_id, f.status, f.due_date, f.time_zone FROM rakor_follow_ups f
WHERE NOT EXISTS (SELECT 1 FROM rakor_follow_up_search_rows k WHERE k.service_id = f.service_id AND k.action_point_id = f.action_point_id);

INSERT INTO rakor_follow_up_search (rowid, search_text)
SELECT k.search_id, f.search_text FROM rakor_follow_up_search_rows k
JOIN rakor_follow_ups f ON f.service_id = k.service_id AND f.action_point_id = k.action_point_id
WHERE k.search_id > (SELECT COALESCE(MAX(rowid), 0) FROM rakor_follow_up_search);
