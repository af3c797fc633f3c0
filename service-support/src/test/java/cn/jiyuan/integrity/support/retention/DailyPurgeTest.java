package cn.jiyuan.integrity.support.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DailyPurgeTest {

    @Test
    void purgesOncePerChinaDate() {
        MutableClock clock = new MutableClock();
        clock.setTo(Instant.parse("2031-03-10T15:30:00Z")); // 23:30 in Beijing, 2031-03-10
        List<LocalDate> days = new ArrayList<>();
        DailyPurge purge = new DailyPurge("test store", clock, Duration.ofMinutes(1), Duration.ofSeconds(1), limit -> {
            days.add(limit);
            return 1;
        });

        purge.runIfTheDateMoved();
        purge.runIfTheDateMoved();
        clock.setTo(Instant.parse("2031-03-10T15:59:59Z"));
        purge.runIfTheDateMoved();
        assertThat(days).containsExactly(LocalDate.of(2031, 3, 10));
        assertThat(purge.runIfTheDateMoved()).isEqualTo(LocalDate.of(2026, 3, 10));

        clock.setTo(Instant.parse("2031-03-10T16:00:00Z")); // midnight in Beijing
        purge.runIfTheDateMoved();
        assertThat(days).containsExactly(LocalDate.of(2031, 3, 10), LocalDate.of(2031, 3, 11));
        assertThat(purge.lastPurged()).isEqualTo(LocalDate.of(2031, 3, 11));
    }

    @Test
    void aFailedPurgeIsTriedAgainTheSameDay() {
        MutableClock clock = new MutableClock();
        clock.setTo(Instant.parse("2031-03-10T00:00:00Z"));
        int[] calls = {0};
        DailyPurge purge = new DailyPurge("test store", clock, Duration.ofMinutes(1), Duration.ofSeconds(1), limit -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("database down");
            }
            return 0;
        });

        try {
            purge.runIfTheDateMoved();
        } catch (IllegalStateException expected) {
            // the worker backs off and calls again
        }
        assertThat(purge.lastPurged()).isNull();
        purge.runIfTheDateMoved();
        assertThat(purge.lastPurged()).isEqualTo(LocalDate.of(2031, 3, 10));
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void theClockIsLookedAtJustAfterMidnightInChinaWhenThatComesBeforeTheNextCheck() {
        MutableClock clock = new MutableClock();
        DailyPurge purge = new DailyPurge("test store", clock, Duration.ofMinutes(1), Duration.ofSeconds(1), l -> 0);

        clock.setTo(Instant.parse("2031-03-10T15:59:30Z")); // 23:59:30 in Beijing
        assertThat(purge.untilNextLook(Duration.ofMinutes(1)))
                .isBetween(Duration.ofSeconds(30), Duration.ofMillis(30_010));
        clock.setTo(Instant.parse("2031-03-10T04:00:00Z")); // noon in Beijing
        assertThat(purge.untilNextLook(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aRunningPurgeRunsForTheNewDayAtMidnightNotAtItsNextHourlyCheck() {
        // a clock on which midnight in China comes 1.5 s after now, real time passing
        Instant now = Instant.now();
        Instant midnight = now.atZone(ChinaTime.ZONE)
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(ChinaTime.ZONE)
                .toInstant();
        Clock clock =
                Clock.offset(Clock.systemUTC(), Duration.between(now, midnight).minusMillis(1_500));
        List<LocalDate> days = new CopyOnWriteArrayList<>();
        DailyPurge purge = new DailyPurge("test store", clock, Duration.ofHours(1), Duration.ofSeconds(1), day -> {
            days.add(day);
            return 0;
        });

        purge.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> days.size() == 2);
            assertThat(days.get(1)).isEqualTo(days.get(0).plusDays(1));
        } finally {
            purge.stop();
        }
    }
}
