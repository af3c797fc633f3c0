package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.support.facts.PackedFacts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The projection's transactions: a polled batch applied with its offsets, or a set of units re-evaluated for a new
 * date. Each runs in one database transaction that first share-locks the generation, so that a replay's switch never
 * interleaves with it, and fails with {@link GenerationChanged} when the projection was swapped underneath.
 */
public class ProjectionWork {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionWork.class);

    /** The projection was replaced by a replay since the caller last read its positions. */
    public static final class GenerationChanged extends RuntimeException {
        public GenerationChanged(String generation) {
            super("the projection is now generation " + generation, null, false, false);
        }
    }

    /** What one polled batch brings: facts, registrations, the units they touch, the next offsets. */
    public record Batch(
            List<Fact> facts, List<UnitState> units, Set<String> touched, Map<TopicPartition, Long> nextOffsets) {}

    private final ProjectionStore store;
    private final Projector projector;
    private final TransactionalOperator tx;

    /**
     * The stored facts and rows of the units this instance owns, as committed. Only what a committed transaction wrote
     * enters it; {@link #forget} empties it on every change of ownership or generation, and a purge is applied to it
     * as to the tables.
     */
    private final CommittedUnits committed;

    /** The last new day's purge of the tables, touched only by the consumer's thread. */
    private TablesPurge tablesPurge;

    public ProjectionWork(ProjectionStore store, Projector projector, TransactionalOperator tx, long maxCachedFacts) {
        this.store = store;
        this.projector = projector;
        this.tx = tx;
        this.committed = new CommittedUnits(maxCachedFacts);
    }

    public ProjectionStore store() {
        return store;
    }

    /** Drops what is held of the units (partitions moved, the projection was swapped). */
    public void forget() {
        committed.clear();
    }

    /** How many facts are held in memory (and units, counted one each). */
    public long cachedFacts() {
        return committed.facts();
    }

    /** The generation now, without holding a lock past this call. */
    public String generation() {
        return tx.transactional(store.lockGeneration()).block();
    }

    /** Applies one batch and its offsets in one transaction. Returns how many unit-scores records it queued. */
    public int apply(Batch batch, String generation, LocalDate date, Instant now) {
        Map<String, CommittedUnits.Unit> staged = new HashMap<>();
        Map<String, List<Fact>> arriving = new HashMap<>();
        for (Fact f : batch.facts()) {
            arriving.computeIfAbsent(FactKeys.unitOf(f), k -> new ArrayList<>()).add(f);
        }
        Mono<Integer> work = checked(generation)
                .then(store.insertFacts(batch.facts()))
                .then(store.upsertUnits(batch.units()))
                .then(project(batch.touched(), arriving, date, now, staged))
                .flatMap(queued -> store.saveOffsets(batch.nextOffsets()).thenReturn(queued));
        Integer queued = tx.transactional(work).block();
        committed.putAll(staged);
        return queued;
    }

    /**
     * A new day for {@code partitions}: starts the purge of the tables for {@code date} ({@link #purged} tells when it
     * is done) and returns the units whose row is not yet for that date, in id order, to be re-evaluated a chunk at a
     * time ({@link #reevaluate}). The purge runs beside the consumer: it scans every fact of the projection (seconds at
     * a province's 25 million), and no fold needs it first, since {@link #project} leaves out what it will delete.
     */
    public List<String> newDay(Collection<Integer> partitions, String generation, LocalDate date) {
        if (partitions.isEmpty()) {
            return List.of();
        }
        // a purge still under way for this date is joined (the partitions moved meanwhile: it purges them all)
        if (tablesPurge == null || !tablesPurge.isFor(generation, date) || tablesPurge.applied()) {
            tablesPurge = purgeTables(generation, date);
        }
        long started = System.nanoTime();
        // listed once: asking for the next chunk of stale units each time scanned the whole table each time (130 ms a
        // chunk at 100,000 units)
        List<String> stale = store.staleUnits(partitions, date).block();
        LOG.info(
                "new day {}: listed {} unit(s) to re-evaluate in {} ms",
                date,
                stale.size(),
                (System.nanoTime() - started) / 1_000_000);
        return stale;
    }

    /**
     * Whether the purge of the tables that {@link #newDay} started for {@code date} is done; when it has just
     * finished, applies the same purge to what is held. One that failed is started again (a replay's switch-over
     * is rethrown as {@link GenerationChanged}, for the consumer to read its positions again).
     */
    public boolean purged(String generation, LocalDate date) {
        if (tablesPurge == null || !tablesPurge.isFor(generation, date)) {
            tablesPurge = purgeTables(generation, date);
        }
        CompletableFuture<Long> rows = tablesPurge.rows();
        if (!rows.isDone() || tablesPurge.applied()) {
            return tablesPurge.applied();
        }
        try {
            rows.join();
        } catch (CompletionException e) {
            tablesPurge = null;
            if (e.getCause() instanceof GenerationChanged changed) {
                throw changed;
            }
            LOG.warn(
                    "the purge of the tables for {} failed; starting it again: {}",
                    date,
                    e.getCause().toString());
            return false;
        }
        long started = System.nanoTime();
        committed.purgeBeyondRetention(date);
        tablesPurge = tablesPurge.appliedToMemory();
        LOG.info("new day {}: purged what is held in {} ms", date, (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private TablesPurge purgeTables(String generation, LocalDate date) {
        LocalDate retentionLimit = Window.retentionLimit(date);
        long started = System.nanoTime();
        CompletableFuture<Long> rows = tx.transactional(
                        checked(generation).then(store.purgeBeyondRetention(retentionLimit)))
                .flatMap(live -> store.purgeSideSchemas(retentionLimit).map(side -> live + side))
                .doOnNext(n -> LOG.info(
                        "new day {}: purged {} fact row(s) from the tables in {} ms",
                        date,
                        n,
                        (System.nanoTime() - started) / 1_000_000))
                .toFuture();
        return new TablesPurge(generation, date, rows, false);
    }

    /** The purge of the tables for a new day: started for a generation and a date, then applied to memory too. */
    private record TablesPurge(String generation, LocalDate date, CompletableFuture<Long> rows, boolean applied) {

        boolean isFor(String generation, LocalDate date) {
            return this.generation.equals(generation) && this.date.equals(date);
        }

        TablesPurge appliedToMemory() {
            return new TablesPurge(generation, date, rows, true);
        }
    }

    /** Re-evaluates {@code units} for {@code date} in one transaction (a chunk of a {@link #newDay}). */
    public void reevaluate(Collection<String> units, String generation, LocalDate date, Instant now) {
        Map<String, CommittedUnits.Unit> staged = new HashMap<>();
        tx.transactional(checked(generation).then(project(new LinkedHashSet<>(units), Map.of(), date, now, staged)))
                .block();
        committed.putAll(staged);
    }

    /**
     * Reads into memory, in one transaction, those of {@code unitIds} that are not held, if they fit without letting
     * go of any unit held. Returns false when they do not fit (then the memory is full and none is read).
     */
    public boolean warm(List<String> unitIds, String generation) {
        List<String> unheld = unitIds.stream().filter(u -> !committed.holds(u)).toList();
        if (unheld.isEmpty()) {
            return true;
        }
        Map<String, CommittedUnits.Unit> read = new HashMap<>();
        tx.transactional(checked(generation)
                        .then(Mono.zip(store.factsOf(unheld), store.scores(unheld)))
                        .doOnNext(t -> {
                            for (String unit : unheld) {
                                ScoreRow row = t.getT2().get(unit);
                                if (row == null) {
                                    continue; // never folded: nothing to hold yet
                                }
                                Map<String, Fact> facts = new LinkedHashMap<>();
                                for (Fact f : t.getT1().facts().getOrDefault(unit, List.of())) {
                                    facts.putIfAbsent(FactKeys.key(f), f); // as project() reads them back
                                }
                                Map<String, FactStatus> statuses =
                                        t.getT1().statuses().getOrDefault(unit, Map.of());
                                read.put(unit, new CommittedUnits.Unit(PackedFacts.of(facts.values(), statuses), row));
                            }
                        }))
                .block();
        return committed.putAllIfRoom(read);
    }

    private Mono<String> checked(String generation) {
        return store.lockGeneration().map(current -> {
            if (!current.equals(generation)) {
                throw new GenerationChanged(current);
            }
            return current;
        });
    }

    /**
     * Folds the given units from their stored facts (held, or read in this transaction) plus the arriving ones, and
     * writes the rows that changed; returns the number of records queued. What the units will be once this commits
     * goes to {@code staged}.
     */
    private Mono<Integer> project(
            Set<String> unitIds,
            Map<String, List<Fact>> arriving,
            LocalDate date,
            Instant now,
            Map<String, CommittedUnits.Unit> staged) {
        if (unitIds.isEmpty()) {
            return Mono.just(0);
        }
        Map<String, CommittedUnits.Unit> held = new HashMap<>();
        List<String> unheld = new ArrayList<>();
        for (String unit : unitIds) {
            CommittedUnits.Unit u = committed.get(unit);
            if (u != null) {
                held.put(unit, u);
            } else {
                unheld.add(unit);
            }
        }
        return Mono.zip(store.factsOf(unheld), store.units(unitIds), store.scores(unheld))
                .flatMap(t -> {
                    List<ScoreRow> changed = new ArrayList<>();
                    List<String> redated = new ArrayList<>();
                    List<OutboxRecord> published = new ArrayList<>();
                    List<ProjectionStore.StatusChange> statusChanges = new ArrayList<>();
                    for (String unit : unitIds) {
                        Map<String, Fact> facts = new LinkedHashMap<>();
                        Map<String, FactStatus> previousStatuses;
                        ScoreRow previous;
                        PackedFacts heldFacts = null;
                        CommittedUnits.Unit before = held.get(unit);
                        // what the purge of the tables for this date deletes is left out, whether it has run or not
                        if (before != null) {
                            Map<String, FactStatus> statuses = new HashMap<>();
                            heldFacts = CommittedUnits.heldOn(unit, before.facts(), date);
                            heldFacts.forEach(unit, (f, status) -> {
                                facts.put(FactKeys.key(f), f);
                                if (status != null) {
                                    statuses.put(f.id(), status);
                                }
                            });
                            previousStatuses = statuses;
                            previous = before.row();
                        } else {
                            List<Fact> stored = t.getT1().facts().getOrDefault(unit, List.of());
                            Set<String> purged = Retention.purgedFacts(stored, date);
                            for (Fact f : stored) {
                                if (!CommittedUnits.purgedWith(f, purged)) {
                                    facts.putIfAbsent(FactKeys.key(f), f);
                                }
                            }
                            previousStatuses = t.getT1().statuses().getOrDefault(unit, Map.of());
                            previous = t.getT3().get(unit);
                        }
                        for (Fact f : arriving.getOrDefault(unit, List.of())) {
                            facts.putIfAbsent(FactKeys.key(f), f); // as ON CONFLICT DO NOTHING: the stored one stays
                        }
                        Projector.Projection p = projector.project(
                                unit, facts.values(), t.getT2().get(unit), date, previous, now);
                        if (p.row().differsOnlyInDate(previous)) {
                            redated.add(unit);
                        } else if (!p.row().equals(previous)) {
                            changed.add(p.row());
                        }
                        p.statuses().forEach((eventId, status) -> {
                            if (!status.equals(previousStatuses.get(eventId))) {
                                statusChanges.add(new ProjectionStore.StatusChange(unit, eventId, status));
                            }
                        });
                        // held facts that neither grew nor changed status stay packed as they are
                        boolean asHeld = heldFacts != null
                                && !arriving.containsKey(unit)
                                && p.statuses().equals(previousStatuses);
                        PackedFacts packed = asHeld ? heldFacts : PackedFacts.of(facts.values(), p.statuses());
                        staged.put(unit, new CommittedUnits.Unit(packed, p.row()));
                        if (p.published() != null) {
                            published.add(p.published());
                        }
                    }
                    return store.upsertScores(changed, now)
                            .then(store.redate(redated, date, now))
                            .then(store.updateStatuses(statusChanges))
                            .then(store.enqueue(published))
                            .thenReturn(published.size());
                });
    }
}
