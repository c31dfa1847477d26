-- RakorLive's follow-up search (postgresql): a trigram index over each commitment's search text, so ?q= (LIKE '%…%')
-- reads its matches instead of every commitment. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension:
-- the database's owner may create it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS rakor_follow_ups_trigrams ON rakor_follow_ups USING gin (search_text gin_trgm_ops);
