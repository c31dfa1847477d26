-- RakorLive's follow-up search (sqlite): a trigram index over each commitment's search text, so ?q= (a substring, any
-- letter case) reads its matches instead of every commitment. Kept by triggers on rakor_follow_ups, whoever writes it.
-- Each commitment gets a stable integer key here: the index's rowids must survive VACUUM, which renumbers implicit rowids.

CREATE TABLE IF NOT EXISTS rakor_follow_up_search_keys
(
    search_id       INTEGER PRIMARY KEY,
    service_id      TEXT NOT NULL,
    action_point_id TEXT NOT NULL,
    UNIQUE (service_id, action_point_id)
);

CREATE VIRTUAL TABLE IF NOT EXISTS rakor_follow_up_search USING fts5(search_text, tokenize = 'trigram');

CREATE TRIGGER IF NOT EXISTS rakor_follow_up_search_added AFTER INSERT ON rakor_follow_ups
BEGIN
    INSERT INTO rakor_follow_up_search_keys (service_id, action_point_id) VALUES (new.service_id, new.action_point_id)
        ON CONFLICT (service_id, action_point_id) DO NOTHING;
    DELETE FROM rakor_follow_up_search
        WHERE rowid = (SELECT search_id FROM rakor_follow_up_search_keys WHERE service_id = new.service_id AND action_point_id = new.action_point_id);
    INSERT INTO rakor_follow_up_search (rowid, search_text)
        SELECT search_id, new.search_text FROM rakor_follow_up_search_keys WHERE service_id = new.service_id AND action_point_id = new.action_point_id;
END;

CREATE TRIGGER IF NOT EXISTS rakor_follow_up_search_changed AFTER UPDATE OF search_text ON rakor_follow_ups
WHEN old.search_text IS NOT new.search_text
BEGIN
    DELETE FROM rakor_follow_up_search
        WHERE rowid = (SELECT search_id FROM rakor_follow_up_search_keys WHERE service_id = new.service_id AND action_point_id = new.action_point_id);
    INSERT INTO rakor_follow_up_search (rowid, search_text)
        SELECT search_id, new.search_text FROM rakor_follow_up_search_keys WHERE service_id = new.service_id AND action_point_id = new.action_point_id;
END;

CREATE TRIGGER IF NOT EXISTS rakor_follow_up_search_removed AFTER DELETE ON rakor_follow_ups
BEGIN
    DELETE FROM rakor_follow_up_search
        WHERE rowid = (SELECT search_id FROM rakor_follow_up_search_keys WHERE service_id = old.service_id AND action_point_id = old.action_point_id);
    DELETE FROM rakor_follow_up_search_keys WHERE service_id = old.service_id AND action_point_id = old.action_point_id;
END;

-- Commitments written before the index existed: indexed once; afterwards the triggers keep it and these insert nothing.
INSERT INTO rakor_follow_up_search_keys (service_id, action_point_id)
SELECT f.service_id, f.action_point_id FROM rakor_follow_ups f
WHERE NOT EXISTS (SELECT 1 FROM rakor_follow_up_search_keys k WHERE k.service_id = f.service_id AND k.action_point_id = f.action_point_id);

INSERT INTO rakor_follow_up_search (rowid, search_text)
SELECT k.search_id, f.search_text FROM rakor_follow_up_search_keys k
JOIN rakor_follow_ups f ON f.service_id = k.service_id AND f.action_point_id = k.action_point_id
WHERE k.search_id > (SELECT COALESCE(MAX(rowid), 0) FROM rakor_follow_up_search);
