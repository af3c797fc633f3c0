package cn.jiyuan.integrity.support;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.support.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CalendarHealthTest {

    private static WorkdayCalendar calendarOf(String json) {
        return WorkdayCalendar.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void showsTheCoveredYearsAndWhetherThisYearAndNextAreAmongThem() {
        WorkdayCalendar calendar = calendarOf("{\"years\": {\"2026\": {\"off\": [\"01-01\"], \"makeUp\": []}}}");
        MutableClock clock = new MutableClock();
        clock.setTo(Instant.parse("2026-11-27T02:00:00Z"));
        CalendarHealth health = new CalendarHealth(calendar, clock);

        assertThat(health.health().getDetails())
                .containsEntry("thisYearCovered", true)
                .containsEntry("nextYearCovered", false)
                .doesNotContainKey("warning"); // November: the State Council's notice may still come
        clock.setTo(Instant.parse("2026-11-30T16:00:00Z")); // 2026-12-01 in Beijing
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        assertThat((String) health.health().getDetails().get("warning")).contains("2027", "尚未录入");
        clock.setTo(Instant.parse("2026-12-31T16:00:00Z")); // 2027-01-01 in Beijing
        assertThat(health.health().getDetails()).containsEntry("thisYearCovered", false);
        assertThat((String) health.health().getDetails().get("warning")).contains("2027", "周一至周五");

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        health.bindTo(registry);
        assertThat(registry.get("integrity.calendar.covered.through.year")
                        .gauge()
                        .value())
                .isEqualTo(2026);
    }
}
