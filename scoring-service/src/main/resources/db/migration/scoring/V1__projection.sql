-- The scoring projection. Everything here can be rebuilt from the topics (replay); the consumed offsets live in the
-- same schema and are written in the same transaction as the rows they produced (exactly-once into the database).

-- One row: which build of the projection this schema holds. A replay builds a new schema and swaps it in; a
-- consumer that sees another generation re-reads its positions from consumer_offsets.
CREATE TABLE meta (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation text        NOT NULL,
    built_by   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO meta (generation, built_by) VALUES (md5(random()::text || clock_timestamp()::text), 'live');

-- The next offset to read per topic partition.
CREATE TABLE consumer_offsets (
    topic           text   NOT NULL,
    kafka_partition int    NOT NULL,
    next_offset     bigint NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);

-- Unit registrations (integrity.units.v1), latest per unit.
CREATE TABLE units (
    unit_id       text        PRIMARY KEY,
    name          text        NOT NULL,
    active        boolean     NOT NULL,
    registered_at timestamptz NOT NULL
);

-- The facts that matter for scoring, without personal data: credit facts (C), debtor listings (L) and approved
-- corrections (X). Credit facts leave this table when they reach five-year retention (第八条).
CREATE TABLE unit_facts (
    unit_id         text        NOT NULL,
    fact_id         text        NOT NULL,
    kind            char(1)     NOT NULL CHECK (kind IN ('C', 'L', 'X')),
    target_event_id text,
    indicator       text,
    outcome         text,
    points          numeric(9, 2),
    period          text,
    occurred_on     date,
    recorded_at     timestamptz NOT NULL,
    provider_org    text,
    case_number     text,
    listing_status  text,
    correction_kind text,
    PRIMARY KEY (unit_id, kind, fact_id)
);
CREATE INDEX unit_facts_by_occurrence ON unit_facts (occurred_on) WHERE kind = 'C';

-- Each unit's score on as_of, as the rules library computes it.
CREATE TABLE unit_scores (
    unit_id         text          PRIMARY KEY,
    kafka_partition int           NOT NULL,
    as_of           date          NOT NULL,
    catalog_version text          NOT NULL,
    score           numeric(9, 2) NOT NULL,
    raw_score       numeric(9, 2) NOT NULL,
    debtor_listed   boolean       NOT NULL,
    active          boolean       NOT NULL,
    indicators      text          NOT NULL, -- JSON, written by this service only: compared as text
    fact_statuses   text          NOT NULL, -- JSON object eventId → status
    updated_at      timestamptz   NOT NULL
);
CREATE INDEX unit_scores_by_partition ON unit_scores (kafka_partition);

-- The grade and rank of every active unit (SCORING.md §5) as last graded.
CREATE TABLE grades (
    unit_id text          PRIMARY KEY,
    grade   text          NOT NULL,
    rank    int           NOT NULL,
    score   numeric(9, 2) NOT NULL,
    as_of   date          NOT NULL
);

-- Records to publish (unit-scores, grade-changes), written in the transaction that decided them and relayed to
-- Kafka by the idempotent producer; a row is deleted once the broker acknowledged it.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    topic      text      NOT NULL,
    record_key text      NOT NULL,
    payload    bytea     NOT NULL
);
