package cn.jiyuan.integrity.rules.scoring;

import static cn.jiyuan.integrity.rules.Facts.amendment;
import static cn.jiyuan.integrity.rules.Facts.deletion;
import static cn.jiyuan.integrity.rules.Facts.fact;
import static cn.jiyuan.integrity.rules.Facts.listing;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.Facts;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreFoldTest {

    private static final LocalDate D = LocalDate.of(2026, 6, 30);
    private final ScoreFold fold = ScoreFold.standard();

    private UnitScore score(LocalDate date, Fact... facts) {
        return fold.score(Facts.UNIT, List.of(facts), date);
    }

    private UnitScore score(Fact... facts) {
        return score(D, facts);
    }

    private static BigDecimal indicator(UnitScore score, String code) {
        return score.indicators().stream()
                .filter(i -> i.code().equals(code))
                .findFirst()
                .orElseThrow()
                .score();
    }

    @Nested
    class WorkedExamplesOfScoringMd {

        @Test
        void noFactsScoresOneHundred() {
            UnitScore s = score();
            assertThat(s.score()).isEqualByComparingTo("100.00");
            assertThat(s.score().scale()).isEqualTo(2);
            assertThat(s.indicators()).hasSize(35);
            assertThat(s.debtorListed()).isFalse();
        }

        @Test
        void twoEnforcementCasesFloorTheIndicatorAtZero() {
            UnitScore s = score(
                    fact("1.1", "ENFORCEMENT_REVOKED").on("2025-05-01").build(),
                    fact("1.1", "ENFORCEMENT_REVOKED").on("2025-09-01").build());
            assertThat(indicator(s, "1.1")).isEqualByComparingTo("0.00");
            assertThat(s.score()).isEqualByComparingTo("98.00");
        }

        @Test
        void theLatestSetFactGivesTheBase() {
            UnitScore s = score(
                    fact("4.7", "EXCELLENT").period("2024").on("2025-01-20").build(),
                    fact("4.7", "AVERAGE").period("2025").on("2026-01-20").build());
            assertThat(indicator(s, "4.7")).isEqualByComparingTo("1.00");
            assertThat(s.score()).isEqualByComparingTo("97.00");
        }

        @Test
        void casesDeductFromAnAssessedBase() {
            UnitScore s = score(
                    fact("5.3", "ASSESSED")
                            .points("5.5")
                            .period("2026-01")
                            .on("2026-02-01")
                            .build(),
                    fact("5.3", "DOUBLE_PUBLICITY_LATE").on("2026-03-01").build());
            assertThat(indicator(s, "5.3")).isEqualByComparingTo("1.50");
            assertThat(s.score()).isEqualByComparingTo("95.50");
        }

        @Test
        void penaltiesAndBonusesMoveTheTotal() {
            // SCORING.md §8: 6.4 PENALISED 2.5 and 7.4 NATIONAL
            UnitScore s = score(
                    fact("6.4", "PENALISED").points("2.5").on("2026-02-01").build(),
                    fact("7.4", "NATIONAL").on("2026-03-01").build());
            assertThat(s.score()).isEqualByComparingTo("102.50");
        }

        @Test
        void honoursAddAtMostTheWeightPerCalendarYear() {
            UnitScore s = score(
                    fact("7.4", "NATIONAL").on("2026-01-10").build(),
                    fact("7.4", "PROVINCIAL").on("2026-03-01").build(),
                    fact("7.4", "NATIONAL").on("2025-11-01").build());
            assertThat(indicator(s, "7.4")).isEqualByComparingTo("10"); // 2026: min(5, 8); 2025: 5
            assertThat(s.score()).isEqualByComparingTo("110.00");
        }

        @Test
        void aFactExactlyThreeYearsOldIsOutsideTheWindow() {
            CreditFact old = fact("1.1", "ENFORCEMENT_REVOKED").on("2023-06-30").build();
            UnitScore s = score(old);
            assertThat(s.score()).isEqualByComparingTo("100.00");
            assertThat(s.facts()).singleElement().extracting(FactState::status).isEqualTo(FactStatus.OUTSIDE_WINDOW);
        }

        @Test
        void aDebtorListingCapsAtSeventyNineUntilShielded() {
            Fact[] facts = {
                fact("4.1", "LIGHT_DISCIPLINE").on("2025-10-01").build(),
                fact("4.8", "NOT_IMPLEMENTED").on("2025-11-01").build(),
                listing("(2026)豫96执1号", DebtorStatus.LISTED, "2026-03-01"),
                listing("(2026)豫96执1号", DebtorStatus.SHIELDED, "2026-05-01")
            };
            UnitScore april = score(LocalDate.of(2026, 4, 1), facts);
            assertThat(april.rawScore()).isEqualByComparingTo("96.00");
            assertThat(april.score()).isEqualByComparingTo("79.00");
            assertThat(april.debtorListed()).isTrue();
            UnitScore june = score(D, facts);
            assertThat(june.score()).isEqualByComparingTo("96.00");
            assertThat(june.debtorListed()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} {1} alone → {5}")
    @CsvFileSource(resources = "/every-outcome.csv")
    void everyOutcomeMovesTheScoreAsTheAnnexSays(
            String indicator, String outcome, String effect, String points, String period, BigDecimal expected) {
        Facts.Builder b = fact(indicator, outcome).on("2026-01-15");
        if (points != null) {
            b.points(points);
        }
        if (period != null) {
            b.period(period);
        }
        UnitScore s = score(b.build());
        assertThat(s.score()).isEqualByComparingTo(expected);
        assertThat(s.rawScore()).isEqualByComparingTo(expected);
        assertThat(s.facts()).singleElement().extracting(FactState::status).isEqualTo(FactStatus.COUNTED);
    }

    @Nested
    class Window {

        @ParameterizedTest(name = "occurred {0}, evaluated {1}: {2}")
        @CsvSource({
            "2023-07-01, 2026-06-30, COUNTED",
            "2023-06-30, 2026-06-30, OUTSIDE_WINDOW",
            "2026-06-30, 2026-06-30, COUNTED",
            "2024-02-28, 2027-02-28, OUTSIDE_WINDOW",
            "2024-02-29, 2027-02-28, COUNTED"
        })
        void theWindowIsThreeYearsEndingOnTheEvaluationDate(LocalDate occurred, LocalDate date, FactStatus status) {
            CreditFact f = fact("1.1", "ENFORCEMENT_REVOKED")
                    .on(occurred.toString())
                    .recorded(occurred.toString())
                    .build();
            assertThat(score(date, f).facts())
                    .singleElement()
                    .extracting(FactState::status)
                    .isEqualTo(status);
        }

        @Test
        void aFactIsUnknownBeforeTheDateItWasRecorded() {
            CreditFact f = fact("1.1", "ENFORCEMENT_REVOKED")
                    .on("2026-03-02")
                    .recorded("2026-03-20")
                    .build();
            assertThat(score(LocalDate.of(2026, 3, 19), f).score()).isEqualByComparingTo("100.00");
            assertThat(score(LocalDate.of(2026, 3, 19), f).facts()).isEmpty();
            assertThat(score(LocalDate.of(2026, 3, 20), f).score()).isEqualByComparingTo("98.00");
        }

        @Test
        void theRecordedDateIsTakenInChinaTime() {
            // 2026-03-01T17:00Z is 2026-03-02 01:00 in Asia/Shanghai (SCORING.md §2).
            CreditFact f = fact("1.1", "ENFORCEMENT_REVOKED")
                    .on("2026-02-27")
                    .recordedAt(Instant.parse("2026-03-01T17:00:00Z"))
                    .build();
            assertThat(score(LocalDate.of(2026, 3, 1), f).score()).isEqualByComparingTo("100.00");
            assertThat(score(LocalDate.of(2026, 3, 2), f).score()).isEqualByComparingTo("98.00");
        }

        @Test
        void theRecordedDayTurnsAtMidnightInChinaToTheMillisecond() {
            // 2026-03-01T16:00Z is 00:00 on 2026-03-02 in Asia/Shanghai.
            CreditFact lastMoment = fact("1.1", "ENFORCEMENT_REVOKED")
                    .on("2026-02-27")
                    .recordedAt(Instant.parse("2026-03-01T15:59:59.999Z"))
                    .build();
            CreditFact midnight = fact("1.1", "ENFORCEMENT_REVOKED")
                    .on("2026-02-27")
                    .recordedAt(Instant.parse("2026-03-01T16:00:00Z"))
                    .build();
            assertThat(score(LocalDate.of(2026, 3, 1), lastMoment).score()).isEqualByComparingTo("98.00");
            assertThat(score(LocalDate.of(2026, 3, 1), midnight).score()).isEqualByComparingTo("100.00");
            assertThat(score(LocalDate.of(2026, 3, 2), midnight).score()).isEqualByComparingTo("98.00");
        }

        @Test
        void factsBeyondFiveYearsArePurgedFromTheResult() {
            CreditFact f = fact("1.1", "ENFORCEMENT_REVOKED").on("2021-07-01").build();
            assertThat(score(LocalDate.of(2026, 6, 30), f).facts()).hasSize(1);
            assertThat(score(LocalDate.of(2026, 7, 1), f).facts()).isEmpty();
        }
    }

    @Nested
    class Indicators {

        @Test
        void zeroBeatsAnyAssessment() {
            UnitScore s = score(
                    fact("3.1", "PLEDGE_BROKEN_WITH_HARM").on("2025-03-01").build(),
                    fact("3.1", "NO_PLEDGE_LIST").on("2026-01-10").build());
            assertThat(indicator(s, "3.1")).isEqualByComparingTo("0");
        }

        @Test
        void latestAssessmentIsOrderedByOccurredOnThenRecordedAt() {
            UnitScore s = score(
                    fact("4.2", "ASSESSED")
                            .points("1")
                            .period("2026-02")
                            .on("2026-03-05")
                            .recorded("2026-03-20")
                            .build(),
                    fact("4.2", "ASSESSED")
                            .points("3")
                            .period("2026-01")
                            .on("2026-03-05")
                            .recorded("2026-03-06")
                            .build(),
                    fact("4.2", "ASSESSED")
                            .points("2")
                            .period("2025-12")
                            .on("2026-01-05")
                            .recorded("2026-04-01")
                            .build());
            assertThat(indicator(s, "4.2")).isEqualByComparingTo("1");
        }

        @Test
        void penaltiesHaveNoCap() {
            UnitScore s = score(
                    fact("6.4", "PENALISED").points("5").on("2025-03-01").build(),
                    fact("6.4", "PENALISED").points("5").on("2025-04-01").build());
            assertThat(s.score()).isEqualByComparingTo("90.00");
            assertThat(indicator(s, "6.4")).isEqualByComparingTo("-10");
        }

        @Test
        void aBonusIndicatorAddsAtMostItsWeightPerCalendarYearOfOccurrence() {
            // SCORING.md §4.2 (bonus cap): two national honours in 2025 add 5; one in 2025 and one in 2026 add 10
            UnitScore sameYear = score(
                    fact("7.4", "NATIONAL").on("2025-03-01").build(),
                    fact("7.4", "NATIONAL").on("2025-04-01").build(),
                    fact("7.2", "NATION").on("2025-05-01").build());
            assertThat(indicator(sameYear, "7.4")).isEqualByComparingTo("5");
            assertThat(sameYear.score()).isEqualByComparingTo("110.00");
            UnitScore twoYears = score(
                    fact("7.4", "NATIONAL").on("2025-12-31").build(),
                    fact("7.4", "NATIONAL").on("2026-01-01").build());
            assertThat(indicator(twoYears, "7.4")).isEqualByComparingTo("10");
            assertThat(twoYears.score()).isEqualByComparingTo("110.00");
        }

        @Test
        void theCapIsPerIndicatorAndCountsEveryCountedFactOfTheYear() {
            UnitScore s = score(
                    fact("7.4", "PROVINCIAL").on("2025-03-01").build(), // 3
                    fact("7.4", "PREFECTURE").on("2025-04-01").build(), // 1 → 4, under the cap of 5
                    fact("7.3", "RANK_1").on("2025-05-01").build(), // 7.3's own cap: 3
                    fact("7.3", "RANK_2").on("2025-06-01").build());
            assertThat(indicator(s, "7.4")).isEqualByComparingTo("4");
            assertThat(indicator(s, "7.3")).isEqualByComparingTo("3");
        }

        @Test
        void groupSixShowsAsNegativeContributions() {
            UnitScore s =
                    score(fact("6.1", "SERIOUS_DISHONESTY").on("2025-03-01").build());
            assertThat(indicator(s, "6.1")).isEqualByComparingTo("-5");
            assertThat(s.indicators().stream()
                            .filter(i -> i.code().equals("6.1"))
                            .findFirst()
                            .orElseThrow()
                            .max())
                    .isEqualByComparingTo("-5");
        }

        @Test
        void aScoreMayFallBelowZeroOnlyThroughPenalties() {
            Fact[] facts = new Fact[30];
            for (int i = 0; i < facts.length; i++) {
                facts[i] = fact("6.2", "INSPECTION_CRITICISED").on("2025-03-01").build();
            }
            assertThat(score(facts).score()).isEqualByComparingTo("-50.00");
        }
    }

    @Nested
    class Corrections {

        private final CreditFact disputed =
                fact("1.1", "ENFORCEMENT_REVOKED").on("2026-01-05").build();

        @Test
        void aDeletionRetractsFromItsRecordedDateOn() {
            Fact[] facts = {disputed, deletion(disputed, "2026-03-01")};
            assertThat(score(LocalDate.of(2026, 2, 28), facts).score()).isEqualByComparingTo("98.00");
            UnitScore after = score(LocalDate.of(2026, 3, 1), facts);
            assertThat(after.score()).isEqualByComparingTo("100.00");
            assertThat(after.facts())
                    .singleElement()
                    .extracting(FactState::status)
                    .isEqualTo(FactStatus.RETRACTED);
        }

        @Test
        void anAmendmentCountsAsAmendedFromItsRecordedDateOn() {
            CreditFact assessed = fact("4.3", "ASSESSED")
                    .points("1")
                    .period("2025")
                    .on("2026-01-05")
                    .build();
            Amendment corrected = new Amendment("ASSESSED", new BigDecimal("3.5"), LocalDate.of(2026, 1, 5));
            Fact[] facts = {assessed, amendment(assessed, corrected, "2026-03-01")};
            assertThat(score(LocalDate.of(2026, 2, 28), facts).score()).isEqualByComparingTo("97.00");
            UnitScore after = score(LocalDate.of(2026, 3, 1), facts);
            assertThat(after.score()).isEqualByComparingTo("99.50");
            assertThat(after.facts()).singleElement().satisfies(f -> {
                assertThat(f.status()).isEqualTo(FactStatus.AMENDED);
                assertThat(f.effective().points()).isEqualByComparingTo("3.5");
            });
        }

        /** An amendment the indicator cannot take (from a forged or broken record) is not applied, in any service. */
        @Test
        void anAmendmentThatDoesNotFitTheIndicatorIsNotApplied() {
            CreditFact assessed = fact("4.3", "ASSESSED")
                    .points("1")
                    .period("2025")
                    .on("2026-01-05")
                    .build();
            for (Amendment impossible : new Amendment[] {
                new Amendment("NO_SUCH_OUTCOME", null, LocalDate.of(2026, 1, 5)),
                new Amendment("ASSESSED", null, LocalDate.of(2026, 1, 5)),
                new Amendment("ASSESSED", new BigDecimal("-50"), LocalDate.of(2026, 1, 5)),
                new Amendment("ASSESSED", new BigDecimal("3.5"), LocalDate.of(2019, 1, 5))
            }) {
                UnitScore s = score(LocalDate.of(2026, 3, 1), assessed, amendment(assessed, impossible, "2026-03-01"));
                assertThat(s.score()).as("%s", impossible).isEqualByComparingTo("97.00");
                assertThat(s.facts())
                        .singleElement()
                        .extracting(FactState::status)
                        .isEqualTo(FactStatus.COUNTED);
            }
        }

        @Test
        void anAmendedOccurredOnCanMoveAFactOutOfTheWindow() {
            Amendment older = new Amendment("ENFORCEMENT_REVOKED", null, LocalDate.of(2023, 6, 1));
            UnitScore s = score(disputed, amendment(disputed, older, "2026-03-01"));
            assertThat(s.score()).isEqualByComparingTo("100.00");
            assertThat(s.facts()).singleElement().extracting(FactState::status).isEqualTo(FactStatus.OUTSIDE_WINDOW);
        }

        @Test
        void laterAmendmentsWinAndADeletionIsFinal() {
            CreditFact deducted =
                    fact("4.4", "DEDUCTED").points("3").on("2026-01-05").build();
            Fact[] facts = {
                deducted,
                amendment(
                        deducted,
                        new Amendment("DEDUCTED", new BigDecimal("2"), LocalDate.of(2026, 1, 5)),
                        "2026-02-01"),
                amendment(
                        deducted,
                        new Amendment("DEDUCTED", new BigDecimal("1"), LocalDate.of(2026, 1, 5)),
                        "2026-03-01"),
                deletion(deducted, "2026-04-01")
            };
            assertThat(score(LocalDate.of(2026, 2, 15), facts).score()).isEqualByComparingTo("98.00");
            assertThat(score(LocalDate.of(2026, 3, 15), facts).score()).isEqualByComparingTo("99.00");
            assertThat(score(LocalDate.of(2026, 4, 15), facts).score()).isEqualByComparingTo("100.00");
        }
    }

    @Nested
    class Debtors {

        @Test
        void aListingTakesEffectFromItsRecordedDateNotFromTheCaseDate() {
            Fact listed = listing("(2026)豫96执2号", DebtorStatus.LISTED, "2026-03-10");
            assertThat(score(LocalDate.of(2026, 3, 9), listed).debtorListed()).isFalse();
            assertThat(score(LocalDate.of(2026, 3, 10), listed).debtorListed()).isTrue();
            assertThat(score(LocalDate.of(2026, 3, 10), listed).score()).isEqualByComparingTo("79.00");
        }

        @Test
        void anyCaseStillListedKeepsTheCap() {
            UnitScore s = score(
                    listing("A", DebtorStatus.LISTED, "2026-01-10"),
                    listing("B", DebtorStatus.LISTED, "2026-02-10"),
                    listing("A", DebtorStatus.SHIELDED, "2026-03-10"));
            assertThat(s.debtorListed()).isTrue();
        }

        @Test
        void theCapNeverRaisesAScore() {
            Fact[] facts = new Fact[6];
            for (int i = 0; i < 5; i++) {
                facts[i] = fact("6.1", "SERIOUS_DISHONESTY")
                        .on("2025-0" + (i + 1) + "-01")
                        .build();
            }
            facts[5] = listing("C", DebtorStatus.LISTED, "2026-01-10");
            UnitScore s = score(facts);
            assertThat(s.rawScore()).isEqualByComparingTo("75.00");
            assertThat(s.score()).isEqualByComparingTo("75.00");
        }
    }

    @Test
    void redeliveredFactsCountOnce() {
        CreditFact f = fact("1.4", "UNAUTHORISED_POWER_ITEM").on("2026-01-05").build();
        assertThat(score(f, f, f).score()).isEqualByComparingTo("97.00");
        assertThat(score(f, f, f).facts()).hasSize(1);
    }
}
