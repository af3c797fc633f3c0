package cn.jiyuan.integrity.support;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.util.Optional;
import java.util.SortedSet;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * "workdayCalendar" in health, and the gauge {@code integrity_calendar_covered_through_year}: which years the
 * working-day calendar covers (audit D6). A year without data counts Monday to Friday (SCORING.md §2) — deadlines and
 * late flags of that year are then fixed without the holidays — so the gap is shown here before it is needed: the
 * status stays UP (the service works), the details say whether this year and next are covered, and from December 1
 * a {@code warning} says next year's holidays are still missing (issue 16 §5).
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
        LocalDate today = ChinaTime.dateOf(clock.instant());
        int year = today.getYear();
        SortedSet<Integer> covered = calendar.coveredYears();
        Health.Builder health = Health.up()
                .withDetail("coveredYears", covered)
                .withDetail("thisYearCovered", calendar.isCovered(year))
                .withDetail("nextYearCovered", calendar.isCovered(year + 1));
        warning(today).ifPresent(w -> health.withDetail("warning", w));
        return health.build();
    }

    /**
     * What an operator must do about the calendar, if anything: this year's holidays are missing (deadlines count
     * Monday to Friday), or — from December 1 — next year's (the State Council's notice usually comes in November).
     */
    public Optional<String> warning(LocalDate today) {
        int year = today.getYear();
        if (!calendar.isCovered(year)) {
            return Optional.of(year + "年的法定节假日安排未录入：工作日按周一至周五计算，期限和迟报认定可能有误。");
        }
        if (today.getMonth() == Month.DECEMBER && !calendar.isCovered(year + 1)) {
            return Optional.of((year + 1) + "年的法定节假日安排尚未录入：请在1月1日前按国务院办公厅通知录入。");
        }
        return Optional.empty();
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
