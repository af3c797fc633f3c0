package cn.jiyuan.integrity.rules.grading;

import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The active units of one date graded together (SCORING.md §5), best first, ties by unit id: an immutable value in
 * three arrays, whose {@link GradedUnit}s are made when asked for. {@link #with} gives the ranking after some units'
 * scores changed in time linear in the units and with almost no garbage, where grading the whole table again sorts
 * it: a province's hundred thousand units are re-ranked in a few milliseconds, not a tenth of a second.
 *
 * <p>rank(u) = the number of units scoring ≥ u (tied units share the lowest position: 105, 103, 103, 100 rank 1, 3,
 * 3, 4); the grade of a rank is {@link Grading#gradeOf}.
 */
public final class Ranking {

    private static final Ranking EMPTY = new Ranking(new String[0], new BigDecimal[0]);

    private final String[] units;
    private final BigDecimal[] scores;
    private final int[] ranks;

    private Ranking(String[] units, BigDecimal[] scores) {
        this.units = units;
        this.scores = scores;
        this.ranks = ranks(scores);
    }

    /** The ranking of these active units' scores. */
    public static Ranking of(Map<String, BigDecimal> scoresOfActiveUnits) {
        if (scoresOfActiveUnits.isEmpty()) {
            return EMPTY;
        }
        Entry[] sorted = entries(scoresOfActiveUnits);
        String[] units = new String[sorted.length];
        BigDecimal[] scores = new BigDecimal[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            units[i] = sorted[i].unit();
            scores[i] = sorted[i].score();
        }
        return new Ranking(units, scores);
    }

    /**
     * This ranking after {@code changes}: each unit given takes its new score, or with a null score leaves (is no
     * longer active, or never was); the others keep theirs.
     */
    public Ranking with(Map<String, BigDecimal> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Entry[] added = entries(changes);
        String[] newUnits = new String[units.length + added.length];
        BigDecimal[] newScores = new BigDecimal[newUnits.length];
        int kept = 0;
        int next = 0;
        int out = 0;
        while (kept < units.length || next < added.length) {
            if (kept < units.length && changes.containsKey(units[kept])) {
                kept++; // its new score, if any, is among the added
            } else if (next == added.length
                    || kept < units.length && compare(scores[kept], units[kept], added[next]) < 0) {
                newUnits[out] = units[kept];
                newScores[out++] = scores[kept++];
            } else {
                newUnits[out] = added[next].unit();
                newScores[out++] = added[next++].score();
            }
        }
        return new Ranking(Arrays.copyOf(newUnits, out), Arrays.copyOf(newScores, out));
    }

    /** The number of units graded. */
    public int size() {
        return units.length;
    }

    /** The unit at this position, best first. */
    public GradedUnit get(int position) {
        BigDecimal score = scores[position];
        int rank = ranks[position];
        return new GradedUnit(units[position], score, Grading.gradeOf(score, rank, units.length), rank);
    }

    /** The unit's grade and rank, or null if it is not in this ranking with this score. */
    public GradedUnit of(String unitId, BigDecimal score) {
        Entry wanted = new Entry(unitId, score);
        int low = 0;
        int high = units.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int c = compare(scores[middle], units[middle], wanted);
            if (c < 0) {
                low = middle + 1;
            } else if (c > 0) {
                high = middle - 1;
            } else {
                return get(middle);
            }
        }
        return null;
    }

    /** Every unit graded, best first: a view whose elements are made when read. */
    public List<GradedUnit> asList() {
        return new View();
    }

    private final class View extends AbstractList<GradedUnit> implements RandomAccess {

        @Override
        public GradedUnit get(int index) {
            return Ranking.this.get(index);
        }

        @Override
        public int size() {
            return units.length;
        }
    }

    /** A unit and its score; the score null for a unit leaving. */
    private record Entry(String unit, BigDecimal score) {}

    /** The entries with a score, best first, ties by unit id. */
    private static Entry[] entries(Map<String, BigDecimal> scores) {
        List<Entry> entries = new ArrayList<>(scores.size());
        scores.forEach((unit, score) -> {
            if (score != null) {
                entries.add(new Entry(unit, score));
            }
        });
        Entry[] sorted = entries.toArray(Entry[]::new);
        Arrays.sort(sorted, (a, b) -> compare(a.score(), a.unit(), b));
        return sorted;
    }

    /** Negative if ({@code score}, {@code unit}) comes before {@code other}: a higher score, or the same and a lower id. */
    private static int compare(BigDecimal score, String unit, Entry other) {
        int byScore = other.score().compareTo(score);
        return byScore != 0 ? byScore : unit.compareTo(other.unit());
    }

    /** Each position's rank: the number of units scoring at least as much, the last position of its tied group. */
    private static int[] ranks(BigDecimal[] scores) {
        int[] ranks = new int[scores.length];
        int start = 0;
        while (start < scores.length) {
            int end = start;
            while (end + 1 < scores.length && scores[end + 1].compareTo(scores[start]) == 0) {
                end++;
            }
            Arrays.fill(ranks, start, end + 1, end + 1);
            start = end + 1;
        }
        return ranks;
    }
}
