package cn.jiyuan.integrity.rules.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkdayCalendarTest {

    private final WorkdayCalendar calendar = WorkdayCalendar.standard();

    @Test
    void coversTwentyTwentyOneToTwentyTwentySix() {
        assertThat(calendar.coveredYears()).containsExactly(2021, 2022, 2023, 2024, 2025, 2026);
    }

    @ParameterizedTest(name = "{0} working day: {1}")
    @CsvSource({
        "2025-09-28, true", // Sunday, make-up working day
        "2025-10-01, false", // National Day
        "2025-10-08, false",
        "2025-10-11, true", // Saturday, make-up
        "2025-10-12, false", // ordinary Sunday
        "2025-10-09, true",
        "2026-02-14, true", // Saturday, make-up
        "2026-02-23, false", // Monday inside Spring Festival
        "2024-02-18, true", // Sunday, make-up
        "2023-06-22, false", // Dragon Boat
        "2021-02-11, false",
        "2022-01-29, true"
    })
    void knowsHolidaysAndMakeUpDays(LocalDate date, boolean working) {
        assertThat(calendar.isWorkingDay(date)).isEqualTo(working);
    }

    @Test
    void sevenWorkingDaysAfterFridaySeptemberTwentySixthTwentyTwentyFive() {
        assertThat(calendar.plusWorkingDays(LocalDate.of(2025, 9, 26), 7)).isEqualTo(LocalDate.of(2025, 10, 13));
    }

    @Test
    void fiveWorkingDaysAfterThursdayFebruaryTwelfthTwentyTwentySix() {
        assertThat(calendar.plusWorkingDays(LocalDate.of(2026, 2, 12), 5)).isEqualTo(LocalDate.of(2026, 2, 26));
    }

    @Test
    void reportingDeadlineAndLateFlagOfScoringMd() {
        LocalDate occurred = LocalDate.of(2025, 3, 3);
        assertThat(calendar.reportingDeadline(occurred)).isEqualTo(LocalDate.of(2025, 3, 12));
        assertThat(calendar.isLate(occurred, LocalDate.of(2025, 3, 12))).isFalse();
        assertThat(calendar.isLate(occurred, LocalDate.of(2025, 3, 13))).isTrue();
    }

    @Test
    void objectionDueOnAcrossNationalDay() {
        assertThat(calendar.objectionDueOn(LocalDate.of(2025, 9, 26))).isEqualTo(LocalDate.of(2025, 10, 10));
    }

    @Test
    void aDeadlineStartingOnAHolidayCountsFromTheNextWorkingDay() {
        assertThat(calendar.plusWorkingDays(LocalDate.of(2025, 10, 1), 1)).isEqualTo(LocalDate.of(2025, 10, 9));
        assertThat(calendar.plusWorkingDays(LocalDate.of(2025, 10, 1), 0)).isEqualTo(LocalDate.of(2025, 10, 1));
    }

    @Test
    void aYearWithoutDataFallsBackToMondayToFridayAndSaysSo() {
        assertThat(calendar.isCovered(2027)).isFalse();
        // 2027-01-01 is a Friday; with no notice for 2027 it counts as a working day.
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 1))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 2))).isFalse();
        assertThat(calendar.plusWorkingDays(LocalDate.of(2026, 12, 31), 2)).isEqualTo(LocalDate.of(2027, 1, 4));
    }

    @Test
    void addingAYearIsADataChange() {
        String json = """
                { "years": { "2027": { "off": ["01-01..01-03"], "makeUp": ["01-09"] } } }
                """;
        WorkdayCalendar next = WorkdayCalendar.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(next.isCovered(2027)).isTrue();
        assertThat(next.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(next.isWorkingDay(LocalDate.of(2027, 1, 9))).isTrue();
    }

    @Test
    void refusesAMakeUpDayThatIsNotAWeekend() {
        String json = """
                { "years": { "2027": { "off": [], "makeUp": ["01-04"] } } }
                """;
        assertThatThrownBy(() -> WorkdayCalendar.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("2027-01-04 is listed as a make-up working day but is not a Saturday or Sunday");
    }
}
