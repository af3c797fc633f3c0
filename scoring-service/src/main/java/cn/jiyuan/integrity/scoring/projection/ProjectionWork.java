package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
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
import org.apache.kafka.common.TopicPartition;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The projection's transactions: a polled batch applied with its offsets, or a set of units re-evaluated for a new
 * date. Each runs in one database transaction that first share-locks the generation, so that a replay's switch never
 * interleaves with it, and fails with {@link GenerationChanged} when the projection was swapped underneath.
 */
public class ProjectionWork {

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

    /** Above this many cached facts the caches start over (bounded memory; they refill from PostgreSQL). */
    private final int maxCachedFacts;

    private int cachedFacts;

    /**
     * The stored facts and rows of the units this instance owns, as committed: the consumer is their only writer (one
     * thread, co-partitioned topics), so after a commit they equal the tables and a batch need not read back from
     * PostgreSQL what it wrote before. Only what a committed transaction wrote enters them; {@link #forget} empties
     * them on every change of ownership or generation and after a purge.
     */
    private final Map<String, Map<String, Fact>> factCache = new HashMap<>();

    private final Map<String, ScoreRow> rowCache = new HashMap<>();

    private final Map<String, Map<String, FactStatus>> statusCache = new HashMap<>();

    /** What a transaction would put into the caches once it commits. */
    private static final class Staged {
        final Map<String, Map<String, Fact>> facts = new HashMap<>();
        final Map<String, ScoreRow> rows = new HashMap<>();
        final Map<String, Map<String, FactStatus>> statuses = new HashMap<>();
    }

    public ProjectionWork(ProjectionStore store, Projector projector, TransactionalOperator tx, int maxCachedFacts) {
        this.store = store;
        this.projector = projector;
        this.tx = tx;
        this.maxCachedFacts = maxCachedFacts;
    }

    public ProjectionStore store() {
        return store;
    }

    /** Drops the caches (partitions moved, the projection was swapped, facts were purged). */
    public void forget() {
        factCache.clear();
        rowCache.clear();
        statusCache.clear();
        cachedFacts = 0;
    }

    private void commit(Staged staged) {
        int growth = 0;
        for (Map.Entry<String, Map<String, Fact>> unit : staged.facts.entrySet()) {
            Map<String, Fact> before = factCache.get(unit.getKey());
            growth += unit.getValue().size() - (before == null ? 0 : before.size());
        }
        if (cachedFacts + growth > maxCachedFacts) {
            forget();
            growth = staged.facts.values().stream().mapToInt(Map::size).sum();
        }
        cachedFacts += growth;
        factCache.putAll(staged.facts);
        rowCache.putAll(staged.rows);
        statusCache.putAll(staged.statuses);
    }

    /** The generation now, without holding a lock past this call. */
    public String generation() {
        return tx.transactional(store.lockGeneration()).block();
    }

    /** Applies one batch and its offsets in one transaction. Returns how many unit-scores records it queued. */
    public int apply(Batch batch, String generation, LocalDate date, Instant now) {
        Staged staged = new Staged();
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
        commit(staged);
        return queued;
    }

    /**
     * Re-evaluates, in transactions of {@code chunk} units, every unit of {@code partitions} whose row is not yet for
     * {@code date}, after purging facts beyond retention. Returns the number of units re-evaluated.
     */
    public int reevaluate(Collection<Integer> partitions, String generation, LocalDate date, Instant now, int chunk) {
        if (partitions.isEmpty()) {
            return 0;
        }
        LocalDate retentionLimit = Window.retentionLimit(date);
        tx.transactional(checked(generation).then(store.purgeBeyondRetention(retentionLimit)))
                .block();
        store.purgeSideSchemas(retentionLimit).block();
        forget();
        int done = 0;
        while (true) {
            Staged staged = new Staged();
            Integer n = tx.transactional(checked(generation)
                            .then(store.staleUnits(partitions, date, chunk))
                            .flatMap(units -> project(new LinkedHashSet<>(units), Map.of(), date, now, staged)
                                    .thenReturn(units.size())))
                    .block();
            commit(staged);
            done += n;
            if (n < chunk) {
                return done;
            }
        }
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
     * Folds the given units from their stored facts (cached, or read in this transaction) plus the arriving ones, and
     * writes the rows that changed; returns the number of records queued. Cache updates go to {@code staged}.
     */
    private Mono<Integer> project(
            Set<String> unitIds, Map<String, List<Fact>> arriving, LocalDate date, Instant now, Staged staged) {
        if (unitIds.isEmpty()) {
            return Mono.just(0);
        }
        List<String> uncachedFacts = new ArrayList<>();
        List<String> uncachedRows = new ArrayList<>();
        for (String unit : unitIds) {
            if (!factCache.containsKey(unit)) {
                uncachedFacts.add(unit);
            }
            if (!rowCache.containsKey(unit)) {
                uncachedRows.add(unit);
            }
        }
        return Mono.zip(store.factsOf(uncachedFacts), store.units(unitIds), store.scores(uncachedRows))
                .flatMap(t -> {
                    List<ScoreRow> changed = new ArrayList<>();
                    List<OutboxRecord> published = new ArrayList<>();
                    List<ProjectionStore.StatusChange> statusChanges = new ArrayList<>();
                    for (String unit : unitIds) {
                        Map<String, Fact> facts = new LinkedHashMap<>();
                        Map<String, Fact> cached = factCache.get(unit);
                        Map<String, FactStatus> previousStatuses;
                        if (cached != null) {
                            facts.putAll(cached);
                            previousStatuses = statusCache.getOrDefault(unit, Map.of());
                        } else {
                            for (Fact f : t.getT1().facts().getOrDefault(unit, List.of())) {
                                facts.putIfAbsent(FactKeys.key(f), f);
                            }
                            previousStatuses = t.getT1().statuses().getOrDefault(unit, Map.of());
                        }
                        for (Fact f : arriving.getOrDefault(unit, List.of())) {
                            facts.putIfAbsent(FactKeys.key(f), f); // as ON CONFLICT DO NOTHING: the stored one stays
                        }
                        staged.facts.put(unit, facts);
                        ScoreRow previous = rowCache.containsKey(unit)
                                ? rowCache.get(unit)
                                : t.getT3().get(unit);
                        Projector.Projection p = projector.project(
                                unit, facts.values(), t.getT2().get(unit), date, previous, now);
                        if (!p.row().equals(previous)) {
                            changed.add(p.row());
                        }
                        staged.rows.put(unit, p.row());
                        p.statuses().forEach((eventId, status) -> {
                            if (!status.equals(previousStatuses.get(eventId))) {
                                statusChanges.add(new ProjectionStore.StatusChange(unit, eventId, status));
                            }
                        });
                        staged.statuses.put(unit, p.statuses());
                        if (p.published() != null) {
                            published.add(p.published());
                        }
                    }
                    return store.upsertScores(changed, now)
                            .then(store.updateStatuses(statusChanges))
                            .then(store.enqueue(published))
                            .thenReturn(published.size());
                });
    }
}
