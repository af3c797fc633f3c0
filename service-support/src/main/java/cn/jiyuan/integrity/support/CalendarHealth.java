package cn.jiyuan.integrity.support;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.SortedSet;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * "workdayCalendar" in health, and the gauge {@code integrity_calendar_covered_through_year}: which years the
 * working-day calendar covers (audit D6). A year without data counts Monday to Friday (SCORING.md §2) — deadlines and
 * late flags of that year are then fixed without the holidays — so the gap is shown here before it is needed: the
 * status stays UP (the service works), the details say whether this year and next are covered.
 */
public class CalendarHealth implements HealthIndicator, MeterBinder {

    private final WorkdayCalendar calendar;
    private final Clock clock;

    public CalendarHealth(WorkdayCalendar calendar, Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
    }

    @Override
    public Health health() {
        int year = ChinaTime.dateOf(clock.instant()).getYear();
        SortedSet<Integer> covered = calendar.coveredYears();
        return Health.up()
                .withDetail("coveredYears", covered)
                .withDetail("thisYearCovered", calendar.isCovered(year))
                .withDetail("nextYearCovered", calendar.isCovered(year + 1))
                .build();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("integrity.calendar.covered.through.year", () -> {
                    SortedSet<Integer> covered = calendar.coveredYears();
                    return covered.isEmpty() ? 0 : covered.last();
                })
                .description("The last year the working-day calendar has the State Council's holidays for")
                .register(registry);
    }
}
