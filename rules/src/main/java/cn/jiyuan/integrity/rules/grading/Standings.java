package cn.jiyuan.integrity.rules.grading;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The active units' scores kept sorted, so that a few new scores cost what they change and not what exists: the same
 * grades as {@link Grading#grade} gives for the whole table (SCORING.md §5), for a province's hundred thousand units.
 *
 * <p>Why few units move: EXCELLENT is a prefix of the order by score — every unit scoring at least some threshold T
 * (the lowest score ≥ 100 whose rank still fits the quota) — and GOOD or FAIR depend on a unit's own score. So when
 * scores change, the grades that can change are those of the units whose scores changed and those of the units
 * between the old and the new threshold.
 *
 * <p>Not thread-safe: one grading step uses it at a time.
 */
public final class Standings {

    /** Active units' scores. */
    private final Map<String, BigDecimal> scores = new HashMap<>();

    /** The units of each score, best score first; units in id order. */
    private final NavigableMap<BigDecimal, TreeSet<String>> byScore = new TreeMap<>(Comparator.reverseOrder());

    /** The lowest score graded EXCELLENT, or null when no unit is. */
    private BigDecimal excellentFrom;

    private Standings() {}

    /** The standings of these active units' scores. */
    public static Standings of(Map<String, BigDecimal> scoresOfActiveUnits) {
        Standings standings = new Standings();
        scoresOfActiveUnits.forEach(standings::put);
        standings.excellentFrom = standings.threshold();
        return standings;
    }

    /** The number of active units. */
    public int size() {
        return scores.size();
    }

    /** Whether this unit is active here. */
    public boolean contains(String unitId) {
        return scores.containsKey(unitId);
    }

    /**
     * Sets new scores; a null score means the unit is no longer active (or was never). Returns every unit whose grade
     * may differ from before: the units given, and those the EXCELLENT threshold passed over.
     */
    public Set<String> update(Map<String, BigDecimal> newScores) {
        newScores.forEach((unit, score) -> {
            remove(unit);
            if (score != null) {
                put(unit, score);
            }
        });
        BigDecimal before = excellentFrom;
        excellentFrom = threshold();
        Set<String> touched = new LinkedHashSet<>(newScores.keySet());
        touched.addAll(passedOver(before, excellentFrom));
        return touched;
    }

    /** The grade of every active unit, best first: the same list as {@link Grading#grade} of the same scores. */
    public List<GradedUnit> all() {
        return graded(scores.keySet());
    }

    /** The grades and ranks of these units, those not active left out; best first, ties by unit id. */
    public List<GradedUnit> graded(Collection<String> unitIds) {
        NavigableMap<BigDecimal, List<String>> wanted = new TreeMap<>(Comparator.reverseOrder());
        for (String unit : unitIds) {
            BigDecimal score = scores.get(unit);
            if (score != null) {
                wanted.computeIfAbsent(score, s -> new ArrayList<>()).add(unit);
            }
        }
        List<GradedUnit> graded = new ArrayList<>();
        int atLeast = 0;
        for (Map.Entry<BigDecimal, TreeSet<String>> group : byScore.entrySet()) {
            atLeast += group.getValue().size();
            List<String> units = wanted.get(group.getKey());
            if (units == null) {
                continue;
            }
            units.sort(null);
            Grade grade = Grading.gradeOf(group.getKey(), atLeast, scores.size());
            for (String unit : units) {
                graded.add(new GradedUnit(unit, scores.get(unit), grade, atLeast));
            }
            wanted.remove(group.getKey());
            if (wanted.isEmpty()) {
                break;
            }
        }
        return graded;
    }

    /**
     * The lowest score graded EXCELLENT ({@link Grading#gradeOf} at its rank), or null if none: EXCELLENT is a prefix
     * of the order by score, so the first group that is not ends it.
     */
    private BigDecimal threshold() {
        int atLeast = 0;
        BigDecimal lowest = null;
        for (Map.Entry<BigDecimal, TreeSet<String>> group : byScore.entrySet()) {
            atLeast += group.getValue().size();
            if (Grading.gradeOf(group.getKey(), atLeast, scores.size()) != Grade.EXCELLENT) {
                break;
            }
            lowest = group.getKey();
        }
        return lowest;
    }

    private void put(String unit, BigDecimal score) {
        scores.put(unit, score);
        byScore.computeIfAbsent(score, s -> new TreeSet<>()).add(unit);
    }

    private void remove(String unit) {
        BigDecimal score = scores.remove(unit);
        if (score != null) {
            TreeSet<String> group = byScore.get(score);
            group.remove(unit);
            if (group.isEmpty()) {
                byScore.remove(score);
            }
        }
    }

    /**
     * The units from one threshold up to the other (the lower included, the upper not): those that were EXCELLENT and
     * are no longer, or the other way round. A missing threshold lies above every score.
     */
    private List<String> passedOver(BigDecimal before, BigDecimal after) {
        if (before == null && after == null || before != null && after != null && before.compareTo(after) == 0) {
            return List.of();
        }
        NavigableMap<BigDecimal, TreeSet<String>> passed;
        if (before == null || after == null) {
            passed = byScore.headMap(before == null ? after : before, true); // best first: every score ≥ the one given
        } else {
            BigDecimal lower = before.compareTo(after) < 0 ? before : after;
            BigDecimal upper = lower == before ? after : before;
            passed = byScore.subMap(upper, false, lower, true);
        }
        List<String> units = new ArrayList<>();
        passed.values().forEach(units::addAll);
        return units;
    }
}
