package cn.jiyuan.integrity.rules.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WindowTest {

    static Stream<LocalDate> occurredOn() {
        return Stream.of(
                LocalDate.of(2021, 1, 1),
                LocalDate.of(2023, 6, 30),
                LocalDate.of(2024, 2, 29), // a leap day: three years on there is none
                LocalDate.of(2024, 2, 28),
                LocalDate.of(2024, 3, 1),
                LocalDate.of(2025, 2, 28),
                LocalDate.of(2025, 12, 31));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("occurredOn")
    void theLastDateCountingAFactIsTheLastWhoseWindowHoldsIt(LocalDate occurred) {
        LocalDate last = Window.lastDateCounting(occurred);

        assertThat(Window.inWindow(occurred, last)).isTrue();
        assertThat(Window.inWindow(occurred, last.plusDays(1))).isFalse();
        assertThat(Window.inWindow(occurred, last.plusDays(400))).isFalse();
        assertThat(last).isAfter(occurred.plusYears(2).plusDays(360));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("occurredOn")
    void everyDateFromTheFactToTheLastCountingHoldsIt(LocalDate occurred) {
        LocalDate last = Window.lastDateCounting(occurred);
        for (LocalDate d = occurred; !d.isAfter(last); d = d.plusDays(1)) {
            assertThat(Window.inWindow(occurred, d)).as("%s on %s", occurred, d).isTrue();
        }
        assertThat(Window.inWindow(occurred, occurred.minusDays(1))).isFalse();
    }
}
