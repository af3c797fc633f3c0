package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.evaluation.AnnualEvaluation;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Ranking;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import cn.jiyuan.integrity.support.refusals.Refusal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Every unit's score, grade and rank on a date, as the rules library computes them from the facts recorded by that
 * date: each unit registered by then is folded on that date, the active ones graded together (the 20% quota needs
 * all of them). A day is cached; while records keep arriving it is recomputed at most every {@code maxAge}, or as
 * often as its refreshes take where they take longer (a province's while facts arrive): an answer is a few times
 * that behind the read model at most, and never mixes two versions.
 *
 * <p>A past date, once computed and answered, is stored ({@link EvaluatedDays}), and so is the day that just ended
 * (what is evaluated with no one asking is {@link EvaluationsAhead}'s): read back after a restart or once it left the
 * memory, only the units that changed for that date are folded again (a record recorded on or before it but stored
 * since, or a purge), where computing it whole takes minutes at a province's scale. Records recorded after a past
 * date do not make its evaluation older: a refresh folds none of their units.
 *
 * <p>A date is computed once however many ask for it at the same time (requests for it share the computation), and
 * different dates are computed side by side on a few worker threads with a bounded queue: a request for which the
 * queue has no room is refused ({@link java.util.concurrent.RejectedExecutionException}, a 503) rather than held.
 * Who may ask for how many is the web layer's fair share.
 *
 * <p>The folds themselves are {@link DayFolds}'; this class decides which units of which date are folded when, and
 * keeps what they gave.
 */
public class Evaluations {

    /**
     * One unit on one date, as registered then. In a cached day the score leaves out the state of each fact
     * ({@link UnitScore#facts()} is empty: {@link #eachScore} has them).
     */
    public record Evaluated(UnitScore score, UnitHistory.Registration registration) {}

    /**
     * All units on one date, computed from read-model version {@code version}, and the active ones graded together:
     * {@code grades} is the rules' {@link Ranking}, which a refresh changes by the units it folded again.
     */
    public record Day(LocalDate asOf, long version, Map<String, Evaluated> units, Ranking grades) {

        /** The unit's grade and rank on the date, or null if it does not take part then (not registered, inactive). */
        public GradedUnit graded(String unitId) {
            Evaluated e = units.get(unitId);
            return e == null || !e.registration().active()
                    ? null
                    : grades.of(unitId, e.score().score());
        }

        /** The active units graded, best first, ties by unit id. */
        public List<GradedUnit> ranking() {
            return grades.asList();
        }
    }

    /**
     * A date's evaluation as kept; {@code purgedSince}: records were purged after it, it is only a base to refresh;
     * {@code stored}: a past date's evaluation is in {@link EvaluatedDays} (until it is, it is refreshed and stored);
     * {@code storing}: it is being written there, and answers meanwhile; {@code refreshCost}: how long the refresh
     * that gave it took (zero if it was computed whole or read back).
     */
    private record Cached(
            Day day, Instant computedAt, boolean purgedSince, boolean stored, boolean storing, Duration refreshCost) {

        Cached settled(boolean purged, boolean stored) {
            return new Cached(day, computedAt, purgedSince || purged, stored, false, refreshCost);
        }

        Cached purged() {
            return new Cached(day, computedAt, true, stored, storing, refreshCost);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Evaluations.class);
    /** Units in all the days kept together: 32 days of 30,000 units, 9 of a province's 100,000. */
    private static final int UNIT_DAYS_KEPT = 1_000_000;
    /** When to ask again while an instance is still reading what is stored at its start. */
    private static final Duration STARTING = Duration.ofSeconds(5);

    private final ReadModel model;
    private final PastDates pastDates;
    private final DayFolds folds;
    private final Clock clock;
    private final Duration maxAge;
    private final Scheduler workers;
    private final ConcurrentHashMap<LocalDate, Mono<Day>> inFlight = new ConcurrentHashMap<>();
    private final Map<LocalDate, Cached> days = new LinkedHashMap<>(16, 0.75f, true);
    private long keptUnits; // guarded by days
    private long purges; // purges that changed records; guarded by days
    private final EvaluationsAhead ahead;
    private final Timer readStored;
    private final Timer store;
    private final AtomicInteger storesUnderWay = new AtomicInteger();

    public Evaluations(
            ReadModel model,
            EvaluatedDays stored,
            ScoreFold fold,
            Clock clock,
            Duration maxAge,
            int workers,
            int queued,
            MeterRegistry meters) {
        this.readStored =
                DayFolds.timer("stored", "evaluations of a past date read back from evaluated_days, graded", meters);
        this.store = Timer.builder("query.evaluation.store")
                .description("past dates' evaluations written to evaluated_days, after they were answered")
                .register(meters);
        Gauge.builder("query.evaluation.stores.under.way", storesUnderWay::get)
                .description("past dates' evaluations being written to evaluated_days")
                .register(meters);
        this.model = model;
        this.pastDates = new PastDates(stored, model);
        this.folds = new DayFolds(model, fold, meters);
        this.clock = clock;
        this.maxAge = maxAge;
        this.workers = Schedulers.newBoundedElastic(workers, queued, "query-evaluations", 60, true);
        this.ahead = new EvaluationsAhead(this, pastDates, model, clock);
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
     * Starts today's evaluation once the memory has read what is stored (called after each tail), then stores
     * yesterday and the last {@code monthEndsAhead} month ends if they are not ({@link EvaluationsAhead#warmUp}).
     */
    public void warmUp(LocalDate today, int monthEndsAhead) {
        ahead.warmUp(today, monthEndsAhead);
    }

    /**
     * Within {@code lead} of midnight in China, evaluates the next day and keeps it fresh as it does today (called
     * after each tail; {@link EvaluationsAhead#evaluateNextDayAhead}).
     */
    public void evaluateNextDayAhead(Duration lead) {
        ahead.evaluateNextDayAhead(lead);
    }

    /** Has evaluated a date since it started (readiness). */
    public boolean isWarmedUp() {
        return ahead.isWarmedUp();
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
                    return folds.computeReading(
                            asOf, facts -> AnnualEvaluation.asCorrectedAtFreeze(facts, asOf), model.snapshot());
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
     * than twice {@code maxAge} and the last refresh's time — so that at a province's scale, where a refresh takes a
     * second or more, requests are not held behind it. With {@code maxAge} zero an answer is never older than the
     * read model.
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
                || !younger(cached, RefreshAge.servableFor(maxAge, cached.refreshCost()))) {
            return null;
        }
        dayAsync(asOf)
                .subscribe(day -> {}, e -> LOG.warn("refreshing the evaluation of {} failed: {}", asOf, e.toString()));
        return cached.day();
    }

    /**
     * The date's evaluation if it is cached and fresh, else null: an answer that costs nothing. Fresh is not older
     * than {@code maxAge}, or than the last refresh took: refreshes take at most about half the time of a worker.
     */
    public Day fresh(LocalDate asOf) {
        Cached cached;
        synchronized (days) {
            cached = days.get(asOf);
        }
        if (cached != null
                && !cached.purgedSince()
                && (cached.stored() || cached.storing() || !isPast(asOf))
                && (cached.day().version() == model.version()
                        || younger(cached, RefreshAge.freshFor(maxAge, cached.refreshCost())))) {
            return cached.day();
        }
        return null;
    }

    /** Computed less than {@code age} ago (and not after now: a clock set back does not keep a day fresh). */
    private boolean younger(Cached cached, Duration age) {
        Instant now = clock.instant();
        return !cached.computedAt().isAfter(now)
                && cached.computedAt().plus(age).isAfter(now);
    }

    private boolean isPast(LocalDate asOf) {
        return asOf.isBefore(ChinaTime.dateOf(clock.instant()));
    }

    /**
     * Stores the days held that have ended and are not stored yet (called after each tail): the day that just ended
     * is stored from the evaluation of it held while it was today, refreshed with what was recorded on it since.
     */
    public void storeEndedDays() {
        List<LocalDate> ended = new ArrayList<>();
        synchronized (days) {
            days.forEach((date, cached) -> {
                if (!cached.stored() && !cached.storing() && isPast(date)) {
                    ended.add(date);
                }
            });
        }
        ended.forEach(date -> EvaluationsAhead.inTheBackground(date, dayAsync(date)));
    }

    private Day day(LocalDate asOf) {
        Day fresh = fresh(asOf);
        if (fresh != null) {
            return fresh;
        }
        if (!model.isCaughtUp()) { // it knows some units or none: an evaluation now would leave the others out
            throw Refusal.unavailable(
                    "the service is starting: it has not yet read what is stored; retry shortly", STARTING);
        }
        Cached stale;
        long purgesBefore;
        long purgesSeen = model.purgesSeen(); // before any record is read: the store is refused if a purge came since
        synchronized (days) {
            stale = days.get(asOf);
            purgesBefore = purges;
        }
        boolean past = isPast(asOf);
        Day base = stale == null ? null : stale.day();
        Set<String> refold = Set.of();
        if (base == null && past) {
            PastDates.ReadBack read = readStored.record(() -> pastDates.readBack(asOf));
            if (read != null) {
                base = read.day();
                refold = read.refold();
            }
        }
        ReadModel.Snapshot toFold;
        if (base == null) {
            toFold = model.snapshot();
        } else if (past && !purgedSince(stale)) {
            toFold = model.changedFor(asOf, base.version(), refold);
        } else { // today, or a day a purge changed since: every unit with a record since
            toFold = model.changedAfter(base.version());
        }
        long started = System.nanoTime();
        Day day = folds.compute(asOf, base, toFold);
        Duration refreshCost = stale == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
        boolean whole = base == null || !toFold.units().isEmpty() || (stale != null && !stale.stored());
        synchronized (days) {
            boolean acrossPurge = purges != purgesBefore; // only a base to refresh, which folds the purged units again
            boolean storing = past && !acrossPurge;
            keep(asOf, new Cached(day, clock.instant(), acrossPurge, false, storing, refreshCost));
            if (storing) {
                storeAfterAnswering(day, whole ? -1 : base.version(), refold, purgesBefore, purgesSeen);
            }
        }
        return day;
    }

    /** Keeps the date's evaluation; the least recently used days go while those kept hold more units than the bound. */
    private void keep(LocalDate asOf, Cached cached) { // guarded by days
        Cached replaced = days.put(asOf, cached);
        keptUnits += cached.day().units().size()
                - (replaced == null ? 0 : replaced.day().units().size());
        Iterator<Map.Entry<LocalDate, Cached>> eldest = days.entrySet().iterator();
        while (keptUnits > UNIT_DAYS_KEPT && days.size() > 1 && eldest.hasNext()) { // one day always stays
            Map.Entry<LocalDate, Cached> e = eldest.next();
            if (!e.getKey().equals(asOf)) {
                keptUnits -= e.getValue().day().units().size();
                eldest.remove();
            }
        }
    }

    /**
     * Writes a past date's evaluation to {@link EvaluatedDays} on a worker, once it is answered: at a province's size
     * that takes most of a second. Not if a purge came first (the day is then only a base to refresh: what it stored
     * would carry none of the purge's marks): this instance's, or another's, which the store finds
     * ({@link EvaluatedDays#store}). A failed or refused store leaves the day unstored, stored at its next refresh.
     */
    private void storeAfterAnswering(
            Day day, long unchangedFrom, Set<String> refold, long purgesBefore, long purgesSeen) {
        storesUnderWay.incrementAndGet();
        Mono.fromCallable(() -> {
                    synchronized (days) {
                        if (purges != purgesBefore) {
                            return false;
                        }
                    }
                    return store.record(() -> pastDates.store(day, unchangedFrom, refold, purgesSeen));
                })
                .subscribeOn(workers)
                .onErrorReturn(false) // the workers' queue was full
                .doFinally(signal -> storesUnderWay.decrementAndGet())
                .subscribe(stored -> settle(day, stored, purgesBefore));
    }

    /**
     * The day held once its store is done (unless a refresh replaced it meanwhile, which stores itself). Stored across
     * a purge, it is let go, to be read back with the units the purge marked in it.
     */
    private void settle(Day day, boolean stored, long purgesBefore) {
        synchronized (days) {
            Cached held = days.get(day.asOf());
            if (held == null || held.day() != day) {
                return;
            }
            boolean acrossPurge = purges != purgesBefore;
            if (stored && acrossPurge) {
                days.remove(day.asOf());
                keptUnits -= day.units().size();
            } else {
                days.put(day.asOf(), held.settled(acrossPurge, stored));
            }
        }
    }

    /** Past dates' evaluations being written to {@link EvaluatedDays} now. */
    public int storesUnderWay() {
        return storesUnderWay.get();
    }

    private static boolean purgedSince(Cached cached) {
        return cached != null && cached.purgedSince();
    }

    /**
     * After the daily purge: the stored past dates held are let go, to be read back with the units marked in them;
     * and no other cached date the purge can change is given again before it is refreshed, which folds again the
     * units the purge changed ({@link ReadModel#purge} marks them); a date computed whole again would take minutes at
     * a province's scale. Today, and any date after the last the purge can change, stay as they are.
     */
    public void purged(ReadModel.Purge purge) {
        synchronized (days) {
            // The stored past dates are read back next, with the units any instance's purge marked in them.
            Iterator<Map.Entry<LocalDate, Cached>> held = days.entrySet().iterator();
            while (held.hasNext()) {
                Map.Entry<LocalDate, Cached> e = held.next();
                if (e.getValue().stored() && isPast(e.getKey())) {
                    keptUnits -= e.getValue().day().units().size();
                    held.remove();
                }
            }
            if (!purge.units().isEmpty()) {
                days.replaceAll((date, cached) -> date.isAfter(purge.lastDateChanged()) ? cached : cached.purged());
            }
            purges++;
        }
    }

    /** One unit on a date, without grading (for a unit that is not registered or not active then). */
    public UnitScore score(UnitHistory history, LocalDate asOf) {
        return folds.score(history, asOf);
    }

    /**
     * Every unit registered on {@code asOf} with its score on that date, a chunk of units at a time (their facts read
     * back if not held), to {@code each}: the scores of all units are never all in memory at once.
     */
    public void eachScore(LocalDate asOf, Predicate<String> units, BiConsumer<UnitHistory, UnitScore> each) {
        folds.eachScore(asOf, units, each);
    }
}
