-- unit_facts is partitioned like the input topics: partition p holds the facts of the units whose records are in
-- partition p (Kafka's partitioner on the unit id; Partitions.of in the service, unit_scores.kafka_partition). A
-- replay loads each partition into a table of its own and builds its key while it reads the next partition, instead
-- of sorting a million keys after the last record (docs/benchmarks.md, replay). Units without a score row yet (none
-- when the service has caught up) go to the default partition until the next replay.
ALTER TABLE unit_facts RENAME TO unit_facts_before_v6;
ALTER TABLE unit_facts_before_v6 RENAME CONSTRAINT unit_facts_pkey TO unit_facts_before_v6_pkey;

CREATE TABLE unit_facts (
    unit_id         text COLLATE "C"    NOT NULL,
    fact_id         text COLLATE "C"    NOT NULL,
    kind            char(1) COLLATE "C" NOT NULL CHECK (kind IN ('C', 'L', 'X')),
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
    status          text,
    kafka_partition int         NOT NULL,
    PRIMARY KEY (unit_id, kind, fact_id, kafka_partition)
) PARTITION BY LIST (kafka_partition);

CREATE TABLE unit_facts_p0 PARTITION OF unit_facts FOR VALUES IN (0);
CREATE TABLE unit_facts_p1 PARTITION OF unit_facts FOR VALUES IN (1);
CREATE TABLE unit_facts_p2 PARTITION OF unit_facts FOR VALUES IN (2);
CREATE TABLE unit_facts_p3 PARTITION OF unit_facts FOR VALUES IN (3);
CREATE TABLE unit_facts_p4 PARTITION OF unit_facts FOR VALUES IN (4);
CREATE TABLE unit_facts_p5 PARTITION OF unit_facts FOR VALUES IN (5);
CREATE TABLE unit_facts_other PARTITION OF unit_facts DEFAULT;

INSERT INTO unit_facts (unit_id, fact_id, kind, target_event_id, indicator, outcome, points, period, occurred_on,
                        recorded_at, provider_org, case_number, listing_status, correction_kind, status, kafka_partition)
SELECT f.unit_id, f.fact_id, f.kind, f.target_event_id, f.indicator, f.outcome, f.points, f.period, f.occurred_on,
       f.recorded_at, f.provider_org, f.case_number, f.listing_status, f.correction_kind, f.status,
       coalesce(s.kafka_partition, -1)
  FROM unit_facts_before_v6 f LEFT JOIN unit_scores s ON s.unit_id = f.unit_id;

DROP TABLE unit_facts_before_v6;
