package cn.jiyuan.integrity.rules.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradingTest {

    private static Map<String, BigDecimal> scores(String... scores) {
        Map<String, BigDecimal> map = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) {
            map.put("U" + (char) ('A' + i), new BigDecimal(scores[i]));
        }
        return map;
    }

    private static String grades(List<GradedUnit> graded) {
        return String.join(
                " ",
                graded.stream()
                        .map(g -> g.score().toPlainString() + ":" + g.grade() + "#" + g.rank())
                        .toList());
    }

    @Test
    void theWorkedExampleOfScoringMd() {
        List<GradedUnit> graded =
                Grading.grade(scores("105", "104", "103", "103", "100", "100", "99", "90", "85", "70"));
        assertThat(grades(graded))
                .isEqualTo("105:EXCELLENT#1 104:EXCELLENT#2 103:GOOD#4 103:GOOD#4 100:GOOD#6 100:GOOD#6 "
                        + "99:GOOD#7 90:GOOD#8 85:GOOD#9 70:FAIR#10");
    }

    @Test
    void aTieThatWouldOverrunTheQuotaLeavesTheWholeGroupOut() {
        List<GradedUnit> graded = Grading.grade(scores("105", "103", "103", "100", "99", "98", "97", "96", "95", "94"));
        assertThat(graded.stream().filter(g -> g.grade() == Grade.EXCELLENT).map(GradedUnit::score))
                .containsExactly(new BigDecimal("105"));
    }

    @Test
    void tiedUnitsShareTheLowestPosition() {
        List<GradedUnit> graded = Grading.grade(scores("105", "103", "103", "100"));
        assertThat(graded).extracting(GradedUnit::rank).containsExactly(1, 3, 3, 4);
    }

    @ParameterizedTest(name = "{0} units → {1} slots")
    @CsvSource({"1,0", "4,0", "5,1", "9,1", "10,2", "14,2", "15,3", "40,8", "5000,1000"})
    void slotsAreTwentyPercentRoundedDown(int units, int slots) {
        String[] all = new String[units];
        for (int i = 0; i < units; i++) {
            all[i] = String.valueOf(200 + units - i); // all distinct, all ≥ 100
        }
        Map<String, BigDecimal> map = new LinkedHashMap<>();
        for (int i = 0; i < units; i++) {
            map.put("U" + i, new BigDecimal(all[i]));
        }
        assertThat(Grading.grade(map).stream().filter(g -> g.grade() == Grade.EXCELLENT))
                .hasSize(slots);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"100.00,GOOD", "99.99,GOOD", "80.00,GOOD", "79.99,FAIR", "0,FAIR", "-3,FAIR"})
    void gradesOutsideTheQuotaFollowTheScore(String score, Grade grade) {
        // One unit alone has no slot (floor(1 × 0.2) = 0), so even 100 is GOOD.
        assertThat(Grading.grade(scores(score)))
                .singleElement()
                .extracting(GradedUnit::grade)
                .isEqualTo(grade);
    }

    @Test
    void belowOneHundredIsNeverExcellentEvenInTheQuota() {
        List<GradedUnit> graded = Grading.grade(scores("99.5", "90", "85", "80", "70"));
        assertThat(graded).extracting(GradedUnit::grade).doesNotContain(Grade.EXCELLENT);
    }

    @Test
    void noUnitsNoGrades() {
        assertThat(Grading.grade(Map.of())).isEmpty();
    }

    /** The one statement of §5 at its edges: the score floors, the last rank within the quota, and a quota of none. */
    @ParameterizedTest(name = "score {0}, rank {1} of {2} units: {3}")
    @CsvSource({
        "100, 2, 10, EXCELLENT",
        "100, 3, 10, GOOD",
        "99.99, 1, 10, GOOD",
        "80, 10, 10, GOOD",
        "79.99, 10, 10, FAIR",
        "120, 1, 4, GOOD", // floor(4 × 20 / 100) = 0: no unit can be EXCELLENT
        "120, 1, 5, EXCELLENT",
        "100, 20000, 100000, EXCELLENT",
        "100, 20001, 100000, GOOD"
    })
    void gradeOfAScoreAtARank(String score, int rank, int units, Grade grade) {
        assertThat(Grading.gradeOf(new BigDecimal(score), rank, units)).isEqualTo(grade);
    }
}
