package cn.jiyuan.integrity.support.retention;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Holds back the answers that could still count or show a fact that left retention at the last midnight in China
 * (SCORING.md §2: "a fact past retention today counts for no date any more") until the service's {@link DailyPurge}
 * of the day has taken it out of everything the instance answers from. The purge starts just after midnight and at a
 * start, and takes seconds at a province's scale; a read that finds it not yet run for today starts it and waits for
 * it, at most {@code wait} (5 s in the services), then is refused with 503 and {@code Retry-After}. Each
 * {@link DailyPurge} has one ({@link DailyPurge#gate}).
 */
public final class RetentionGate {

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration wait;
    private final Sinks.Many<LocalDate> purges = Sinks.many().replay().latest();
    private final Runnable purgeNow;
    private volatile LocalDate purgedOn;

    /**
     * @param wait how long a read waits for the day's purge before it is refused
     * @param purgeNow starts the day's purge now if it has not run (the service's {@link DailyPurge})
     */
    RetentionGate(Clock clock, Duration wait, Runnable purgeNow) {
        this.clock = clock;
        this.wait = wait;
        this.purgeNow = purgeNow;
    }

    /** The purge of {@code date} has been applied everywhere this instance answers from. Called by one thread. */
    void purged(LocalDate date) {
        purgedOn = date;
        purges.tryEmitNext(date);
    }

    /** Whether the purge of today (in China) has been applied. */
    public boolean isPurgedToday() {
        LocalDate on = purgedOn;
        return on != null && !on.isBefore(ChinaTime.dateOf(clock.instant()));
    }

    /**
     * Completes at once if today's purge has been applied, else once it has (started here if it has not): the answer
     * that follows counts no fact beyond retention. Fails with 503 if it takes longer than {@code wait}.
     */
    public Mono<Void> awaitTodaysPurge() {
        if (isPurgedToday()) {
            return Mono.empty();
        }
        LocalDate today = ChinaTime.dateOf(clock.instant());
        purgeNow.run();
        return purges.asFlux()
                .filter(date -> !date.isBefore(today))
                .next()
                .then()
                .timeout(
                        wait,
                        Mono.error(() -> Refusal.unavailable(
                                "the facts that left retention at midnight are being purged; retry shortly", RETRY)));
    }
}
