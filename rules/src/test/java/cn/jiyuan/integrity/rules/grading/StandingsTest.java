package cn.jiyuan.integrity.rules.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The incremental standings give, after any run of updates, what grading the whole table gives. */
class StandingsTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void updatesGradeAsTheWholeTableWouldAndNameEveryUnitWhoseGradeChanged(long seed) {
        Random random = new Random(seed);
        int universe = 1 + random.nextInt(80);
        Map<String, BigDecimal> active = new HashMap<>();
        for (int i = 0; i < universe; i++) {
            if (random.nextBoolean()) {
                active.put("U" + i, score(random));
            }
        }
        Standings standings = Standings.of(active);
        assertSame(standings.all(), Grading.grade(active));

        for (int step = 0; step < 40; step++) {
            Map<String, GradedUnit> before = byUnit(Grading.grade(active));
            Map<String, BigDecimal> changes = new HashMap<>();
            int n = 1 + random.nextInt(4);
            for (int k = 0; k < n; k++) {
                String unit = "U" + random.nextInt(universe);
                BigDecimal score = random.nextInt(6) == 0 ? null : score(random); // null: deactivated
                changes.put(unit, score);
            }
            changes.forEach((unit, score) -> {
                if (score == null) {
                    active.remove(unit);
                } else {
                    active.put(unit, score);
                }
            });

            Set<String> touched = standings.update(changes);

            List<GradedUnit> expected = Grading.grade(active);
            assertSame(standings.all(), expected);
            assertThat(standings.size()).isEqualTo(active.size());
            for (GradedUnit g : expected) {
                GradedUnit was = before.get(g.unitId());
                if (was == null || was.grade() != g.grade()) {
                    assertThat(touched)
                            .as("step %d: %s changed grade", step, g.unitId())
                            .contains(g.unitId());
                }
            }
            before.keySet().stream()
                    .filter(u -> !active.containsKey(u))
                    .forEach(u -> assertThat(touched).contains(u));
            assertSame(
                    standings.graded(touched),
                    expected.stream().filter(g -> touched.contains(g.unitId())).toList());
        }
    }

    @Test
    void aTieThatWouldOverrunTheQuotaKeepsTheWholeGroupOutAndAScoreBelowItLetsItIn() {
        Map<String, BigDecimal> scores = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            scores.put("U" + i, BigDecimal.valueOf(90));
        }
        scores.put("A", BigDecimal.valueOf(103));
        scores.put("B", BigDecimal.valueOf(103));
        scores.put("C", BigDecimal.valueOf(103)); // 13 units: 2 slots, the tie of three is out
        Standings standings = Standings.of(scores);
        assertThat(standings.graded(List.of("A", "B", "C")))
                .extracting(GradedUnit::grade)
                .containsOnly(Grade.GOOD);

        Map<String, BigDecimal> change = new HashMap<>();
        change.put("C", BigDecimal.valueOf(101));
        assertThat(standings.update(change)).containsExactlyInAnyOrder("A", "B", "C");
        assertThat(standings.graded(List.of("A", "B", "C")))
                .containsExactly(
                        new GradedUnit("A", BigDecimal.valueOf(103), Grade.EXCELLENT, 2),
                        new GradedUnit("B", BigDecimal.valueOf(103), Grade.EXCELLENT, 2),
                        new GradedUnit("C", BigDecimal.valueOf(101), Grade.GOOD, 3));
    }

    /** Few distinct values around 100, so ties at the quota boundary are common. */
    private static BigDecimal score(Random random) {
        return BigDecimal.valueOf(9_700 + random.nextInt(12) * 50L, 2);
    }

    private static Map<String, GradedUnit> byUnit(List<GradedUnit> graded) {
        Map<String, GradedUnit> map = new HashMap<>();
        graded.forEach(g -> map.put(g.unitId(), g));
        return map;
    }

    private static void assertSame(List<GradedUnit> actual, List<GradedUnit> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            GradedUnit a = actual.get(i);
            GradedUnit e = expected.get(i);
            assertThat(a.unitId()).isEqualTo(e.unitId());
            assertThat(a.score()).isEqualByComparingTo(e.score());
            assertThat(a.grade()).as(e.unitId()).isEqualTo(e.grade());
            assertThat(a.rank()).as(e.unitId()).isEqualTo(e.rank());
        }
    }
}
