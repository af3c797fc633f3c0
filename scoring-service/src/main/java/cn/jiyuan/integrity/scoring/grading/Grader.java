package cn.jiyuan.integrity.scoring.grading;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Grading;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.scoring.projection.OutboxRecord;
import cn.jiyuan.integrity.scoring.projection.ProjectionStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The single grading step (SCORING.md §5): all active units' scores at once, because a unit's grade depends on every
 * other unit's score. Any instance may run it; a transaction-scoped advisory lock makes the runs one after another, so
 * each compares against the grades the previous run stored. Every unit whose grade changed — also because of another
 * unit's new score — gets one {@code integrity.grade-changes.v1} record, queued in the same transaction.
 */
public class Grader {

    /** The advisory lock key of the grading step ("grades" in ASCII). */
    static final long LOCK = 0x6772616465730000L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A unit's stored grade. */
    public record StoredGrade(String unitId, String grade, int rank, BigDecimal score) {}

    private final DatabaseClient db;
    private final ProjectionStore store;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final AvroSingleObjectSerializer encoder = new AvroSingleObjectSerializer();

    public Grader(DatabaseClient db, ProjectionStore store, TransactionalOperator tx, Clock clock) {
        this.db = db;
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    /** Grades now; returns the number of grade changes queued. */
    public int grade() {
        Instant now = clock.instant();
        LocalDate asOf = ChinaTime.dateOf(now);
        Mono<Integer> work = store.lockGeneration()
                .then(db.sql("SELECT pg_advisory_xact_lock($1)").bind(0, LOCK).then())
                .then(Mono.zip(activeScores(), storedGrades()))
                .flatMap(t -> {
                    List<GradedUnit> graded = Grading.grade(t.getT1());
                    Diff diff = diff(graded, t.getT2(), asOf, now);
                    return write(diff, t.getT2(), asOf)
                            .thenReturn(diff.changes().size());
                });
        return tx.transactional(work).block();
    }

    /** The grades and their changes, computed apart from the database so that replay uses the very same step. */
    public record Diff(List<GradedUnit> graded, List<String> removed, List<OutboxRecord> changes) {}

    public Diff diff(List<GradedUnit> graded, Map<String, StoredGrade> stored, LocalDate asOf, Instant now) {
        List<OutboxRecord> changes = new ArrayList<>();
        Map<String, StoredGrade> left = new HashMap<>(stored);
        for (GradedUnit g : graded) {
            StoredGrade before = left.remove(g.unitId());
            if (before == null || !before.grade().equals(g.grade().name())) {
                changes.add(change(
                        g.unitId(),
                        before == null ? null : before.grade(),
                        g.grade().name(),
                        g.score(),
                        g.rank(),
                        asOf,
                        now));
            }
        }
        List<String> removed = new ArrayList<>(left.keySet());
        removed.sort(null);
        for (String unit : removed) {
            StoredGrade before = left.get(unit);
            changes.add(change(unit, before.grade(), null, before.score(), 0, asOf, now));
        }
        return new Diff(graded, removed, changes);
    }

    private OutboxRecord change(
            String unit, String from, String to, BigDecimal score, int rank, LocalDate asOf, Instant now) {
        GradeChange record = GradeChange.newBuilder()
                .setUnitId(unit)
                .setFrom(from == null ? null : CreditGrade.valueOf(from))
                .setTo(to == null ? null : CreditGrade.valueOf(to))
                .setScore(score.setScale(2))
                .setRank(rank)
                .setChangedAt(now)
                .setAsOf(asOf)
                .build();
        String topic = IntegrityTopics.GRADE_CHANGES.name();
        return new OutboxRecord(topic, unit, encoder.serialize(topic, record));
    }

    private Mono<Map<String, BigDecimal>> activeScores() {
        return db.sql("SELECT unit_id, score FROM unit_scores WHERE active")
                .map((row, meta) -> Map.entry(row.get("unit_id", String.class), row.get("score", BigDecimal.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The grades as last stored, by unit. */
    public Mono<Map<String, StoredGrade>> storedGrades() {
        return db.sql("SELECT unit_id, grade, rank, score FROM grades")
                .map((row, meta) -> new StoredGrade(
                        row.get("unit_id", String.class),
                        row.get("grade", String.class),
                        row.get("rank", Integer.class),
                        row.get("score", BigDecimal.class)))
                .all()
                .collectMap(StoredGrade::unitId);
    }

    /** Stores the grades that differ from the stored ones (grade, rank or score) and queues the changes. */
    private Mono<Void> write(Diff diff, Map<String, StoredGrade> stored, LocalDate asOf) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GradedUnit g : diff.graded()) {
            StoredGrade before = stored.get(g.unitId());
            if (before != null
                    && before.grade().equals(g.grade().name())
                    && before.rank() == g.rank()
                    && before.score().compareTo(g.score()) == 0) {
                continue; // unchanged: nothing to write
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("u", g.unitId());
            m.put("g", g.grade().name());
            m.put("r", g.rank());
            m.put("s", g.score());
            rows.add(m);
        }
        Mono<Void> upsert = rows.isEmpty()
                ? Mono.empty()
                : db.sql("""
                                INSERT INTO grades (unit_id, grade, rank, score, as_of)
                                SELECT u, g, r, s, $2 FROM json_to_recordset($1::json) AS x(u text, g text, r int, s numeric)
                                ON CONFLICT (unit_id) DO UPDATE
                                   SET grade = excluded.grade, rank = excluded.rank, score = excluded.score,
                                       as_of = excluded.as_of
                                 WHERE (grades.grade, grades.rank, grades.score)
                                       IS DISTINCT FROM (excluded.grade, excluded.rank, excluded.score)""")
                        .bind(0, JSON.writeValueAsString(rows))
                        .bind(1, asOf)
                        .then();
        Mono<Void> delete = diff.removed().isEmpty()
                ? Mono.empty()
                : db.sql("DELETE FROM grades WHERE unit_id = ANY($1::text[])")
                        .bind(0, diff.removed().toArray(String[]::new))
                        .then();
        return upsert.then(delete).then(store.enqueue(diff.changes()));
    }
}
