package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The projection's tables (V1__projection.sql) through R2DBC. Writes take whole batches as one JSON parameter that
 * PostgreSQL unpacks (json_to_recordset): one statement per table per transaction, not one per record.
 */
public class ProjectionStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;

    public ProjectionStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The generation of the projection, share-locked for the rest of the transaction: a replay's switch (which locks
     * {@code meta} exclusively) waits for this transaction, and this one for the switch.
     */
    public Mono<String> lockGeneration() {
        return db.sql("SELECT generation FROM meta FOR SHARE")
                .map((row, meta) -> row.get("generation", String.class))
                .one();
    }

    public Mono<Map<TopicPartition, Long>> offsets(Collection<TopicPartition> partitions) {
        List<String> topics = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            topics.add(tp.topic());
            numbers.add(tp.partition());
        }
        return db.sql("""
                        SELECT o.topic, o.kafka_partition, o.next_offset
                          FROM consumer_offsets o
                          JOIN unnest($1::text[], $2::int[]) AS w(topic, kafka_partition) USING (topic, kafka_partition)""")
                .bind(0, topics.toArray(String[]::new))
                .bind(1, numbers.toArray(Integer[]::new))
                .map((row, meta) -> Map.entry(
                        new TopicPartition(row.get("topic", String.class), row.get("kafka_partition", Integer.class)),
                        row.get("next_offset", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    public Mono<Void> saveOffsets(Map<TopicPartition, Long> next) {
        if (next.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        next.forEach((tp, offset) ->
                rows.add(Map.of("topic", tp.topic(), "kafka_partition", tp.partition(), "next_offset", offset)));
        return db.sql("""
                        INSERT INTO consumer_offsets (topic, kafka_partition, next_offset)
                        SELECT topic, kafka_partition, next_offset
                          FROM json_to_recordset($1::json) AS r(topic text, kafka_partition int, next_offset bigint)
                        ON CONFLICT (topic, kafka_partition) DO UPDATE SET next_offset = excluded.next_offset""").bind(0, JSON.writeValueAsString(rows)).then();
    }

    /** Stores facts not stored yet; a redelivered fact changes nothing. Their status is written after the fold. */
    public Mono<Void> insertFacts(Collection<? extends Fact> facts) {
        return insertFacts(facts, Map.of());
    }

    /** Stores facts with each credit fact's status already known (unit → eventId → status). */
    public Mono<Void> insertFacts(Collection<? extends Fact> facts, Map<String, Map<String, FactStatus>> statuses) {
        if (facts.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>(facts.size());
        for (Fact f : facts) {
            FactStatus status = f instanceof CreditFact c
                    ? statuses.getOrDefault(c.unitId(), Map.of()).get(c.eventId())
                    : null;
            rows.add(FactRow.of(f, status).columns());
        }
        return db.sql("INSERT INTO unit_facts (" + FactRow.COLUMNS + ") SELECT " + FactRow.COLUMNS
                        + " FROM json_populate_recordset(null::unit_facts, $1::json)"
                        + " ON CONFLICT (unit_id, kind, fact_id, kafka_partition) DO NOTHING")
                .bind(0, JSON.writeValueAsString(rows))
                .then();
    }

    /** The stored facts of some units, and the stored status of each credit fact (eventId → status), by unit. */
    public record Stored(Map<String, List<Fact>> facts, Map<String, Map<String, FactStatus>> statuses) {}

    /** Every stored fact of these units, by unit, with the credit facts' stored statuses. */
    public Mono<Stored> factsOf(Collection<String> unitIds) {
        Stored stored = new Stored(new HashMap<>(), new HashMap<>());
        if (unitIds.isEmpty()) {
            return Mono.just(stored);
        }
        return db.sql("SELECT " + FactRow.COLUMNS
                        + " FROM unit_facts WHERE unit_id = ANY($1::text[]) AND kafka_partition = ANY($2::int[])")
                .bind(0, unitIds.toArray(String[]::new))
                .bind(1, partitionsOf(unitIds))
                .map((row, meta) -> FactRow.read(row))
                .all()
                .doOnNext(row -> {
                    stored.facts()
                            .computeIfAbsent(row.unitId(), k -> new ArrayList<>())
                            .add(row.fact());
                    if (row.status() != null && row.kind() == FactRow.Kind.CREDIT_FACT) {
                        stored.statuses()
                                .computeIfAbsent(row.unitId(), k -> new HashMap<>())
                                .put(row.factId(), row.status());
                    }
                })
                .then(Mono.fromSupplier(() -> stored));
    }

    /**
     * The table partitions these units' facts are in — a condition that lets PostgreSQL skip the others — and the
     * default one (-1), where migration V6 put the facts of units it found no partition for.
     */
    private static Integer[] partitionsOf(Collection<String> unitIds) {
        return Stream.concat(unitIds.stream().map(Partitions::of), Stream.of(-1))
                .distinct()
                .toArray(Integer[]::new);
    }

    /** A credit fact's new status after its unit was folded. */
    public record StatusChange(String unitId, String eventId, FactStatus status) {}

    /** Writes each credit fact's status where it differs from the stored one. */
    public Mono<Void> updateStatuses(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>(changes.size());
        for (StatusChange c : changes) {
            rows.add(Map.of(
                    "unit_id",
                    c.unitId(),
                    "fact_id",
                    c.eventId(),
                    "status",
                    c.status().name(),
                    "kafka_partition",
                    Partitions.of(c.unitId())));
        }
        return db.sql("""
                        UPDATE unit_facts f SET status = x.status
                          FROM json_to_recordset($1::json)
                               AS x(unit_id text, fact_id text, status text, kafka_partition int)
                         WHERE f.unit_id = x.unit_id AND f.kind = 'C' AND f.fact_id = x.fact_id
                           AND f.kafka_partition = x.kafka_partition AND f.status IS DISTINCT FROM x.status""").bind(0, JSON.writeValueAsString(rows)).then();
    }

    public Mono<Void> upsertUnits(Collection<UnitState> units) {
        if (units.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (UnitState u : units) {
            rows.add(Map.of(
                    "unit_id",
                    u.unitId(),
                    "name",
                    u.name(),
                    "active",
                    u.active(),
                    "registered_at",
                    u.registeredAt().toString()));
        }
        return db.sql("""
                        INSERT INTO units (unit_id, name, active, registered_at)
                        SELECT unit_id, name, active, registered_at
                          FROM json_to_recordset($1::json)
                               AS x(unit_id text, name text, active boolean, registered_at timestamptz)
                        ON CONFLICT (unit_id) DO UPDATE
                           SET name = excluded.name, active = excluded.active, registered_at = excluded.registered_at""").bind(0, JSON.writeValueAsString(rows)).then();
    }

    public Mono<Map<String, UnitState>> units(Collection<String> unitIds) {
        Map<String, UnitState> units = new HashMap<>();
        if (unitIds.isEmpty()) {
            return Mono.just(units);
        }
        return db.sql("SELECT unit_id, name, active, registered_at FROM units WHERE unit_id = ANY($1::text[])")
                .bind(0, unitIds.toArray(String[]::new))
                .map((row, meta) -> new UnitState(
                        row.get("unit_id", String.class),
                        row.get("name", String.class),
                        Boolean.TRUE.equals(row.get("active", Boolean.class)),
                        row.get("registered_at", OffsetDateTime.class).toInstant()))
                .all()
                .doOnNext(u -> units.put(u.unitId(), u))
                .then(Mono.fromSupplier(() -> units));
    }

    public Mono<Map<String, ScoreRow>> scores(Collection<String> unitIds) {
        Map<String, ScoreRow> rows = new HashMap<>();
        if (unitIds.isEmpty()) {
            return Mono.just(rows);
        }
        return db.sql("""
                        SELECT unit_id, kafka_partition, as_of, catalog_version, score, raw_score, debtor_listed, active,
                               indicators
                          FROM unit_scores WHERE unit_id = ANY($1::text[])""")
                .bind(0, unitIds.toArray(String[]::new))
                .map((row, meta) -> scoreRow(row))
                .all()
                .doOnNext(r -> rows.put(r.unitId(), r))
                .then(Mono.fromSupplier(() -> rows));
    }

    private static ScoreRow scoreRow(Readable row) {
        return new ScoreRow(
                row.get("unit_id", String.class),
                row.get("kafka_partition", Integer.class),
                row.get("as_of", LocalDate.class),
                row.get("catalog_version", String.class),
                row.get("score", BigDecimal.class),
                row.get("raw_score", BigDecimal.class),
                Boolean.TRUE.equals(row.get("debtor_listed", Boolean.class)),
                Boolean.TRUE.equals(row.get("active", Boolean.class)),
                ScoreRow.indicatorsFrom(row.get("indicators", String.class)));
    }

    public Mono<Void> upsertScores(Collection<ScoreRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> json = new ArrayList<>(rows.size());
        for (ScoreRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("unit_id", r.unitId());
            m.put("kafka_partition", r.partition());
            m.put("as_of", r.asOf().toString());
            m.put("catalog_version", r.catalogVersion());
            m.put("score", r.score());
            m.put("raw_score", r.rawScore());
            m.put("debtor_listed", r.debtorListed());
            m.put("active", r.active());
            m.put("indicators", r.indicatorsJson());
            json.add(m);
        }
        // a unit whose score or activity changes is marked for the grading step in the same statement (both parts
        // see the rows as they were before it)
        return db.sql("""
                        WITH x AS (
                            SELECT * FROM json_populate_recordset(null::unit_scores, $1::json)),
                        marked AS (
                            INSERT INTO grading_pending (unit_id)
                            SELECT x.unit_id FROM x LEFT JOIN unit_scores o ON o.unit_id = x.unit_id
                             WHERE o.unit_id IS NULL OR o.score <> x.score OR o.active <> x.active)
                        INSERT INTO unit_scores (unit_id, kafka_partition, as_of, catalog_version, score, raw_score,
                                                 debtor_listed, active, indicators, updated_at)
                        SELECT unit_id, kafka_partition, as_of, catalog_version, score, raw_score, debtor_listed,
                               active, indicators, $2
                          FROM x
                        ON CONFLICT (unit_id) DO UPDATE SET
                            kafka_partition = excluded.kafka_partition, as_of = excluded.as_of,
                            catalog_version = excluded.catalog_version, score = excluded.score,
                            raw_score = excluded.raw_score, debtor_listed = excluded.debtor_listed,
                            active = excluded.active, indicators = excluded.indicators,
                            updated_at = excluded.updated_at""")
                .bind(0, JSON.writeValueAsString(json))
                .bind(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .then();
    }

    /**
     * Moves the rows of {@code units} to {@code date}, nothing else about them changed (most units on a new day): one
     * statement for the lot instead of each row written whole. Their score and activity are as they were, so none is
     * marked for grading.
     */
    public Mono<Void> redate(Collection<String> units, LocalDate date, Instant now) {
        if (units.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("UPDATE unit_scores SET as_of = $1, updated_at = $2 WHERE unit_id = ANY($3::text[])")
                .bind(0, date)
                .bind(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .bind(2, units.toArray(String[]::new))
                .then();
    }

    /** Every unit of these partitions that has a row, in unit order. */
    public Mono<List<String>> unitsOf(Collection<Integer> partitions) {
        return db.sql("SELECT unit_id FROM unit_scores WHERE kafka_partition = ANY($1::int[]) ORDER BY unit_id")
                .bind(0, partitions.toArray(Integer[]::new))
                .map((row, meta) -> row.get("unit_id", String.class))
                .all()
                .collectList();
    }

    /** Units of these partitions whose row is not for {@code date}: what a new day must re-evaluate. */
    public Mono<List<String>> staleUnits(Collection<Integer> partitions, LocalDate date) {
        return db.sql("""
                        SELECT unit_id FROM unit_scores
                         WHERE kafka_partition = ANY($1::int[]) AND as_of <> $2
                         ORDER BY unit_id""")
                .bind(0, partitions.toArray(Integer[]::new))
                .bind(1, date)
                .map((row, meta) -> row.get("unit_id", String.class))
                .all()
                .collectList();
    }

    /**
     * 第八条: credit facts whose occurredOn is five years or more before {@code date} are kept nowhere; corrections of
     * facts no longer kept go with them. Returns how many rows went.
     */
    public Mono<Long> purgeBeyondRetention(LocalDate retentionLimit) {
        return db.sql("""
                        WITH purged AS (
                            DELETE FROM unit_facts WHERE kind = 'C' AND occurred_on <= $1 RETURNING unit_id, fact_id),
                        corrections AS (
                            DELETE FROM unit_facts x USING purged p
                             WHERE x.kind = 'X' AND x.unit_id = p.unit_id AND x.target_event_id = p.fact_id
                            RETURNING 1)
                        SELECT (SELECT count(*) FROM purged) + (SELECT count(*) FROM corrections) AS n""")
                .bind(0, retentionLimit)
                .map((row, meta) -> row.get("n", Long.class))
                .one();
    }

    /**
     * The same purge in every side schema of a replay ({@code <live>_<suffix>}: left by {@code replay --no-switch} or
     * {@code --as-of}, or the projection a switch-over replaced): no copy of the projection keeps a fact longer than
     * the live one does (SCORING.md §2). Returns how many rows went.
     */
    public Mono<Long> purgeSideSchemas(LocalDate retentionLimit) {
        return db.sql("""
                        SELECT table_schema FROM information_schema.tables
                         WHERE table_name = 'unit_facts'
                           AND table_schema LIKE replace(current_schema(), '_', '\\_') || '\\_%'""")
                .map((row, meta) -> row.get("table_schema", String.class))
                .all()
                .concatMap(side -> {
                    String facts = "\"" + side.replace("\"", "\"\"") + "\".unit_facts";
                    return db.sql("WITH purged AS (DELETE FROM " + facts + " WHERE kind = 'C' AND occurred_on <= $1"
                                    + " RETURNING unit_id, fact_id), corrections AS (DELETE FROM " + facts + " x USING"
                                    + " purged p WHERE x.kind = 'X' AND x.unit_id = p.unit_id AND x.target_event_id ="
                                    + " p.fact_id RETURNING 1) SELECT (SELECT count(*) FROM purged) + (SELECT count(*)"
                                    + " FROM corrections) AS n")
                            .bind(0, retentionLimit)
                            .map((row, meta) -> row.get("n", Long.class))
                            .one();
                })
                .reduce(0L, Long::sum);
    }

    public Mono<Void> enqueue(Collection<OutboxRecord> records) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>(records.size());
        int n = 0;
        for (OutboxRecord r : records) {
            rows.add(Map.of(
                    "position",
                    n++,
                    "topic",
                    r.topic(),
                    "record_key",
                    r.key(),
                    "payload",
                    Base64.getEncoder().encodeToString(r.payload())));
        }
        return db.sql("""
                        INSERT INTO outbox (topic, record_key, payload)
                        SELECT topic, record_key, decode(payload, 'base64')
                          FROM json_to_recordset($1::json) AS x(position int, topic text, record_key text, payload text)
                         ORDER BY position""").bind(0, JSON.writeValueAsString(rows)).then();
    }
}
