package cn.jiyuan.integrity.scoring.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a new day's row needs only its date written. */
class ScoreRowTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    private static ScoreRow row(LocalDate asOf, String score, boolean active, String indicatorScore) {
        return new ScoreRow(
                "KJZ",
                3,
                asOf,
                "2022-44",
                new BigDecimal(score),
                new BigDecimal(score),
                false,
                active,
                List.of(new IndicatorScore("1.1", new BigDecimal(indicatorScore), new BigDecimal("3"))));
    }

    @Test
    void aRowEvaluatedOnTheNextDayWithNothingElseChangedDiffersOnlyInItsDate() {
        ScoreRow yesterday = row(TODAY.minusDays(1), "98.00", true, "1.00");

        assertThat(row(TODAY, "98.00", true, "1.00").differsOnlyInDate(yesterday))
                .isTrue();
    }

    @Test
    void aRowWhoseScoreBreakdownOrActivityChangedWithTheDateIsWrittenWhole() {
        ScoreRow yesterday = row(TODAY.minusDays(1), "98.00", true, "1.00");

        assertThat(row(TODAY, "100.00", true, "1.00").differsOnlyInDate(yesterday))
                .isFalse();
        assertThat(row(TODAY, "98.00", false, "1.00").differsOnlyInDate(yesterday))
                .isFalse();
        assertThat(row(TODAY, "98.00", true, "3.00").differsOnlyInDate(yesterday))
                .isFalse();
        assertThat(row(TODAY, "98.0", true, "1.00").differsOnlyInDate(yesterday))
                .as("a score of another scale is written whole, as the row's equality decides")
                .isFalse();
    }

    @Test
    void theSameRowOrNoRowBeforeIsNotADateOnlyChange() {
        ScoreRow today = row(TODAY, "98.00", true, "1.00");

        assertThat(today.differsOnlyInDate(row(TODAY, "98.00", true, "1.00"))).isFalse();
        assertThat(today.differsOnlyInDate(null)).isFalse();
    }
}
