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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The single grading step (SCORING.md §5): all active units' scores at once, because a unit's grade depends on every
 * other unit's score. Any instance may run it; a transaction-scoped advisory lock makes the runs one after another, so
 * each compares against the grades the previous run stored. Every unit whose grade changed — also because of another
 * unit's new score — gets one {@code integrity.grade-changes.v1} record, queued in the same transaction.
 */
public class Grader {

    /** The advisory lock key of the grading step ("grades" in ASCII). */
    static final long LOCK = 0x6772616465730000L;

    /** A unit's stored grade. */
    public record StoredGrade(String unitId, String grade) {}

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
                .then(Mono.zip(scores(), storedGrades()))
                .flatMap(t -> {
                    List<GradedUnit> graded = Grading.grade(t.getT1().active());
                    Diff diff = diff(graded, t.getT2(), t.getT1().all(), asOf, now);
                    return write(diff, t.getT2(), asOf)
                            .thenReturn(diff.changes().size());
                });
        return tx.transactional(work).block();
    }

    /** The grades and their changes, computed apart from the database so that replay uses the very same step. */
    public record Diff(List<GradedUnit> graded, List<String> removed, List<OutboxRecord> changes) {}

    /**
     * The changes from the stored grades to {@code graded}; a unit graded before and not now (no longer active) leaves
     * with its current score from {@code scores}.
     */
    public Diff diff(
            List<GradedUnit> graded,
            Map<String, StoredGrade> stored,
            Map<String, BigDecimal> scores,
            LocalDate asOf,
            Instant now) {
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
            // a unit keeps its score row when it is deactivated; zero only if that row was removed by hand
            BigDecimal score = scores.getOrDefault(unit, BigDecimal.ZERO);
            changes.add(change(unit, before.grade(), null, score, 0, asOf, now));
        }
        return new Diff(graded, removed, changes);
    }

    private OutboxRecord change(
            String unit, String from, String to, BigDecimal score, int rank, LocalDate asOf, Instant now) {
        GradeChange record = GradeChange.newBuilder()
                // chosen once, kept in the outbox row with the record: the same id on every redelivery (API.md)
                .setChangeId(UUID.randomUUID().toString())
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

    /** Every unit's score, and the active units' among them. */
    private record Scores(Map<String, BigDecimal> all, Map<String, BigDecimal> active) {}

    private Mono<Scores> scores() {
        Scores scores = new Scores(new HashMap<>(), new HashMap<>());
        return db.sql("SELECT unit_id, score, active FROM unit_scores")
                .map((row, meta) -> {
                    String unit = row.get("unit_id", String.class);
                    BigDecimal score = row.get("score", BigDecimal.class);
                    scores.all().put(unit, score);
                    if (Boolean.TRUE.equals(row.get("active", Boolean.class))) {
                        scores.active().put(unit, score);
                    }
                    return unit;
                })
                .all()
                .then(Mono.fromSupplier(() -> scores));
    }

    /** The grades as last stored, by unit. */
    public Mono<Map<String, StoredGrade>> storedGrades() {
        return db.sql("SELECT unit_id, grade FROM grades")
                .map((row, meta) -> new StoredGrade(row.get("unit_id", String.class), row.get("grade", String.class)))
                .all()
                .collectMap(StoredGrade::unitId);
    }

    /** Stores the grades that changed (only those: a run usually writes nothing) and queues the changes. */
    private Mono<Void> write(Diff diff, Map<String, StoredGrade> stored, LocalDate asOf) {
        List<String> units = new ArrayList<>();
        List<String> grades = new ArrayList<>();
        for (GradedUnit g : diff.graded()) {
            StoredGrade before = stored.get(g.unitId());
            if (before == null || !before.grade().equals(g.grade().name())) {
                units.add(g.unitId());
                grades.add(g.grade().name());
            }
        }
        Mono<Void> upsert = units.isEmpty()
                ? Mono.empty()
                : db.sql("""
                                INSERT INTO grades (unit_id, grade, as_of)
                                SELECT u, g, $3 FROM unnest($1::text[], $2::text[]) AS x(u, g)
                                ON CONFLICT (unit_id) DO UPDATE SET grade = excluded.grade, as_of = excluded.as_of""")
                        .bind(0, units.toArray(String[]::new))
                        .bind(1, grades.toArray(String[]::new))
                        .bind(2, asOf)
                        .then();
        Mono<Void> delete = diff.removed().isEmpty()
                ? Mono.empty()
                : db.sql("DELETE FROM grades WHERE unit_id = ANY($1::text[])")
                        .bind(0, diff.removed().toArray(String[]::new))
                        .then();
        return upsert.then(delete).then(store.enqueue(diff.changes()));
    }
}
