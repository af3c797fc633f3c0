package cn.jiyuan.integrity.rules.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.Facts;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.validation.Period;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodicDutyTest {

    private final Catalog catalog = Catalogs.standard().inForce(LocalDate.of(2025, 6, 30));
    private final WorkdayCalendar calendar = WorkdayCalendar.standard();

    @Test
    void assessedIndicatorsWithAFrequencyOweAPeriodCaseIndicatorsDoNot() {
        assertThat(PeriodicDuty.periodOf(catalog.indicator("4.2").orElseThrow()))
                .contains(Period.Kind.MONTH);
        assertThat(PeriodicDuty.periodOf(catalog.indicator("4.6").orElseThrow()))
                .contains(Period.Kind.QUARTER);
        assertThat(PeriodicDuty.periodOf(catalog.indicator("2.3").orElseThrow()))
                .contains(Period.Kind.YEAR);
        assertThat(PeriodicDuty.periodOf(catalog.indicator("1.4").orElseThrow()))
                .isEmpty(); // monthly, CASE only
        assertThat(PeriodicDuty.periodOf(catalog.indicator("1.1").orElseThrow()))
                .isEmpty(); // as it occurs
    }

    @Test
    void aPeriodIsClosedOnceItsSeventhWorkingDayHasPassed() {
        // September 2025 ends on 09-30; National Day: its 7th working day after is 10-16 (10-11 a make-up day).
        assertThat(calendar.reportingDeadline(LocalDate.of(2025, 9, 30))).isEqualTo(LocalDate.of(2025, 10, 16));
        List<PeriodicDuty.Due> onDeadline =
                PeriodicDuty.closedPeriods(catalog, 2025, LocalDate.of(2025, 10, 16), calendar);
        List<PeriodicDuty.Due> dayAfter =
                PeriodicDuty.closedPeriods(catalog, 2025, LocalDate.of(2025, 10, 17), calendar);
        assertThat(onDeadline)
                .noneMatch(d -> d.indicator().code().equals("4.2")
                        && d.period().toString().equals("2025-09"));
        assertThat(dayAfter)
                .anyMatch(d -> d.indicator().code().equals("4.2")
                        && d.period().toString().equals("2025-09"));
        assertThat(dayAfter)
                .anyMatch(d -> d.indicator().code().equals("4.6")
                        && d.period().toString().equals("2025-Q3"));
        assertThat(dayAfter).noneMatch(d -> d.period().toString().equals("2025")); // the year is not over
    }

    @Test
    void anAssessmentOfThePeriodOrForAMonthlyIndicatorOfItsYearSettlesIt() {
        var due = new PeriodicDuty.Due(
                catalog.indicator("4.2").orElseThrow(),
                Period.parse("2025-09").orElseThrow(),
                LocalDate.of(2025, 10, 16));
        assertThat(PeriodicDuty.settles(
                        Facts.fact("4.2", "ASSESSED")
                                .points("3")
                                .period("2025-09")
                                .build(),
                        due))
                .isTrue();
        assertThat(PeriodicDuty.settles(
                        Facts.fact("4.2", "ASSESSED").points("3").period("2025").build(), due))
                .isTrue();
        assertThat(PeriodicDuty.settles(
                        Facts.fact("4.2", "ASSESSED")
                                .points("3")
                                .period("2025-08")
                                .build(),
                        due))
                .isFalse();
        assertThat(PeriodicDuty.settles(
                        Facts.fact("4.3", "ASSESSED")
                                .points("3")
                                .period("2025-09")
                                .build(),
                        due))
                .isFalse();
    }

    @Test
    void lateIsCountedInWorkingDaysAfterTheDeadline() {
        LocalDate occurred = LocalDate.of(2025, 9, 30); // deadline 10-16 (Thursday)
        assertThat(calendar.workingDaysLate(occurred, LocalDate.of(2025, 10, 16)))
                .isZero();
        assertThat(calendar.workingDaysLate(occurred, LocalDate.of(2025, 10, 17)))
                .isEqualTo(1);
        assertThat(calendar.workingDaysLate(occurred, LocalDate.of(2025, 10, 20)))
                .isEqualTo(2); // Friday, then Monday after the weekend
        assertThat(Period.parse("2025-Q3").orElseThrow().end()).isEqualTo(LocalDate.of(2025, 9, 30));
        assertThat(Period.parse("2025-02").orElseThrow().end()).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(Period.of(Period.Kind.MONTH, 2025)).hasSize(12).first().hasToString("2025-01");
    }
}
