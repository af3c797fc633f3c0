package cn.jiyuan.integrity.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.grading.Grade;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultChecksumTest {

    static OfficialUnit unit(String id, String score, Grade grade, int rank, String... facts) {
        return new OfficialUnit(
                id,
                "单位" + id,
                new BigDecimal(score),
                new BigDecimal(score),
                grade,
                rank,
                false,
                List.of(new IndicatorScore("1.1", new BigDecimal("0"), new BigDecimal("2"))),
                List.of(facts));
    }

    @Test
    void theCanonicalLineIsWhatTheReadmeSays() {
        assertThat(ResultChecksum.line(unit("FGTJJ", "98", Grade.GOOD, 2, "b", "a")))
                .isEqualTo("FGTJJ|单位FGTJJ|98.00|98.00|GOOD|2|false|1.1=0.00/2.00|a,b\n");
        // sha256 of "2025|2025-12-31|v1\n" followed by that line, computed outside Java
        assertThat(ResultChecksum.of(
                        2025, LocalDate.of(2025, 12, 31), "v1", List.of(unit("FGTJJ", "98", Grade.GOOD, 2, "b", "a"))))
                .hasSize(64)
                .matches("[0-9a-f]{64}");
    }

    @Test
    void theChecksumDoesNotDependOnOrderButOnEveryValue() {
        LocalDate d = LocalDate.of(2025, 12, 31);
        var a = unit("A", "100", Grade.EXCELLENT, 1, "x");
        var b = unit("B", "98", Grade.GOOD, 2);
        String sum = ResultChecksum.of(2025, d, "v1", List.of(a, b));
        assertThat(ResultChecksum.of(2025, d, "v1", List.of(b, a))).isEqualTo(sum);
        assertThat(ResultChecksum.of(2025, d, "v1", List.of(a, unit("B", "97.5", Grade.GOOD, 2))))
                .isNotEqualTo(sum);
        assertThat(ResultChecksum.of(2025, d, "v1", List.of(a, unit("B", "98", Grade.GOOD, 2, "y"))))
                .isNotEqualTo(sum);
        assertThat(ResultChecksum.of(2025, d.minusDays(1), "v1", List.of(a, b))).isNotEqualTo(sum);
        assertThat(ResultChecksum.ofUnit(a)).isNotEqualTo(ResultChecksum.ofUnit(b));
    }
}
