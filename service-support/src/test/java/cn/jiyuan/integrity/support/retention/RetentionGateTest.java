package cn.jiyuan.integrity.support.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.testing.MutableClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reads that could show a fact that left retention at midnight wait for the day's purge, which they start. */
class RetentionGateTest {

    private final MutableClock clock = new MutableClock();
    private final LocalDate today = ChinaTime.dateOf(clock.instant());
    private final AtomicInteger purgesStarted = new AtomicInteger();

    private RetentionGate gate(Duration wait) {
        return new RetentionGate(clock, wait, purgesStarted::incrementAndGet);
    }

    @Test
    void aReadBeforeTheDaysPurgeStartsItAndWaitsUntilItIsApplied() {
        RetentionGate gate = gate(Duration.ofSeconds(10));

        CompletableFuture<Void> read = gate.awaitTodaysPurge().toFuture();

        assertThat(purgesStarted).hasValue(1);
        assertThat(read).isNotDone();
        gate.purged(today.minusDays(1)); // a purge of an earlier day does not let it through
        assertThat(read).isNotDone();
        gate.purged(today);
        assertThat(read).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void onceTodayIsPurgedReadsPassAtOnceUntilTheNextMidnight() {
        RetentionGate gate = gate(Duration.ofSeconds(10));
        gate.purged(today);

        assertThat(gate.isPurgedToday()).isTrue();
        assertThat(gate.awaitTodaysPurge().toFuture()).isDone();
        assertThat(purgesStarted).hasValue(0);

        clock.setTo(today.plusDays(1).atStartOfDay(ChinaTime.ZONE).toInstant());
        assertThat(gate.isPurgedToday()).isFalse();
        assertThat(gate.awaitTodaysPurge().toFuture()).isNotDone();
        assertThat(purgesStarted).hasValue(1);
    }

    @Test
    void aPurgeThatDoesNotComeInTimeIsA503WithRetryAfter() {
        RetentionGate gate = gate(Duration.ofMillis(50));

        assertThatThrownBy(() -> gate.awaitTodaysPurge().block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                    assertThat(refusal.retryAfter()).isPositive();
                    assertThat(refusal.getMessage()).contains("retention");
                });
    }
}
