-- RakorLive's follow-up generation (both engines): one counter that every change of the read model raises in the same
-- transaction (src/RakorLive.Storage/AdoNetFollowUpStore.cs), so a node may keep what it derived from the read model (the
-- scorecards) for as long as the counter it read with it still holds, and every node sees a change at its next read.
-- A counter, not data: a node starts with nothing kept, so applying the schema leaves it as it is (and a restored backup
-- holds the same value as its source).

CREATE TABLE IF NOT EXISTS rakor_follow_up_generation
(
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);

INSERT INTO rakor_follow_up_generation (id, generation) VALUES (1, 1)
ON CONFLICT (id) DO NOTHING;
