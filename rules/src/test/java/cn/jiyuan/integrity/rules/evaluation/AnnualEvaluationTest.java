package cn.jiyuan.integrity.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.Facts;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnualEvaluationTest {

    private final ScoreFold fold = new ScoreFold(Catalogs.standard());

    @Test
    void aYearIsFrozenOnAPassedDateWithinIt() {
        LocalDate today = LocalDate.of(2026, 1, 10);
        assertThat(AnnualEvaluation.defaultDate(2025)).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(AnnualEvaluation.refusal(2025, LocalDate.of(2025, 12, 31), today))
                .isEmpty();
        assertThat(AnnualEvaluation.refusal(2025, LocalDate.of(2025, 6, 30), today))
                .isEmpty();
        assertThat(AnnualEvaluation.refusal(2025, LocalDate.of(2026, 1, 5), today))
                .hasValueSatisfying(why -> assertThat(why).contains("must lie in 2025"));
        assertThat(AnnualEvaluation.refusal(2026, LocalDate.of(2026, 1, 10), today))
                .hasValueSatisfying(why -> assertThat(why).contains("must have passed"));
        assertThat(AnnualEvaluation.refusal(2026, LocalDate.of(2026, 12, 31), today))
                .isPresent();
        assertThat(AnnualEvaluation.refusal(2020, LocalDate.of(2020, 12, 31), today))
                .hasValueSatisfying(why -> assertThat(why).contains("from 2021"));
    }

    @Test
    void publicityCountsWorkingDaysLikeEveryDeadline() {
        WorkdayCalendar calendar = WorkdayCalendar.standard();
        // published 2025-09-30: National Day off until 10-08, 10-11 (Saturday) a make-up working day
        assertThat(AnnualEvaluation.publicityEndsOn(LocalDate.of(2025, 9, 30), 5, calendar))
                .isEqualTo(LocalDate.of(2025, 10, 14));
        assertThat(AnnualEvaluation.publicityRefusal(5)).isEmpty();
        assertThat(AnnualEvaluation.publicityRefusal(0)).isPresent();
        assertThat(AnnualEvaluation.publicityRefusal(31)).isPresent();
    }

    @Test
    void aCorrectionApprovedAfterTheDateCorrectsTheFreezeButALateFactStaysOut() {
        LocalDate d = LocalDate.of(2025, 12, 31);
        CreditFact counted =
                Facts.fact("1.1", "ENFORCEMENT_REVOKED").on("2025-11-03").build(); // − 2
        CreditFact recordedLater = Facts.fact("4.1", "LIGHT_DISCIPLINE")
                .on("2025-12-30")
                .recorded("2026-01-05")
                .build();
        List<Fact> facts = List.of(counted, recordedLater, Facts.deletion(counted, "2026-01-08"));

        UnitScore asRecorded = fold.score(Facts.UNIT, facts, d);
        assertThat(asRecorded.score()).isEqualByComparingTo("98.00");

        UnitScore frozen = fold.score(Facts.UNIT, AnnualEvaluation.asCorrectedAtFreeze(facts, d), d);
        assertThat(frozen.score()).isEqualByComparingTo("100.00");
        assertThat(frozen.facts())
                .singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(FactStatus.RETRACTED));
        // what was recorded by the date is folded as recorded
        List<Fact> early = List.of(counted, Facts.deletion(counted, "2025-12-30"));
        assertThat(AnnualEvaluation.asCorrectedAtFreeze(early, d)).isEqualTo(early);
    }

    @Test
    void twoLateCorrectionsKeepTheirOrder() {
        LocalDate d = LocalDate.of(2025, 12, 31);
        CreditFact fact =
                Facts.fact("2.1", "DEDUCTED").points("2").on("2025-11-03").build();
        var amend = Facts.amendment(
                fact, new Amendment("DEDUCTED", new BigDecimal("1"), LocalDate.of(2025, 11, 3)), "2026-01-06");
        var delete = Facts.deletion(fact, "2026-01-09");
        UnitScore frozen =
                fold.score(Facts.UNIT, AnnualEvaluation.asCorrectedAtFreeze(List.of(fact, delete, amend), d), d);
        assertThat(frozen.facts().get(0).status()).isEqualTo(FactStatus.RETRACTED); // the deletion came last
    }
}
