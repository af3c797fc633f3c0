package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
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
        next.forEach((tp, offset) -> rows.add(Map.of("t", tp.topic(), "p", tp.partition(), "o", offset)));
        return db.sql("""
                        INSERT INTO consumer_offsets (topic, kafka_partition, next_offset)
                        SELECT t, p, o FROM json_to_recordset($1::json) AS r(t text, p int, o bigint)
                        ON CONFLICT (topic, kafka_partition) DO UPDATE SET next_offset = excluded.next_offset""").bind(0, JSON.writeValueAsString(rows)).then();
    }

    /** Stores facts not stored yet; a redelivered fact changes nothing. Their status is written after the fold. */
    public Mono<Void> insertFacts(Collection<? extends Fact> facts) {
        return insertFacts(facts, Map.of());
    }

    /** Stores facts with each credit fact's status already known (unit → eventId → status): the replay's bulk load. */
    public Mono<Void> insertFacts(Collection<? extends Fact> facts, Map<String, Map<String, String>> statuses) {
        if (facts.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>(facts.size());
        for (Fact f : facts) {
            Map<String, Object> row = factRow(f);
            if (f instanceof CreditFact c) {
                String status = statuses.getOrDefault(c.unitId(), Map.of()).get(c.eventId());
                if (status != null) {
                    row.put("st", status);
                }
            }
            rows.add(row);
        }
        return db.sql("""
                        INSERT INTO unit_facts (unit_id, fact_id, kind, target_event_id, indicator, outcome, points,
                                                period, occurred_on, recorded_at, provider_org, case_number,
                                                listing_status, correction_kind, status, kafka_partition)
                        SELECT u, f, k, e, i, o, p, pe, oc, r, po, cn, ls, ck, st, kp
                          FROM json_to_recordset($1::json) AS x(u text, f text, k text, e text, i text, o text,
                               p numeric, pe text, oc date, r timestamptz, po text, cn text, ls text, ck text,
                               st text, kp int)
                        ON CONFLICT (unit_id, kind, fact_id, kafka_partition) DO NOTHING""").bind(0, JSON.writeValueAsString(rows)).then();
    }

    static Map<String, Object> factRow(Fact fact) {
        Map<String, Object> r = new HashMap<>();
        r.put("r", fact.recordedAt().toString());
        r.put("kp", Partitions.of(FactKeys.unitOf(fact)));
        if (fact instanceof CreditFact c) {
            r.put("u", c.unitId());
            r.put("f", c.eventId());
            r.put("k", "C");
            r.put("i", c.indicator());
            r.put("o", c.outcome());
            r.put("p", c.points());
            r.put("pe", c.period());
            r.put("oc", c.occurredOn().toString());
            r.put("po", c.providerOrg());
        } else if (fact instanceof DebtorListing l) {
            r.put("u", l.unitId());
            r.put("f", l.listingId());
            r.put("k", "L");
            r.put("cn", l.caseNumber());
            r.put("ls", l.status().name());
            r.put("po", l.providerOrg());
        } else if (fact instanceof Correction c) {
            r.put("u", c.unitId());
            r.put("f", c.correctionId());
            r.put("k", "X");
            r.put("e", c.eventId());
            r.put("ck", c.kind().name());
            if (c.amendment() != null) {
                r.put("o", c.amendment().outcome());
                r.put("p", c.amendment().points());
                r.put("oc", c.amendment().occurredOn().toString());
                r.put("pe", c.amendment().period());
            }
        }
        return r;
    }

    /** The stored facts of some units, and the stored status of each credit fact (eventId → status), by unit. */
    public record Stored(Map<String, List<Fact>> facts, Map<String, Map<String, String>> statuses) {}

    /** Every stored fact of these units, by unit, with the credit facts' stored statuses. */
    public Mono<Stored> factsOf(Collection<String> unitIds) {
        Stored stored = new Stored(new HashMap<>(), new HashMap<>());
        if (unitIds.isEmpty()) {
            return Mono.just(stored);
        }
        return db.sql("""
                        SELECT unit_id, fact_id, kind, target_event_id, indicator, outcome, points, period,
                               occurred_on, recorded_at, provider_org, case_number, listing_status, correction_kind,
                               status
                          FROM unit_facts WHERE unit_id = ANY($1::text[]) AND kafka_partition = ANY($2::int[])""")
                .bind(0, unitIds.toArray(String[]::new))
                .bind(1, partitionsOf(unitIds))
                .map((row, meta) -> {
                    Fact f = fact(row);
                    String status = row.get("status", String.class);
                    if (status != null && f instanceof CreditFact c) {
                        stored.statuses()
                                .computeIfAbsent(c.unitId(), k -> new HashMap<>())
                                .put(c.eventId(), status);
                    }
                    return f;
                })
                .all()
                .doOnNext(f -> stored.facts()
                        .computeIfAbsent(FactKeys.unitOf(f), k -> new ArrayList<>())
                        .add(f))
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

    /** Writes each listed credit fact's status (unit, eventId, status) where it differs from the stored one. */
    public Mono<Void> updateStatuses(List<String[]> changes) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>(changes.size());
        for (String[] c : changes) {
            rows.add(Map.of("u", c[0], "e", c[1], "s", c[2], "kp", Partitions.of(c[0])));
        }
        return db.sql("""
                        UPDATE unit_facts f SET status = x.s
                          FROM json_to_recordset($1::json) AS x(u text, e text, s text, kp int)
                         WHERE f.unit_id = x.u AND f.kind = 'C' AND f.fact_id = x.e AND f.kafka_partition = x.kp
                           AND f.status IS DISTINCT FROM x.s""").bind(0, JSON.writeValueAsString(rows)).then();
    }

    private static Fact fact(Readable row) {
        String kind = row.get("kind", String.class);
        String unit = row.get("unit_id", String.class);
        String id = row.get("fact_id", String.class);
        Instant recordedAt = row.get("recorded_at", OffsetDateTime.class).toInstant();
        String provider = row.get("provider_org", String.class);
        BigDecimal points = row.get("points", BigDecimal.class);
        LocalDate occurredOn = row.get("occurred_on", LocalDate.class);
        return switch (kind) {
            case "C" ->
                new CreditFact(
                        id,
                        unit,
                        row.get("indicator", String.class),
                        row.get("outcome", String.class),
                        points,
                        row.get("period", String.class),
                        occurredOn,
                        recordedAt,
                        provider);
            case "L" ->
                new DebtorListing(
                        id,
                        row.get("case_number", String.class),
                        unit,
                        DebtorStatus.valueOf(row.get("listing_status", String.class)),
                        recordedAt,
                        provider);
            case "X" -> {
                CorrectionKind ck = CorrectionKind.valueOf(row.get("correction_kind", String.class));
                Amendment amendment = ck == CorrectionKind.AMEND
                        ? new Amendment(
                                row.get("outcome", String.class), points, occurredOn, row.get("period", String.class))
                        : null;
                yield new Correction(id, row.get("target_event_id", String.class), unit, ck, amendment, recordedAt);
            }
            default -> throw new IllegalStateException("unknown fact kind " + kind);
        };
    }

    public Mono<Void> upsertUnits(Collection<UnitState> units) {
        if (units.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (UnitState u : units) {
            rows.add(Map.of(
                    "u",
                    u.unitId(),
                    "n",
                    u.name(),
                    "a",
                    u.active(),
                    "r",
                    u.registeredAt().toString()));
        }
        return db.sql("""
                        INSERT INTO units (unit_id, name, active, registered_at)
                        SELECT u, n, a, r FROM json_to_recordset($1::json) AS x(u text, n text, a boolean, r timestamptz)
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
                row.get("indicators", String.class));
    }

    public Mono<Void> upsertScores(Collection<ScoreRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        List<Map<String, Object>> json = new ArrayList<>(rows.size());
        for (ScoreRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("u", r.unitId());
            m.put("p", r.partition());
            m.put("d", r.asOf().toString());
            m.put("c", r.catalogVersion());
            m.put("s", r.score());
            m.put("r", r.rawScore());
            m.put("l", r.debtorListed());
            m.put("a", r.active());
            m.put("i", r.indicators());
            json.add(m);
        }
        // a unit whose score or activity changes is marked for the grading step in the same statement (both parts
        // see the rows as they were before it)
        return db.sql("""
                        WITH x AS (
                            SELECT * FROM json_to_recordset($1::json) AS x(u text, p int, d date, c text, s numeric,
                                                                          r numeric, l boolean, a boolean, i text)),
                        marked AS (
                            INSERT INTO grading_pending (unit_id)
                            SELECT x.u FROM x LEFT JOIN unit_scores o ON o.unit_id = x.u
                             WHERE o.unit_id IS NULL OR o.score <> x.s OR o.active <> x.a)
                        INSERT INTO unit_scores (unit_id, kafka_partition, as_of, catalog_version, score, raw_score,
                                                 debtor_listed, active, indicators, updated_at)
                        SELECT u, p, d, c, s, r, l, a, i, $2 FROM x
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

    /** Units of these partitions whose row is not for {@code date}: what a new day must re-evaluate. */
    public Mono<List<String>> staleUnits(Collection<Integer> partitions, LocalDate date, int limit) {
        return db.sql("""
                        SELECT unit_id FROM unit_scores
                         WHERE kafka_partition = ANY($1::int[]) AND as_of <> $2
                         ORDER BY unit_id LIMIT $3""")
                .bind(0, partitions.toArray(Integer[]::new))
                .bind(1, date)
                .bind(2, limit)
                .map((row, meta) -> row.get("unit_id", String.class))
                .all()
                .collectList();
    }

    /**
     * 第八条: credit facts whose occurredOn is five years or more before {@code date} are kept nowhere; corrections of
     * facts no longer kept go with them.
     */
    public Mono<Long> purgeBeyondRetention(LocalDate retentionLimit) {
        return db.sql("""
                        WITH purged AS (
                            DELETE FROM unit_facts WHERE kind = 'C' AND occurred_on <= $1 RETURNING unit_id, fact_id)
                        DELETE FROM unit_facts x USING purged p
                         WHERE x.kind = 'X' AND x.unit_id = p.unit_id AND x.target_event_id = p.fact_id""").bind(0, retentionLimit).fetch().rowsUpdated();
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
                    "n",
                    n++,
                    "t",
                    r.topic(),
                    "k",
                    r.key(),
                    "b",
                    Base64.getEncoder().encodeToString(r.payload())));
        }
        return db.sql("""
                        INSERT INTO outbox (topic, record_key, payload)
                        SELECT t, k, decode(b, 'base64') FROM json_to_recordset($1::json) AS x(n int, t text, k text, b text)
                         ORDER BY n""").bind(0, JSON.writeValueAsString(rows)).then();
    }
}
