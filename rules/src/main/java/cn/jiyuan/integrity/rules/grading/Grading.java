package cn.jiyuan.integrity.rules.grading;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Grades every active unit at once: a unit's grade depends on all the others' scores. */
public final class Grading {

    /** 第七条: EXCELLENT needs at least this score … */
    public static final BigDecimal EXCELLENT_FLOOR = BigDecimal.valueOf(100);
    /** … and GOOD at least this one. */
    public static final BigDecimal GOOD_FLOOR = BigDecimal.valueOf(80);
    /** 第七条: 参评单位20%比例. */
    public static final int QUOTA_PERCENT = 20;

    private Grading() {}

    /**
     * Grades the active units' scores on one date. Best first; ties ordered by unit id.
     *
     * <p>rank(u) = the number of units scoring ≥ u (tied units share the lowest position: 105, 103, 103, 100 rank 1,
     * 3, 3, 4). EXCELLENT iff score ≥ 100 and rank ≤ floor(N × 20 / 100): a tie that would overrun the quota keeps the
     * whole tied group out (SCORING.md §5 reading).
     */
    public static List<GradedUnit> grade(Map<String, BigDecimal> scoresOfActiveUnits) {
        List<Map.Entry<String, BigDecimal>> sorted = new ArrayList<>(scoresOfActiveUnits.entrySet());
        sorted.sort(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        int n = sorted.size();
        int slots = n * QUOTA_PERCENT / 100;
        List<GradedUnit> graded = new ArrayList<>(n);
        int i = 0;
        while (i < n) {
            BigDecimal score = sorted.get(i).getValue();
            int end = i;
            while (end + 1 < n && sorted.get(end + 1).getValue().compareTo(score) == 0) {
                end++;
            }
            int rank = end + 1;
            Grade grade = score.compareTo(EXCELLENT_FLOOR) >= 0 && rank <= slots
                    ? Grade.EXCELLENT
                    : score.compareTo(GOOD_FLOOR) >= 0 ? Grade.GOOD : Grade.FAIR;
            for (int k = i; k <= end; k++) {
                graded.add(new GradedUnit(sorted.get(k).getKey(), score, grade, rank));
            }
            i = end + 1;
        }
        return graded;
    }
}
