-- RakorLive's own table: the bearer-token signing key, shared by every node of a cluster
-- (a per-node key would make a token from one node useless on the others).
-- The key is created by the first node that starts; later nodes read it.
CREATE TABLE IF NOT EXISTS rakorlive_signing_key
(
    id          smallint    NOT NULL PRIMARY KEY CHECK (id = 1),
    key_base64  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
