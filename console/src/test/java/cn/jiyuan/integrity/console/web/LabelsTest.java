package cn.jiyuan.integrity.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LabelsTest {

    private final Labels labels = new Labels();

    @Test
    void gradesDatesAndScoresInTheWordsOfTheMeasures() {
        assertThat(labels.grade("EXCELLENT")).isEqualTo("优良");
        assertThat(labels.grade("GOOD")).isEqualTo("较好");
        assertThat(labels.grade("FAIR")).isEqualTo("一般");
        assertThat(labels.grade(null)).isEqualTo("—");
        assertThat(labels.date(LocalDate.of(2026, 11, 27))).isEqualTo("2026年11月27日");
        // instants in China's time: 16:30 UTC is half past midnight the next day in Jiyuan
        assertThat(labels.instant(Instant.parse("2026-11-27T16:30:00Z"))).isEqualTo("2026年11月28日 00:30");
        assertThat(labels.score(new BigDecimal("97.5"))).isEqualTo("97.50");
        assertThat(labels.score(null)).isEqualTo("—");
    }

    @Test
    void everyPurposeOfArticleTenHasItsName() {
        assertThat(Labels.PURPOSES)
                .hasSize(8)
                .containsEntry("CADRE_SELECTION", "选拔任用")
                .containsEntry("PERFORMANCE_ASSESSMENT", "目标绩效考核");
        assertThat(Labels.PURPOSES.keySet().iterator().next()).isEqualTo("PERFORMANCE_ASSESSMENT");
    }

    @Test
    void effectsInWords() {
        BigDecimal four = new BigDecimal("4");
        assertThat(labels.effect("CASE", new BigDecimal("2"), four)).isEqualTo("每起扣2分");
        assertThat(labels.effect("ASSESS", null, four)).isEqualTo("评分，0–4分");
        assertThat(labels.effect("ZERO", null, four)).isEqualTo("该项不得分");
        assertThat(labels.effect("BONUS", new BigDecimal("3.0"), null)).isEqualTo("加3分");
        assertThat(labels.periodFormat("QUARTERLY")).isEqualTo("2026-Q3");
    }
}
