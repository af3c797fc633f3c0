package cn.jiyuan.integrity.rules.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A ranking changed unit by unit grades as the whole table graded afresh would, and as §5 reads, at every step. */
class RankingTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRankingChangedStepByStepIsTheRankingOfTheScoresAtEachStep(long seed) {
        Random random = new Random(seed);
        int universe = 1 + random.nextInt(120);
        Map<String, BigDecimal> active = new HashMap<>();
        for (int i = 0; i < universe; i++) {
            if (random.nextBoolean()) {
                active.put("U" + i, score(random));
            }
        }
        Ranking ranking = Ranking.of(active);
        assertThat(ranking.asList()).isEqualTo(bySection5(active));

        for (int step = 0; step < 40; step++) {
            Map<String, BigDecimal> changes = new HashMap<>();
            int n = random.nextInt(6); // none at all too
            for (int k = 0; k < n; k++) {
                changes.put("U" + random.nextInt(universe), random.nextInt(5) == 0 ? null : score(random));
            }
            changes.forEach((unit, score) -> {
                if (score == null) {
                    active.remove(unit);
                } else {
                    active.put(unit, score);
                }
            });
            Ranking before = ranking;
            List<GradedUnit> beforeList = List.copyOf(before.asList());

            ranking = ranking.with(changes);

            List<GradedUnit> expected = bySection5(active);
            assertThat(ranking.asList()).isEqualTo(expected);
            assertThat(ranking.size()).isEqualTo(active.size());
            for (GradedUnit g : expected) {
                assertThat(ranking.of(g.unitId(), g.score())).isEqualTo(g);
            }
            assertThat(before.asList()).as("a ranking is a value").isEqualTo(beforeList);
        }
    }

    @Test
    void aUnitIsFoundOnlyWithTheScoreItIsRankedWith() {
        Ranking ranking = Ranking.of(Map.of("A", new BigDecimal("101.50"), "B", new BigDecimal("99.00")));

        assertThat(ranking.of("A", new BigDecimal("101.5")))
                .isEqualTo(new GradedUnit("A", new BigDecimal("101.50"), Grade.GOOD, 1)); // 2 units: no EXCELLENT slot
        assertThat(ranking.of("A", new BigDecimal("99.00"))).isNull();
        assertThat(ranking.of("C", new BigDecimal("99.00"))).isNull();
        assertThat(Ranking.of(Map.of()).of("A", BigDecimal.TEN)).isNull();
    }

    @Test
    void everyUnitLeavingLeavesAnEmptyRanking() {
        Ranking ranking = Ranking.of(Map.of("A", BigDecimal.TEN, "B", BigDecimal.ONE));
        Map<String, BigDecimal> leaving = new HashMap<>();
        leaving.put("A", null);
        leaving.put("B", null);
        leaving.put("C", null); // was never in it

        assertThat(ranking.with(leaving).asList()).isEmpty();
    }

    /**
     * SCORING.md §5 read directly, unit by unit: the rank is the number of units scoring at least as much; EXCELLENT
     * from 100 within the 20 % quota (floor), GOOD from 80; best first, ties by unit id.
     */
    private static List<GradedUnit> bySection5(Map<String, BigDecimal> active) {
        int slots = active.size() * 20 / 100;
        List<GradedUnit> graded = new ArrayList<>();
        active.forEach((unit, score) -> {
            int rank = (int) active.values().stream()
                    .filter(s -> s.compareTo(score) >= 0)
                    .count();
            Grade grade = score.compareTo(new BigDecimal("100")) >= 0 && rank <= slots
                    ? Grade.EXCELLENT
                    : score.compareTo(new BigDecimal("80")) >= 0 ? Grade.GOOD : Grade.FAIR;
            graded.add(new GradedUnit(unit, score, grade, rank));
        });
        graded.sort(Comparator.comparing(GradedUnit::score, Comparator.reverseOrder())
                .thenComparing(GradedUnit::unitId));
        return graded;
    }

    /** Scores bunched around the floors, with many ties. */
    private static BigDecimal score(Random random) {
        return BigDecimal.valueOf(7_900 + random.nextInt(12) * 50L + (random.nextInt(3) == 0 ? 0 : 200), 2);
    }
}
