package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.scoring.grading.Grader;
import cn.jiyuan.integrity.scoring.projection.OutboxRecord;
import cn.jiyuan.integrity.scoring.projection.ProjectionStore;
import cn.jiyuan.integrity.scoring.projection.Projector;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import cn.jiyuan.integrity.scoring.projection.UnitState;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Swaps the replayed projection in for the live one, atomically: in one transaction holding the live projection's
 * {@code meta} table exclusively — live batches wait — it reads what the live consumers have committed up to, replays
 * the few records in between, carries over the unpublished outbox rows and the relay's state, queues unit-scores and
 * grade-changes only for what really differs from the live projection (normally nothing), and renames the schemas. The live consumers then
 * see a new generation and continue from the replayed offsets. The previous projection is kept as
 * {@code <schema>_retired_<time>}; older retired ones are dropped.
 */
final class SwitchOver {

    private final DatabaseClient live;
    private final ProjectionStore liveStore;
    private final TransactionalOperator liveTx;
    private final Projector projector;
    private final Grader grader;
    private final String schema;

    SwitchOver(DatabaseClient live, TransactionalOperator liveTx, Projector projector, Grader grader, String schema) {
        this.live = live;
        this.liveStore = new ProjectionStore(live);
        this.liveTx = liveTx;
        this.projector = projector;
        this.grader = grader;
        this.schema = schema;
    }

    /** Switches to {@code targetSchema}, built from {@code folded} units read to the reader's position. */
    void run(
            PartitionSetReader reader,
            ReplayedUnits replayed,
            DatabaseClient targetDb,
            String targetSchema,
            Set<String> folded,
            Instant now,
            PrintStream out) {
        String retired = schema + "_retired_"
                + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(now.atOffset(ZoneOffset.UTC));
        Mono<Integer> work = live.sql("LOCK TABLE " + schema + ".meta IN ACCESS EXCLUSIVE MODE")
                .then()
                .then(carryOutbox(targetSchema))
                .then(Mono.fromCallable(() -> catchUpAndDiff(reader, replayed, targetDb, folded, now))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(queued -> live.sql("ALTER SCHEMA " + schema + " RENAME TO " + retired)
                        .then()
                        .then(live.sql("ALTER SCHEMA " + targetSchema + " RENAME TO " + schema)
                                .then())
                        .thenReturn(queued));
        Integer queued = liveTx.transactional(work).block();
        out.printf(
                "switched: %s is now the replayed projection (%d record(s) queued for changes that differ);"
                        + " the previous one is kept as %s%n",
                schema, queued, retired);
        dropOlderRetired(retired, out);
    }

    /**
     * Inside the switch transaction, first: the live outbox's unpublished rows with their ids — ahead of the rows the
     * diff queues, which are newer — and the relay's origin and positions, so that the relay goes on in the replayed
     * schema exactly once, as if nothing had been switched.
     */
    private Mono<Void> carryOutbox(String target) {
        return live.sql("INSERT INTO " + target + ".outbox (id, topic, record_key, payload)"
                        + " SELECT id, topic, record_key, payload FROM " + schema + ".outbox")
                .then()
                .then(live.sql("SELECT setval(pg_get_serial_sequence('" + target + ".outbox', 'id'),"
                                + " (SELECT COALESCE(max(id), 0) + 1 FROM " + target + ".outbox), false)")
                        .then())
                .then(live.sql("INSERT INTO " + target + ".outbox_positions (topic, partition, next_offset)"
                                + " SELECT topic, partition, next_offset FROM " + schema + ".outbox_positions")
                        .then())
                .then(live.sql("UPDATE " + target + ".outbox_origin SET origin = (SELECT origin FROM " + schema
                                + ".outbox_origin)")
                        .then());
    }

    /**
     * Inside the switch transaction: brings the replayed projection to the live consumers' committed offsets, then
     * queues what differs from the live projection. Returns the number of records queued.
     */
    private int catchUpAndDiff(
            PartitionSetReader reader,
            ReplayedUnits replayed,
            DatabaseClient targetDb,
            Set<String> folded,
            Instant now) {
        ProjectionStore target = new ProjectionStore(targetDb);
        LocalDate date = replayed.asOf();
        Map<TopicPartition, Long> positions = reader.positions();
        Map<TopicPartition, Long> committed =
                liveStore.offsets(positions.keySet()).block();
        Map<TopicPartition, Long> gap = new HashMap<>();
        committed.forEach((tp, offset) -> {
            Long at = positions.get(tp);
            if (at != null && offset > at) {
                gap.put(tp, offset);
            }
        });
        Set<String> touched = new TreeSet<>(reader.readOn(gap));
        if (!touched.isEmpty()) {
            ProjectionStore.Stored stored = target.factsOf(touched).block();
            List<Fact> newFacts = new ArrayList<>();
            List<UnitState> newUnits = new ArrayList<>();
            List<ScoreRow> newRows = new ArrayList<>();
            for (String unit : touched) {
                replayed.putStoredFirst(unit, stored.facts().getOrDefault(unit, List.of()));
                newFacts.addAll(replayed.kept(unit));
                if (replayed.registration(unit) != null) {
                    newUnits.add(replayed.registration(unit));
                }
                newRows.add(replayed.fold(unit));
            }
            List<ProjectionStore.StatusChange> statusChanges = new ArrayList<>();
            for (String unit : touched) {
                replayed.statuses(unit)
                        .forEach((eventId, status) ->
                                statusChanges.add(new ProjectionStore.StatusChange(unit, eventId, status)));
            }
            target.insertFacts(newFacts, replayed.statuses())
                    .then(target.updateStatuses(statusChanges))
                    .then(target.upsertUnits(newUnits))
                    .then(target.upsertScores(newRows, now))
                    .block();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>(positions);
        offsets.putAll(gap);
        target.saveOffsets(offsets).block();

        Set<String> all = new TreeSet<>(folded);
        all.addAll(touched);
        Map<String, ScoreRow> replayedRows = new TreeMap<>(target.scores(all).block());
        List<GradedUnit> grades = TargetLoad.grades(replayedRows.values());
        replaceGrades(targetDb, grades, date);
        Map<String, ScoreRow> current = liveStore.scores(replayedRows.keySet()).block();
        List<OutboxRecord> queue = new ArrayList<>();
        for (ScoreRow row : replayedRows.values()) {
            if (row.publishedContentDiffers(current.get(row.unitId()))) {
                queue.add(projector.unitScoreRecord(row, now));
            }
        }
        Map<String, Grader.StoredGrade> liveGrades = grader.storedGrades().block();
        Map<String, BigDecimal> scores = new HashMap<>();
        replayedRows.values().forEach(r -> scores.put(r.unitId(), r.score()));
        queue.addAll(grader.diff(grades, liveGrades, scores, date, now).changes());
        target.enqueue(queue).block();
        return queue.size();
    }

    private static void replaceGrades(DatabaseClient db, List<GradedUnit> graded, LocalDate date) {
        List<String> units = new ArrayList<>();
        List<String> grades = new ArrayList<>();
        for (GradedUnit g : graded) {
            units.add(g.unitId());
            grades.add(g.grade().name());
        }
        db.sql("DELETE FROM grades").then().block();
        if (!units.isEmpty()) {
            db.sql("INSERT INTO grades (unit_id, grade, as_of)"
                            + " SELECT u, g, $3 FROM unnest($1::text[], $2::text[]) AS x(u, g)")
                    .bind(0, units.toArray(String[]::new))
                    .bind(1, grades.toArray(String[]::new))
                    .bind(2, date)
                    .then()
                    .block();
        }
    }

    private void dropOlderRetired(String keep, PrintStream out) {
        List<String> old = live.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 AND nspname <> $2")
                .bind(0, schema + "\\_retired\\_%")
                .bind(1, keep)
                .map((row, meta) -> row.get("nspname", String.class))
                .all()
                .collectList()
                .block();
        for (String s : old) {
            live.sql("DROP SCHEMA " + Checksum.quote(s) + " CASCADE").then().block();
            out.println("dropped the older retired projection " + s);
        }
    }
}
