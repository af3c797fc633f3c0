package cn.jiyuan.integrity.rules.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodTest {

    @ParameterizedTest
    @CsvSource({
        "2025,    YEAR,      1",
        "2025-H1, HALF_YEAR, 1",
        "2025-H2, HALF_YEAR, 2",
        "2025-Q1, QUARTER,   1",
        "2025-Q4, QUARTER,   4",
        "2025-01, MONTH,     1",
        "2025-12, MONTH,     12"
    })
    void theFourForms(String text, Period.Kind kind, int index) {
        assertThat(Period.parse(text)).contains(new Period(kind, 2025, index));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "25",
                "2025-",
                "2025-H3",
                "2025-Q0",
                "2025-Q5",
                "2025-00",
                "2025-13",
                "2025-1",
                "2025H1",
                "2025-h1",
                "２０２５",
                "2025-03 ",
                " 2025",
                "2025-1Q",
                "20x5"
            })
    void anythingElseIsNoPeriod(String text) {
        assertThat(Period.parse(text)).isEmpty();
    }
}
