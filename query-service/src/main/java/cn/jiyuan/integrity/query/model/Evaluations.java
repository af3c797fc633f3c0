package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.evaluation.AnnualEvaluation;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Grading;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Every unit's score, grade and rank on a date, as the rules library computes them from the facts recorded by that
 * date: each unit registered by then is folded on that date, the active ones graded together (the 20% quota needs
 * all of them). A day is cached; while records keep arriving it is recomputed at most every {@code maxAge} (an
 * answer is at most that much behind the read model, and never mixes two versions).
 *
 * <p>A date is computed once however many ask for it at the same time (requests for it share the computation), and
 * different dates are computed side by side on a few worker threads with a bounded queue: a request for which the
 * queue has no room is refused ({@link java.util.concurrent.RejectedExecutionException}, a 503) rather than held.
 * Who may ask for how many is the web layer's fair share.
 */
public class Evaluations {

    /**
     * One unit on one date; {@code graded} is null for a unit not taking part (inactive) on that date. In a cached day
     * the score leaves out the state of each fact ({@link UnitScore#facts()} is empty: {@link #eachScore} has them).
     */
    public record Evaluated(UnitScore score, GradedUnit graded, UnitHistory.Registration registration) {}

    /** All units on one date, ranked best first, computed from read-model version {@code version}. */
    public record Day(LocalDate asOf, long version, Map<String, Evaluated> units, List<GradedUnit> ranking) {}

    /** A date's evaluation as kept; {@code purgedSince}: records were purged after it, it is only a base to refresh. */
    private record Cached(Day day, Instant computedAt, boolean purgedSince) {}

    private static final Logger LOG = LoggerFactory.getLogger(Evaluations.class);
    /** Units in all the days kept together: 32 days of 30,000 units, 9 of a province's 100,000. */
    private static final int UNIT_DAYS_KEPT = 1_000_000;
    /** Units whose facts are read back and folded at a time. */
    private static final int CHUNK = 2_000;

    private final ReadModel model;
    private final ScoreFold fold;
    private final Clock clock;
    private final Duration maxAge;
    private final Scheduler workers;
    private final ConcurrentHashMap<LocalDate, Mono<Day>> inFlight = new ConcurrentHashMap<>();
    private final Map<LocalDate, Cached> days = new LinkedHashMap<>(16, 0.75f, true);
    private long keptUnits; // guarded by days
    private long purges; // purges that changed records; guarded by days
    private final Map<IndicatorScore, IndicatorScore> sharedIndicators = new ConcurrentHashMap<>();
    private final AtomicBoolean warming = new AtomicBoolean();
    private volatile boolean warmedUp;
    private final Timer whole;
    private final Timer refresh;

    public Evaluations(
            ReadModel model,
            ScoreFold fold,
            Clock clock,
            Duration maxAge,
            int workers,
            int queued,
            MeterRegistry meters) {
        this.whole = Timer.builder("query.evaluation")
                .description("evaluations of a date: every unit folded")
                .tag("kind", "whole")
                .register(meters);
        this.refresh = Timer.builder("query.evaluation")
                .description("evaluations of a date refreshed from the cached one")
                .tag("kind", "refresh")
                .register(meters);
        this.model = model;
        this.fold = fold;
        this.clock = clock;
        this.maxAge = maxAge;
        this.workers = Schedulers.newBoundedElastic(workers, queued, "query-evaluations", 60, true);
    }

    /**
     * The date's evaluation: at once when cached and fresh; otherwise computed on a worker thread (a past date's
     * folds take a few hundred milliseconds, which must not stall the event loop serving other requests), shared with
     * every other request for the same date meanwhile.
     */
    public Mono<Day> dayAsync(LocalDate asOf) {
        Day fresh = fresh(asOf);
        if (fresh != null) {
            return Mono.just(fresh);
        }
        return inFlight.computeIfAbsent(
                asOf,
                date -> Mono.fromCallable(() -> day(date))
                        .subscribeOn(workers)
                        .doFinally(signal -> inFlight.remove(date)) // a finished day is kept in days, not here
                        .cache());
    }

    /**
     * Starts today's evaluation once the memory has read what is stored (called after each tail), so that an
     * instance is ready only when its first answers cost nothing: at a province's scale that evaluation takes
     * minutes, which a first request would otherwise wait for. A failed one is started again after the next tail.
     */
    public void warmUp(LocalDate today) {
        if (!model.isCaughtUp() || warming.getAndSet(true)) {
            return;
        }
        dayAsync(today).subscribe(day -> warmedUp = true, e -> {
            warming.set(false);
            LOG.warn("evaluating {} after the start failed, tried again: {}", today, e.toString());
        });
    }

    /** Has evaluated a date since it started (readiness). */
    public boolean isWarmedUp() {
        return warmedUp;
    }

    /** The computation of the date under way, or null: joining it costs nothing more (no fair share to spend). */
    public Mono<Day> underWay(LocalDate asOf) {
        return inFlight.get(asOf);
    }

    /**
     * The date's evaluation for an official result: from everything stored by now (the memory first reads what is
     * stored; nothing cached is used), corrections approved since the date included (the rules'
     * {@link AnnualEvaluation#asCorrectedAtFreeze}).
     */
    public Mono<Day> dayFromEverythingStored(LocalDate asOf) {
        return Mono.fromCallable(() -> {
                    model.tail();
                    return compute(asOf, facts -> AnnualEvaluation.asCorrectedAtFreeze(facts, asOf), true, null);
                })
                .subscribeOn(workers);
    }

    /** {@code work} on the evaluations' workers (a fold over every unit must not stall the event loop). */
    public <T> Mono<T> onWorkers(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(workers);
    }

    /**
     * The date's evaluation if it can be given now, else null: an answer that costs nothing. That is the cached day
     * if it is fresh; or, while a refresh of it runs (started here if none is), the cached day if it is not older
     * than twice {@code maxAge} — so that at a province's scale, where a refresh takes a good part of a second,
     * requests are not held behind it. With {@code maxAge} zero an answer is never older than the read model.
     */
    public Day servable(LocalDate asOf) {
        Day fresh = fresh(asOf);
        if (fresh != null) {
            return fresh;
        }
        Cached cached;
        synchronized (days) {
            cached = days.get(asOf);
        }
        if (cached == null
                || cached.purgedSince()
                || !cached.computedAt().plus(maxAge.multipliedBy(2)).isAfter(clock.instant())) {
            return null;
        }
        dayAsync(asOf)
                .subscribe(day -> {}, e -> LOG.warn("refreshing the evaluation of {} failed: {}", asOf, e.toString()));
        return cached.day();
    }

    /** The date's evaluation if it is cached and fresh, else null: an answer that costs nothing. */
    public Day fresh(LocalDate asOf) {
        Cached cached;
        synchronized (days) {
            cached = days.get(asOf);
        }
        if (cached != null
                && !cached.purgedSince()
                && (cached.day().version() == model.version()
                        || cached.computedAt().plus(maxAge).isAfter(clock.instant()))) {
            return cached.day();
        }
        return null;
    }

    private Day day(LocalDate asOf) {
        Day fresh = fresh(asOf);
        if (fresh != null) {
            return fresh;
        }
        Cached stale;
        long purgesBefore;
        synchronized (days) {
            stale = days.get(asOf);
            purgesBefore = purges;
        }
        Day day = compute(asOf, facts -> facts, false, stale == null ? null : stale.day());
        synchronized (days) {
            // computed across a purge: kept only as the base of the next refresh, which folds the purged units again
            Cached replaced = days.put(asOf, new Cached(day, clock.instant(), purges != purgesBefore));
            keptUnits += day.units().size()
                    - (replaced == null ? 0 : replaced.day().units().size());
            // the least recently used days go while the days kept hold more units than the bound (one day always stays)
            Iterator<Map.Entry<LocalDate, Cached>> eldest = days.entrySet().iterator();
            while (keptUnits > UNIT_DAYS_KEPT && days.size() > 1 && eldest.hasNext()) {
                Map.Entry<LocalDate, Cached> e = eldest.next();
                if (!e.getKey().equals(asOf)) {
                    keptUnits -= e.getValue().day().units().size();
                    eldest.remove();
                }
            }
        }
        return day;
    }

    /**
     * After the read model purged {@code records} stored records: if any, no cached date is given again before it is
     * refreshed, which folds again the units the purge changed ({@link ReadModel#purge} marks them); a date computed
     * whole again would take minutes at a province's scale. If none, the dates stay as they are.
     */
    public void purged(long records) {
        if (records > 0) {
            synchronized (days) {
                days.replaceAll((date, cached) -> new Cached(cached.day(), cached.computedAt(), true));
                purges++;
            }
        }
    }

    /** One unit on a date, without grading (for a unit that is not registered or not active then). */
    public UnitScore score(UnitHistory history, LocalDate asOf) {
        return fold.score(history.unitId(), history.facts(), asOf);
    }

    /**
     * Every unit registered on {@code asOf} with its score on that date, a chunk of units at a time (their facts read
     * back if not held), to {@code each}: the scores of all units are never all in memory at once.
     */
    public void eachScore(LocalDate asOf, Predicate<String> units, BiConsumer<UnitHistory, UnitScore> each) {
        ReadModel.Snapshot snapshot = model.snapshot();
        List<UnitHistory> registered = snapshot.units().stream()
                .filter(h -> units.test(h.unitId()) && h.registrationOn(asOf) != null)
                .toList();
        model.inChunks(snapshot, registered, CHUNK, chunk -> {
            List<UnitScore> scores = chunk.parallelStream()
                    .map(h -> fold.score(h.unitId(), h.facts(), asOf))
                    .toList();
            for (int i = 0; i < chunk.size(); i++) {
                each.accept(chunk.get(i), scores.get(i));
            }
        });
    }

    /**
     * Folds every unit registered on the date (a chunk of units at a time: their facts are read back if the memory
     * does not hold them) and grades the active ones together. With {@code withFacts} false, the day keeps each unit's
     * score without the state of each fact (a province's day would otherwise hold every fact).
     *
     * <p>Given the same date's evaluation at an earlier version ({@code base}), only the units with a record stored
     * since are folded again; the others keep their scores (a unit's score is a fold of its own records). The grading
     * is always over every active unit.
     */
    private Day compute(LocalDate asOf, UnaryOperator<List<Fact>> reading, boolean withFacts, Day base) {
        return (base == null ? whole : refresh).record(() -> computeUntimed(asOf, reading, withFacts, base));
    }

    private Day computeUntimed(LocalDate asOf, UnaryOperator<List<Fact>> reading, boolean withFacts, Day base) {
        ReadModel.Snapshot snapshot = base == null ? model.snapshot() : model.changedAfter(base.version());
        List<UnitHistory> toFold = snapshot.units().stream()
                .filter(h -> h.registrationOn(asOf) != null)
                .toList();
        Map<String, Evaluated> units = new HashMap<>(base == null ? Map.of() : base.units());
        // The folds are independent and pure: spread over the cores.
        model.inChunks(
                snapshot,
                toFold,
                CHUNK,
                chunk -> chunk.parallelStream()
                        .map(h -> {
                            UnitScore score = fold.score(h.unitId(), reading.apply(h.facts()), asOf);
                            return new Evaluated(withFacts ? score : withoutFacts(score), null, h.registrationOn(asOf));
                        })
                        .toList()
                        .forEach(e -> units.put(e.score().unitId(), e)));
        Map<String, BigDecimal> active = new HashMap<>();
        units.forEach((id, e) -> {
            if (e.registration().active()) {
                active.put(id, e.score().score());
            }
        });
        List<GradedUnit> ranking = Grading.grade(active);
        Map<String, GradedUnit> graded = new HashMap<>();
        ranking.forEach(g -> graded.put(g.unitId(), g));
        // a unit whose grade and rank did not move keeps its evaluation (most do, and old objects cost a young GC less)
        units.replaceAll((id, e) -> Objects.equals(e.graded(), graded.get(id))
                ? e
                : new Evaluated(e.score(), graded.get(id), e.registration()));
        return new Day(asOf, snapshot.version(), Collections.unmodifiableMap(units), List.copyOf(ranking));
    }

    /** The score without the state of each fact; its indicator scores shared with every equal one (most are full). */
    private UnitScore withoutFacts(UnitScore s) {
        List<IndicatorScore> indicators = new ArrayList<>(s.indicators().size());
        for (IndicatorScore i : s.indicators()) {
            indicators.add(sharedIndicators.computeIfAbsent(i, x -> x));
        }
        return new UnitScore(
                s.unitId(),
                s.asOf(),
                s.catalogVersion(),
                s.score(),
                s.rawScore(),
                s.debtorListed(),
                indicators,
                List.of());
    }
}
