package cn.jiyuan.integrity.rules.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of the 20% rule over random score tables with many ties (seeded). */
class GradingPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverMoreThanAFifthExcellentAndRanksAreConsistent(long seed) {
        Random random = new Random(seed);
        int n = random.nextInt(120);
        Map<String, BigDecimal> scores = new HashMap<>();
        for (int i = 0; i < n; i++) {
            // Few distinct values around 100, so ties at the quota boundary are common.
            scores.put("U" + i, BigDecimal.valueOf(9_700 + random.nextInt(12) * 50L, 2));
        }
        List<GradedUnit> graded = Grading.grade(scores);

        assertThat(graded).hasSize(n);
        assertThat(graded.stream().filter(g -> g.grade() == Grade.EXCELLENT).count())
                .isLessThanOrEqualTo(n / 5);
        for (GradedUnit g : graded) {
            long atLeast = scores.values().stream()
                    .filter(s -> s.compareTo(g.score()) >= 0)
                    .count();
            assertThat(g.rank()).isEqualTo((int) atLeast);
            boolean excellent = g.score().compareTo(BigDecimal.valueOf(100)) >= 0 && g.rank() <= n * 20 / 100;
            assertThat(g.grade() == Grade.EXCELLENT).isEqualTo(excellent);
            if (!excellent) {
                assertThat(g.grade())
                        .isEqualTo(g.score().compareTo(BigDecimal.valueOf(80)) >= 0 ? Grade.GOOD : Grade.FAIR);
            }
        }
        for (int i = 1; i < graded.size(); i++) {
            assertThat(graded.get(i).score())
                    .isLessThanOrEqualTo(graded.get(i - 1).score());
        }
    }
}
