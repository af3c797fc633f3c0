package cn.jiyuan.integrity.scoring.grading;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Standings;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The single grading step (SCORING.md §5): a unit's grade depends on every other active unit's score. Any instance may
 * run it; a transaction-scoped advisory lock makes the runs one after another, so each compares against the grades the
 * previous run stored. Every unit whose grade changed — also because of another unit's new score — gets one {@code
 * integrity.grade-changes.v1} record, queued in the same transaction.
 *
 * <p>A run costs what changed (migration V7): the instance keeps the active units' scores in memory as {@link
 * Standings} and reads only the units marked since its last run — by its own runs or by other instances' — and the
 * grades other runs wrote. It compares against the stored grades of exactly the units whose grade can have changed,
 * read in the run. It reads everything again at start, after a replay's switch (a new generation), when its last run
 * lies further back than the marks are kept, and after any failed run.
 */
public class Grader {

    /** The advisory lock key of the grading step ("grades" in ASCII). */
    static final long LOCK = 0x6772616465730000L;

    /** How many runs back the marks are kept: an instance whose last run is older reads everything again. */
    static final long HORIZON = 1_000;

    /** A unit's stored grade. */
    public record StoredGrade(String unitId, String grade) {}

    /** What this instance knew after its last run, in the projection of {@code generation}. */
    private record Known(String generation, long run, Standings standings) {}

    private final DatabaseClient db;
    private final ProjectionStore store;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final AvroSingleObjectSerializer encoder = new AvroSingleObjectSerializer();

    /** Null until the first run, and after a failed one: the next run reads everything. */
    private Known known;

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
        Known before = known;
        known = null; // set again only once this run has committed
        Mono<Run> work = store.lockGeneration()
                .flatMap(generation -> db.sql("SELECT pg_advisory_xact_lock($1)")
                        .bind(0, LOCK)
                        .then()
                        .then(lastRun())
                        .flatMap(last -> {
                            long run = last + 1;
                            boolean incremental = before != null
                                    && before.generation().equals(generation)
                                    && before.run() <= last
                                    && last - before.run() <= HORIZON;
                            Mono<Run> graded = incremental
                                    ? incremental(before, last, run, generation, asOf, now)
                                    : everything(run, generation, asOf, now);
                            return graded.flatMap(r -> write(r.diff(), run, asOf)
                                    .then(db.sql("UPDATE grading_state SET run = $1")
                                            .bind(0, run)
                                            .then())
                                    .thenReturn(r));
                        }));
        Run done = tx.transactional(work).block();
        known = done.known();
        return done.diff().changes().size();
    }

    /** One run's outcome: the grade changes and what the instance knows after it. */
    private record Run(Diff diff, Known known) {}

    private Mono<Long> lastRun() {
        return db.sql("SELECT run FROM grading_state")
                .map((row, meta) -> row.get("run", Long.class))
                .one();
    }

    /** Reads every score and every grade: the first run, or when what this instance knew is out of date. */
    private Mono<Run> everything(long run, String generation, LocalDate asOf, Instant now) {
        return claimMarks(run).then(Mono.zip(scores(), storedGrades())).map(t -> {
            Standings standings = Standings.of(t.getT1().active());
            Diff diff = diff(standings.all(), t.getT2(), t.getT1().all(), asOf, now);
            return new Run(diff, new Known(generation, run, standings));
        });
    }

    /**
     * Reads the units marked since this instance's last run and the grades written by other runs since, updates the
     * standings, and compares the grades of the units that can have changed with their stored ones.
     */
    private Mono<Run> incremental(Known before, long last, long run, String generation, LocalDate asOf, Instant now) {
        Standings standings = before.standings();
        return claimMarks(run)
                .zipWith(before.run() == last ? Mono.just(List.<String>of()) : markedBetween(before.run(), last))
                .flatMap(marked -> {
                    Set<String> units = new HashSet<>(marked.getT1());
                    units.addAll(marked.getT2());
                    return scoresOf(units).map(scores -> {
                        Map<String, BigDecimal> changes = new HashMap<>();
                        units.forEach(u -> changes.put(u, scores.active().get(u)));
                        return new Refreshed(scores, standings.update(changes));
                    });
                })
                .flatMap(refreshed -> gradesOf(refreshed.touched(), before.run())
                        .map(stored -> {
                            Set<String> candidates = new HashSet<>(refreshed.touched());
                            candidates.addAll(stored.keySet()); // graded by other runs since: compared again here
                            Diff diff = diff(
                                    standings.graded(candidates),
                                    stored,
                                    refreshed.scores().all(),
                                    asOf,
                                    now);
                            return new Run(diff, new Known(generation, run, standings));
                        }));
    }

    /** The marked units' scores as read in this run, and the units whose grade may have changed with them. */
    private record Refreshed(Scores scores, Set<String> touched) {}

    /** Claims the marks no run has claimed yet for run {@code run}; returns their units. */
    private Mono<List<String>> claimMarks(long run) {
        Mono<Void> trim = run % 100 == 0
                ? db.sql("DELETE FROM grading_pending WHERE run < $1")
                        .bind(0, run - HORIZON)
                        .then()
                : Mono.empty();
        return trim.then(db.sql("UPDATE grading_pending SET run = $1 WHERE run IS NULL RETURNING unit_id")
                .bind(0, run)
                .map((row, meta) -> row.get("unit_id", String.class))
                .all()
                .collectList());
    }

    /** The units marked by the runs after {@code after} up to {@code last}: other instances' runs. */
    private Mono<List<String>> markedBetween(long after, long last) {
        return db.sql("SELECT DISTINCT unit_id FROM grading_pending WHERE run > $1 AND run <= $2")
                .bind(0, after)
                .bind(1, last)
                .map((row, meta) -> row.get("unit_id", String.class))
                .all()
                .collectList();
    }

    /** The stored grades of these units and of every unit a run after {@code after} graded. */
    private Mono<Map<String, StoredGrade>> gradesOf(Set<String> units, long after) {
        return db.sql("SELECT unit_id, grade FROM grades WHERE run > $1 OR unit_id = ANY($2::text[])")
                .bind(0, after)
                .bind(1, units.toArray(String[]::new))
                .map((row, meta) -> new StoredGrade(row.get("unit_id", String.class), row.get("grade", String.class)))
                .all()
                .collectMap(StoredGrade::unitId);
    }

    /**
     * The grades that changed and their records, computed apart from the database so that replay uses the very same
     * step: {@code changed} the units whose grade is new or different, {@code removed} those no longer graded.
     */
    public record Diff(List<GradedUnit> changed, List<String> removed, List<OutboxRecord> changes) {}

    /**
     * The changes from the stored grades to {@code graded}; a unit graded before and not now (no longer active) leaves
     * with its current score from {@code scores}. {@code stored} may hold only the units whose grade can have changed,
     * if {@code graded} holds them all.
     */
    public Diff diff(
            List<GradedUnit> graded,
            Map<String, StoredGrade> stored,
            Map<String, BigDecimal> scores,
            LocalDate asOf,
            Instant now) {
        List<OutboxRecord> changes = new ArrayList<>();
        List<GradedUnit> changed = new ArrayList<>();
        Map<String, StoredGrade> left = new HashMap<>(stored);
        for (GradedUnit g : graded) {
            StoredGrade before = left.remove(g.unitId());
            if (before == null || !before.grade().equals(g.grade().name())) {
                changed.add(g);
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
        return new Diff(changed, removed, changes);
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
        return scores(db.sql("SELECT unit_id, score, active FROM unit_scores"));
    }

    /** These units' scores; a unit without a score row is not active. */
    private Mono<Scores> scoresOf(Set<String> units) {
        if (units.isEmpty()) {
            return Mono.just(new Scores(Map.of(), Map.of()));
        }
        return scores(db.sql("SELECT unit_id, score, active FROM unit_scores WHERE unit_id = ANY($1::text[])")
                .bind(0, units.toArray(String[]::new)));
    }

    private static Mono<Scores> scores(DatabaseClient.GenericExecuteSpec query) {
        Scores scores = new Scores(new HashMap<>(), new HashMap<>());
        return query.map((row, meta) -> {
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

    /**
     * Stores the grades that changed (only those: a run usually writes nothing), each with the run's number, and queues
     * the changes.
     */
    private Mono<Void> write(Diff diff, long run, LocalDate asOf) {
        List<String> units = new ArrayList<>();
        List<String> grades = new ArrayList<>();
        for (GradedUnit g : diff.changed()) {
            units.add(g.unitId());
            grades.add(g.grade().name());
        }
        Mono<Void> upsert = units.isEmpty()
                ? Mono.empty()
                : db.sql("""
                                INSERT INTO grades (unit_id, grade, as_of, run)
                                SELECT u, g, $3, $4 FROM unnest($1::text[], $2::text[]) AS x(u, g)
                                ON CONFLICT (unit_id) DO UPDATE
                                   SET grade = excluded.grade, as_of = excluded.as_of, run = excluded.run""")
                        .bind(0, units.toArray(String[]::new))
                        .bind(1, grades.toArray(String[]::new))
                        .bind(2, asOf)
                        .bind(3, run)
                        .then();
        Mono<Void> delete = diff.removed().isEmpty()
                ? Mono.empty()
                : db.sql("DELETE FROM grades WHERE unit_id = ANY($1::text[])")
                        .bind(0, diff.removed().toArray(String[]::new))
                        .then();
        return upsert.then(delete).then(store.enqueue(diff.changes()));
    }
}
