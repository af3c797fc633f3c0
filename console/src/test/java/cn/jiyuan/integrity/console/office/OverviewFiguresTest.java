package cn.jiyuan.integrity.console.office;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.console.api.QueryViews.RankedUnit;
import cn.jiyuan.integrity.console.api.QueryViews.Ranking;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewFiguresTest {

    private static RankedUnit unit(String id, String score, String grade) {
        return new RankedUnit(id, id, new BigDecimal(score), grade, 1);
    }

    private final Ranking ranking = new Ranking(
            LocalDate.of(2026, 11, 27),
            List.of(
                    unit("A", "102.25", "EXCELLENT"),
                    unit("B", "100.00", "EXCELLENT"),
                    unit("C", "99.99", "GOOD"),
                    unit("D", "60.00", "FAIR"),
                    unit("E", "59.75", "FAIR")),
            null);

    @Test
    void gradesAreCountedBestFirstWithEveryGradePresent() {
        assertThat(OverviewController.grades(ranking))
                .containsExactly(Map.entry("EXCELLENT", 2L), Map.entry("GOOD", 1L), Map.entry("FAIR", 2L));
    }

    @Test
    void theHistogramPutsEachScoreInTheBinThatStartsAtOrBelowIt() {
        List<List<Object>> bins = OverviewController.histogram(ranking);
        assertThat(bins).hasSize(10);
        assertThat(bins.get(0)).containsExactly("<60", 1L);
        assertThat(bins.get(1)).containsExactly("60–65", 1L);
        assertThat(bins.get(8)).containsExactly("95–100", 1L);
        assertThat(bins.get(9)).containsExactly("≥100", 2L);
        assertThat(bins.stream().mapToLong(b -> (Long) b.get(1)).sum()).isEqualTo(5);
    }
}
