package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
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

    public ProjectionWork(ProjectionStore store, Projector projector, TransactionalOperator tx) {
        this.store = store;
        this.projector = projector;
        this.tx = tx;
    }

    public ProjectionStore store() {
        return store;
    }

    /** The generation now, without holding a lock past this call. */
    public String generation() {
        return tx.transactional(store.lockGeneration()).block();
    }

    /** Applies one batch and its offsets in one transaction. Returns how many unit-scores records it queued. */
    public int apply(Batch batch, String generation, LocalDate date, Instant now) {
        Mono<Integer> work = checked(generation)
                .then(store.insertFacts(batch.facts()))
                .then(store.upsertUnits(batch.units()))
                .then(project(batch.touched(), date, now))
                .flatMap(queued -> store.saveOffsets(batch.nextOffsets()).thenReturn(queued));
        return tx.transactional(work).block();
    }

    /**
     * Re-evaluates, in transactions of {@code chunk} units, every unit of {@code partitions} whose row is not yet for
     * {@code date}, after purging facts beyond retention. Returns the number of units re-evaluated.
     */
    public int reevaluate(Collection<Integer> partitions, String generation, LocalDate date, Instant now, int chunk) {
        if (partitions.isEmpty()) {
            return 0;
        }
        LocalDate retentionLimit = date.minusYears(Window.RETENTION_YEARS);
        tx.transactional(checked(generation).then(store.purgeBeyondRetention(retentionLimit)))
                .block();
        int done = 0;
        while (true) {
            Integer n = tx.transactional(checked(generation)
                            .then(store.staleUnits(partitions, date, chunk))
                            .flatMap(units -> project(new LinkedHashSet<>(units), date, now)
                                    .thenReturn(units.size())))
                    .block();
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

    /** Folds the given units from the stored facts and writes the rows that changed; returns records queued. */
    private Mono<Integer> project(Set<String> unitIds, LocalDate date, Instant now) {
        if (unitIds.isEmpty()) {
            return Mono.just(0);
        }
        return Mono.zip(store.factsOf(unitIds), store.units(unitIds), store.scores(unitIds))
                .flatMap(t -> {
                    List<ScoreRow> changed = new ArrayList<>();
                    List<OutboxRecord> published = new ArrayList<>();
                    for (String unit : unitIds) {
                        ScoreRow previous = t.getT3().get(unit);
                        Projector.Projection p = projector.project(
                                unit,
                                t.getT1().getOrDefault(unit, List.of()),
                                t.getT2().get(unit),
                                date,
                                previous,
                                now);
                        if (!p.row().equals(previous)) {
                            changed.add(p.row());
                        }
                        if (p.published() != null) {
                            published.add(p.published());
                        }
                    }
                    return store.upsertScores(changed, now)
                            .then(store.enqueue(published))
                            .thenReturn(published.size());
                });
    }

    /** Helper for callers assembling a batch. */
    public static Map<TopicPartition, Long> nextOffsets() {
        return new LinkedHashMap<>();
    }
}
