package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.query.model.Evaluations.Day;
import cn.jiyuan.integrity.rules.ChinaTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dates {@link Evaluations} evaluates with no one asking, so that no one waits for them when they are asked for:
 * today after a start, yesterday and the last month ends if no instance stored them, and the next day before midnight.
 */
final class EvaluationsAhead {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationsAhead.class);

    private final Evaluations evaluations;
    private final PastDates pastDates;
    private final ReadModel model;
    private final Clock clock;
    private final AtomicBoolean warming = new AtomicBoolean();
    private volatile boolean warmedUp;

    EvaluationsAhead(Evaluations evaluations, PastDates pastDates, ReadModel model, Clock clock) {
        this.evaluations = evaluations;
        this.pastDates = pastDates;
        this.model = model;
        this.clock = clock;
    }

    /**
     * Starts today's evaluation once the memory has read what is stored (called after each tail), so that an
     * instance is ready only when its first answers cost nothing: at a province's scale that evaluation takes
     * minutes, which a first request would otherwise wait for. A failed one is started again after the next tail.
     * Then yesterday is stored if it is not (no instance was running when it ended), so that it costs nothing either,
     * and the last {@code monthEndsAhead} month ends too ({@link #evaluateMonthEndsAhead}).
     */
    void warmUp(LocalDate today, int monthEndsAhead) {
        if (!model.isCaughtUp() || warming.getAndSet(true)) {
            return;
        }
        evaluations
                .dayAsync(today)
                .subscribe(
                        day -> {
                            warmedUp = true;
                            storeIfNotStored(today.minusDays(1));
                            evaluateMonthEndsAhead(today, monthEndsAhead);
                        },
                        e -> {
                            warming.set(false);
                            LOG.warn("evaluating {} after the start failed, tried again: {}", today, e.toString());
                        });
    }

    /**
     * Evaluates and stores the last {@code months} month ends before {@code today} that are not stored yet, newest
     * first, one after the other in the background. Departments report monthly and quarterly (SCORING.md §3), so a
     * month end is the past date most asked for; one never evaluated is computed whole, which at a province's scale
     * takes many times the two seconds a ranking as of a past date may take, and once stored it is read back in about
     * a second. Each date already stored (by any instance, or before the last start) costs one query.
     */
    private void evaluateMonthEndsAhead(LocalDate today, int months) {
        List<LocalDate> monthEnds = new ArrayList<>();
        LocalDate end = today.withDayOfMonth(1).minusDays(1);
        while (monthEnds.size() < months && !end.isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
            monthEnds.add(end);
            end = end.withDayOfMonth(1).minusDays(1);
        }
        Flux.fromIterable(monthEnds)
                .concatMap(date -> evaluatedIfNotStored(date).onErrorResume(e -> {
                    LOG.warn("evaluating the month end {} ahead failed: {}", date, e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    private void storeIfNotStored(LocalDate date) {
        if (date.isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
            return;
        }
        inTheBackground(date, evaluatedIfNotStored(date));
    }

    /** The past date evaluated (which stores it) if no instance has stored it; empty, and nothing read back, if one has. */
    private Mono<Day> evaluatedIfNotStored(LocalDate date) {
        return evaluations
                .onWorkers(() -> pastDates.isStored(date))
                .filter(isStored -> !isStored)
                .flatMap(absent -> evaluations.dayAsync(date));
    }

    /**
     * Within {@code lead} of midnight in China, evaluates the next day and keeps it fresh as it does today (called after
     * each tail). At midnight the new day is then the day held, refreshed by the units changed since; computed whole it
     * would take seconds at a province's scale, during which every read of today waits. It is evaluated as of that
     * day, so the facts that enter or leave the three-year window at midnight are in it already; no one is answered
     * with it before midnight (a date after today is refused at the door).
     */
    void evaluateNextDayAhead(Duration lead) {
        if (lead.isZero() || !model.isCaughtUp()) {
            return;
        }
        Instant now = clock.instant();
        LocalDate next = ChinaTime.dateOf(now).plusDays(1);
        if (now.plus(lead).isBefore(next.atStartOfDay(ChinaTime.ZONE).toInstant())
                || evaluations.fresh(next) != null
                || evaluations.underWay(next) != null) {
            return;
        }
        inTheBackground(next, evaluations.dayAsync(next));
    }

    /** Has evaluated a date since it started (readiness). */
    boolean isWarmedUp() {
        return warmedUp;
    }

    /** Runs the date's evaluation (a past date's stores it) with no one waiting: a failure is logged. */
    static void inTheBackground(LocalDate date, Mono<Day> evaluation) {
        evaluation.subscribe(
                day -> {}, e -> LOG.warn("evaluating {} in the background failed: {}", date, e.toString()));
    }
}
