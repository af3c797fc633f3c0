package cn.jiyuan.integrity.support.retention;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.support.work.Signal;
import cn.jiyuan.integrity.support.work.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A service's share of the purge (SCORING.md §2: a fact with {@code occurredOn ≤ today − 5 years} leaves every
 * store): once per China date, and at start, runs {@code purge} for the day. It looks at
 * the clock every {@code checkEvery} and at each midnight in China, when facts leave retention (before 2026-11-30 only
 * every {@code checkEvery}, so a fact could stay up to that long after); a failed purge is retried with back-off until
 * it succeeds. Purges are idempotent, so every instance of a service may run its own.
 */
public final class DailyPurge implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DailyPurge.class);

    /** How long a read held by {@link #gate} waits for the day's purge before it is refused. */
    private static final Duration READ_WAIT = Duration.ofSeconds(5);

    /** How long after midnight the clock is looked at: the date has moved by then, whatever the clock's rounding. */
    private static final Duration PAST_MIDNIGHT = Duration.ofMillis(10);

    private final String what;
    private final Clock clock;
    private final ToLongFunction<LocalDate> purge;
    private final Worker worker;
    private final Signal wake = new Signal();
    private final RetentionGate gate;
    private volatile LocalDate done;

    /**
     * @param what what is purged, for the log ("objection store")
     * @param purge given today's date, deletes everything about facts beyond retention on it (those that occurred on
     *     or before {@link Window#retentionLimit}); returns how many rows went
     */
    public DailyPurge(
            String what, Clock clock, Duration checkEvery, Duration maxBackoff, ToLongFunction<LocalDate> purge) {
        this.what = what;
        this.clock = clock;
        this.purge = purge;
        this.worker = new Worker(
                "retention-purge", wake, () -> untilNextLook(checkEvery), maxBackoff, this::runIfTheDateMoved);
        this.gate = new RetentionGate(clock, READ_WAIT, wake::raise);
    }

    /** Until the clock is looked at again: {@code checkEvery}, or just past the next midnight in China if sooner. */
    Duration untilNextLook(Duration checkEvery) {
        Instant now = clock.instant();
        Instant midnight =
                ChinaTime.dateOf(now).plusDays(1).atStartOfDay(ChinaTime.ZONE).toInstant();
        Duration untilMidnight = Duration.between(now, midnight).plus(PAST_MIDNIGHT);
        return untilMidnight.compareTo(checkEvery) < 0 ? untilMidnight : checkEvery;
    }

    /** Purges now if today has not been purged yet; returns the day's retention limit. */
    public LocalDate runIfTheDateMoved() {
        LocalDate today = ChinaTime.dateOf(clock.instant());
        LocalDate limit = Window.retentionLimit(today);
        if (!today.equals(done)) {
            long n = purge.applyAsLong(today);
            LOG.info(
                    "{}: purged {} rows of facts that occurred on or before {} (retention on {})",
                    what,
                    n,
                    limit,
                    today);
            done = today;
            gate.purged(today);
        }
        return limit;
    }

    /**
     * What holds back the reads that could show a fact this purge takes away until it has run today (and starts it
     * if it has not).
     */
    public RetentionGate gate() {
        return gate;
    }

    /** The last date purged, or null before the first purge. */
    public LocalDate lastPurged() {
        return done;
    }

    @Override
    public void start() {
        wake.raise();
        worker.start();
    }

    @Override
    public void stop() {
        worker.stop();
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }
}
