-- The objection service's own tables (第十四条). Nothing here is read by another service.

-- Read model of integrity.credit-events.v1: which facts exist, whose they are, who provided them.
CREATE TABLE facts (
    event_id     text        PRIMARY KEY,
    unit_id      text        NOT NULL,
    indicator    text        NOT NULL,
    provider_org text        NOT NULL,
    recorded_at  timestamptz NOT NULL,
    -- set in the transaction that approves a DELETE remedy
    retracted    boolean     NOT NULL DEFAULT false
);

-- The current state of each objection (the rules library's Objection record).
CREATE TABLE objections (
    objection_id       text        PRIMARY KEY,
    event_id           text        NOT NULL REFERENCES facts (event_id),
    unit_id            text        NOT NULL,
    indicator          text        NOT NULL,
    provider_org       text        NOT NULL,
    status             text        NOT NULL,
    reason             text        NOT NULL,
    filed_at           timestamptz NOT NULL,
    due_on             date        NOT NULL,
    overdue            boolean     NOT NULL DEFAULT false,
    proposed_remedy    text,
    amended_outcome    text,
    amended_points     numeric(9, 2),
    amended_occurred_on date,
    updated_at         timestamptz NOT NULL
);

-- At most one open objection per fact (SCORING.md §7.1), also against concurrent requests and instances.
CREATE UNIQUE INDEX objections_one_open_per_fact ON objections (event_id)
    WHERE status IN ('AWAITING_PROVIDER', 'AWAITING_REVIEW');
CREATE INDEX objections_unit ON objections (unit_id, filed_at DESC);
CREATE INDEX objections_provider ON objections (provider_org, filed_at DESC);
CREATE INDEX objections_due ON objections (due_on) WHERE status = 'AWAITING_PROVIDER' AND NOT overdue;

-- Every step with who did it and when (第十四条.4); append-only.
CREATE TABLE objection_history (
    objection_id text        NOT NULL REFERENCES objections (objection_id),
    seq          int         NOT NULL,
    step         text        NOT NULL,
    by_subject   text        NOT NULL,
    by_org       text        NOT NULL,
    at           timestamptz NOT NULL,
    text         text,
    details      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (objection_id, seq)
);

-- Transactional outbox: written with the state, relayed to Kafka in id order.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    topic      text      NOT NULL,
    record_key text      NOT NULL,
    payload    bytea     NOT NULL
);

-- Where the relay's acknowledged records end, per partition, committed with the deletion of the outbox rows: on
-- the next run, records past these positions that carry this database's origin were published by a relay that
-- died before its commit, and are not published again.
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
