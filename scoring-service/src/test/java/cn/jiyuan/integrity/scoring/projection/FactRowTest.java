package cn.jiyuan.integrity.scoring.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one typed row of {@code unit_facts}, and the breakdown of {@code unit_scores} as stored. */
class FactRowTest {

    private static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

    private static final List<Fact> EVERY_KIND = List.of(
            new CreditFact(
                    "e1",
                    "KJZ",
                    "6.4",
                    "PENALISED",
                    new BigDecimal("2.50"),
                    "2026-Q1",
                    LocalDate.of(2026, 2, 27),
                    AT,
                    "JGW"),
            new DebtorListing("l1", "(2026)豫9001执7号", "KJZ", DebtorStatus.LISTED, AT, "SFY"),
            new Correction("x1", "e1", "KJZ", CorrectionKind.DELETE, null, AT),
            new Correction(
                    "x2",
                    "e1",
                    "KJZ",
                    CorrectionKind.AMEND,
                    new Amendment("WARNING", new BigDecimal("1.00"), LocalDate.of(2026, 2, 20), "2026-Q1"),
                    AT));

    @Test
    void everyKindOfFactComesBackFromItsRowAsItWas() {
        for (Fact fact : EVERY_KIND) {
            FactRow row = FactRow.of(fact, null);
            assertThat(row.fact()).isEqualTo(fact);
            assertThat(row.unitId()).isEqualTo("KJZ");
            assertThat(row.partition()).isEqualTo(Partitions.of("KJZ"));
        }
        assertThat(EVERY_KIND.stream().map(f -> FactRow.of(f, null).kind().code()))
                .containsExactly("C", "L", "X", "X");
    }

    @Test
    void aRowNamesOnlyTheTableColumnsByTheirFullNamesAndItsStatusAsTheRulesEnum() {
        Set<String> columns =
                Arrays.stream(FactRow.COLUMNS.split(",")).map(String::trim).collect(Collectors.toSet());
        assertThat(columns).hasSize(FactRow.COLUMN_COUNT);
        for (Fact fact : EVERY_KIND) {
            assertThat(columns).containsAll(FactRow.of(fact, null).columns().keySet());
        }
        FactRow counted = FactRow.of(EVERY_KIND.get(0), FactStatus.COUNTED);
        assertThat(counted.columns())
                .containsEntry("status", "COUNTED")
                .containsEntry("kind", "C")
                .containsEntry("points", new BigDecimal("2.50"))
                .containsEntry("occurred_on", "2026-02-27")
                .doesNotContainKey("case_number");
    }

    @Test
    void theBreakdownReadBackFromItsColumnIsTheOneWrittenAndPublishesNoChange() {
        ScoreRow row = new ScoreRow(
                "KJZ",
                Partitions.of("KJZ"),
                LocalDate.of(2026, 3, 1),
                "jgb-2022-44",
                new BigDecimal("97.50"),
                new BigDecimal("97.50"),
                false,
                true,
                List.of(
                        new IndicatorScore("1.1", new BigDecimal("4.00"), new BigDecimal("4.00")),
                        new IndicatorScore("6.4", new BigDecimal("-2.50"), new BigDecimal("0.00"))));

        List<IndicatorScore> readBack = ScoreRow.indicatorsFrom(row.indicatorsJson());

        assertThat(readBack).isEqualTo(row.indicators());
        assertThat(row.indicatorsJson())
                .isEqualTo(
                        "[{\"code\":\"1.1\",\"score\":4.00,\"max\":4.00},{\"code\":\"6.4\",\"score\":-2.50,\"max\":0.00}]");
        ScoreRow other = withBreakdown(
                row,
                List.of(
                        new IndicatorScore("1.1", new BigDecimal("4"), new BigDecimal("4.0")),
                        new IndicatorScore("6.4", new BigDecimal("-2.5"), BigDecimal.ZERO)));
        assertThat(row.publishedContentDiffers(other)).isFalse();
        assertThat(row.publishedContentDiffers(withBreakdown(
                        row, List.of(new IndicatorScore("1.1", new BigDecimal("4.00"), new BigDecimal("4.00"))))))
                .isTrue();
    }

    private static ScoreRow withBreakdown(ScoreRow row, List<IndicatorScore> indicators) {
        return row.withIndicators(indicators);
    }
}
