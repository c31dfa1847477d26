-- RakorLive's follow-up search (postgresql): a trigram index over each commitment's search text, so ?q= (LIKE '%…%')
-- reads its matches instead of every commitment. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension:
-- the database's owner may create it.
-- The index is on narrow rows beside the list, which hold what ranks and filters a match (status, due date, zone,
-- meeting): the index's matches are checked against these rows, some twenty to a page, instead of against the list's
-- wide rows, a few to a page. Kept by a trigger on rakor_follow_ups, whoever writes it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS rakor_follow_up_search_rows
(
    service_id      TEXT NOT NULL,
    action_point_id TEXT NOT NULL,
    meeting_id      TEXT NOT NULL,
    status          TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    PRIMARY KEY (service_id, action_point_id)
);

-- Without GIN's pending list (fastupdate): each write puts its trigrams into the index itself, so a search never reads
-- through the entries queued since the last vacuum (right after 50,000 commitments were written, q took 94 ms p95 until
-- autovacuum had merged them and 35 ms after; without the list, 39 ms right after, at the same seeding rate).
CREATE INDEX IF NOT EXISTS rakor_follow_up_search_rows_trigrams ON rakor_follow_up_search_rows USING gin (search_text gin_trgm_ops)
    WITH (fastupdate = off);
-- A store from before: the option set and what its list queued merged, once; later starts find the option and do nothing
-- (the schema is applied in one transaction, which would otherwise hold the index's lock to its end at every start).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass('rakor_follow_up_search_rows_trigrams') AND 'fastupdate=off' = ANY (reloptions)) THEN
        ALTER INDEX rakor_follow_up_search_rows_trigrams SET (fastupdate = off);
        PERFORM gin_clean_pending_list('rakor_follow_up_search_rows_trigrams'::regclass);
    END IF;
END;
$$;

-- The first layout searched the list's own rows, through these two.
DROP INDEX IF EXISTS rakor_follow_ups_trigrams;
DROP INDEX IF EXISTS rakor_follow_ups_search;

CREATE OR REPLACE FUNCTION rakor_follow_up_search_row() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM rakor_follow_up_search_rows WHERE service_id = OLD.service_id AND action_point_id = OLD.action_point_id;
        RETURN OLD;
    END IF;
    INSERT INTO rakor_follow_up_search_rows (service_id, action_point_id, meeting_id, status, due_date, time_zone, search_text)
    VALUES (NEW.service_id, NEW.action_point_id, NEW.meeting_id, NEW.status, NEW.due_date, NEW.time_zone, NEW.search_text)
    ON CONFLICT (service_id, action_point_id) DO UPDATE SET
        meeting_id = excluded.meeting_id, status = excluded.status, due_date = excluded.due_date,
        time_zone = excluded.time_zone, search_text = excluded.search_text;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER rakor_follow_up_search_rows_kept
AFTER INSERT OR DELETE OR UPDATE OF meeting_id, status, due_date, time_zone, search_text ON rakor_follow_ups
FOR EACH ROW EXECUTE FUNCTION rakor_follow_up_search_row();

-- Commitments written before the rows existed: copied once; afterwards the trigger keeps them and this inserts nothing.
INSERT INTO rakor_follow_up_search_rows (service_id, action_point_id, meeting_id, status, due_date, time_zone, search_text)
SELECT f.service_id, f.action_point_id, f.meeting_id, f.status, f.due_date, f.time_zone, f.search_text FROM rakor_follow_ups f
WHERE NOT EXISTS (SELECT 1 FROM rakor_follow_up_search_rows k WHERE k.service_id = f.service_id AND k.action_point_id = f.action_point_id);
