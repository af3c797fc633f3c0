-- The outbox is relayed exactly once, as the objection service's is (service-support's OutboxRelay): each record
-- carries this database's origin and its row id, and the transaction that deletes the acknowledged rows stores where
-- the relay's records end per partition. On the next run, records past these positions that carry this origin were
-- published by a relay that died before its commit, and are not published again. A replay's switch-over carries the
-- origin, the positions and the unpublished rows (with their ids) into the replayed schema.
CREATE TABLE outbox_positions (
    topic       text   NOT NULL,
    partition   int    NOT NULL,
    next_offset bigint NOT NULL,
    PRIMARY KEY (topic, partition)
);

CREATE TABLE outbox_origin (
    origin text NOT NULL
);
INSERT INTO outbox_origin VALUES (md5(random()::text || clock_timestamp()::text));
