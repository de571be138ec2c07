-- One counter every node polls to learn that something the gateway caches (keys, repositories, configurations,
-- policies, organization settings) changed; bumped in the same transaction as the change.
CREATE TABLE change_feed (
    id       INTEGER PRIMARY KEY,
    version  BIGINT  NOT NULL
);
INSERT INTO change_feed (id, version) VALUES (1, 0);
