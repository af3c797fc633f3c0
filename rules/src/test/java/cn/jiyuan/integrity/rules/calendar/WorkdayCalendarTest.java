package cn.jiyuan.integrity.rules.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
                .hasMessageContaining("2027-01-04 is not a Saturday or Sunday");
    }

    @Test
    void aRangeThatCrossesTheYearEndStartsInTheYearBefore() {
        // A notice for 2027 whose New Year holiday began on Thursday 2026-12-31.
        WorkdayCalendar next = WorkdayCalendar.load(json("""
                { "years": { "2027": { "off": ["12-31..01-02"], "makeUp": [] } } }
                """));
        assertThat(next.isWorkingDay(LocalDate.of(2026, 12, 31))).isFalse();
        assertThat(next.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(next.isWorkingDay(LocalDate.of(2027, 1, 4))).isTrue();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"off\": [\"05-05..05-01\"], \"makeUp\": [] | 2027.off[0]: 05-05..05-01 ends before it starts",
                "\"off\": [\"01-01..02-20\"], \"makeUp\": [] | 2027.off[0]: 01-01..02-20 is 51 days off in a row",
                "\"off\": [\"02-30\"], \"makeUp\": [] | 2027.off[0]: 02-30 is not a day of 2027",
                "\"off\": [\"1-1\"], \"makeUp\": [] | 2027.off[0]: 1-1 is neither MM-DD nor MM-DD..MM-DD",
                "\"off\": [], \"makeUp\": [] | 2027.off: no days off",
                "\"off\": [\"01-01\"], \"makeUp\": [\"01-04\"] | 2027.makeUp[0]: 2027-01-04 is not a Saturday or Sunday",
                "\"off\": [\"01-01..01-03\"], \"makeUp\": [\"01-02\"] | 2027.makeUp[0]: 2027-01-02 is also a day off",
                "\"off\": [\"01-01\"], \"makeUp\": [], \"holidays\": [] | 2027.holidays: unknown field",
            })
    void refusesANoticeThatCannotBeRightNamingWhere(String entry, String problem) {
        assertThatThrownBy(() -> WorkdayCalendar.load(json("{ \"years\": { \"2027\": { " + entry + " } } }")))
                .isInstanceOf(CalendarException.class)
                .satisfies(e -> assertThat(((CalendarException) e).problems()).anyMatch(p -> p.startsWith(problem)));
    }

    @Test
    void refusesAYearThatIsNotOne() {
        assertThatThrownBy(() -> WorkdayCalendar.load(json("{ \"years\": { \"20x7\": { \"off\": [\"01-01\"] } } }")))
                .isInstanceOf(CalendarException.class)
                .hasMessageContaining("20x7: not a year");
    }

    @Test
    void aNoticeAddsItsYearAndReplacesTheSameYearsEarlierOne() {
        WorkdayCalendar with2027 =
                calendar.with(WorkdayCalendar.notice(2027, List.of("01-01..01-03"), List.of("01-09")));
        assertThat(with2027.coveredYears()).contains(2026, 2027);
        assertThat(with2027.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(with2027.isWorkingDay(LocalDate.of(2027, 1, 9))).isTrue();
        assertThat(calendar.isCovered(2027))
                .as("the calendar it was made from is unchanged")
                .isFalse();

        WorkdayCalendar corrected = with2027.with(WorkdayCalendar.notice(2027, List.of("01-01"), List.of()));
        assertThat(corrected.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(corrected.isWorkingDay(LocalDate.of(2027, 1, 9)))
                .as("the make-up day of the replaced notice")
                .isFalse();
        assertThat(corrected.notice(2027).orElseThrow().off()).containsExactly("01-01");
    }

    @Test
    void aNoticeMayNotMakeAWorkingDayOfAnotherYearsDayOff() {
        WorkdayCalendar with2027 = calendar.with(WorkdayCalendar.notice(2027, List.of("12-26..01-01"), List.of()));
        assertThatThrownBy(() -> with2027.with(WorkdayCalendar.notice(2026, List.of("01-01"), List.of("12-26"))))
                .isInstanceOf(CalendarException.class)
                .hasMessageContaining("2026.makeUp[0]: 2026-12-26 is a day off in the notice for 2027");
    }

    @Test
    void aViewFollowsTheCalendarItIsGiven() {
        AtomicReference<WorkdayCalendar> current = new AtomicReference<>(calendar);
        WorkdayCalendar live = WorkdayCalendar.following(current::get);
        assertThat(live.isWorkingDay(LocalDate.of(2027, 1, 1))).isTrue();
        current.set(calendar.with(WorkdayCalendar.notice(2027, List.of("01-01"), List.of())));
        assertThat(live.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(live.isCovered(2027)).isTrue();
    }

    @Test
    void saysWhetherAStretchOfDaysWasCountedOnTheFallback() {
        assertThat(calendar.onFallback(LocalDate.of(2026, 12, 20), LocalDate.of(2026, 12, 31)))
                .isFalse();
        assertThat(calendar.onFallback(LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 6)))
                .isTrue();
        assertThat(calendar.onFallback(LocalDate.of(2026, 12, 31), LocalDate.of(2026, 12, 31)))
                .isFalse();
    }

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
