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
     * <p>The grades and ranks as {@link Ranking} gives them (the rule is written there once).
     */
    public static List<GradedUnit> grade(Map<String, BigDecimal> scoresOfActiveUnits) {
        return new ArrayList<>(Ranking.of(scoresOfActiveUnits).asList());
    }
}
