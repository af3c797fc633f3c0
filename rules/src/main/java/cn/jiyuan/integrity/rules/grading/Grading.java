package cn.jiyuan.integrity.rules.grading;

import java.math.BigDecimal;
import java.util.ArrayList;
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
     * <p>The grades and ranks as {@link Ranking} gives them.
     */
    public static List<GradedUnit> grade(Map<String, BigDecimal> scoresOfActiveUnits) {
        return new ArrayList<>(Ranking.of(scoresOfActiveUnits).asList());
    }

    /**
     * SCORING.md §5, the one statement of it that {@link Ranking} and {@link Standings} both use: the grade of a unit
     * with this score and rank (the number of units scoring at least as much) among this many active units.
     * EXCELLENT iff the score is 100 or more and the rank within floor(units × 20 / 100) — a tie that would overrun
     * the quota keeps the whole tied group out, as they share the group's lowest position; GOOD iff 80 or more and not
     * EXCELLENT; FAIR below.
     */
    public static Grade gradeOf(BigDecimal score, int rank, int units) {
        if (score.compareTo(EXCELLENT_FLOOR) >= 0 && rank <= units * QUOTA_PERCENT / 100) {
            return Grade.EXCELLENT;
        }
        return score.compareTo(GOOD_FLOOR) >= 0 ? Grade.GOOD : Grade.FAIR;
    }
}
