package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Grading;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every unit's score, grade and rank on a date, as the rules library computes them from the facts recorded by that
 * date: each unit registered by then is folded on that date, the active ones graded together (the 20% quota needs
 * all of them). A day is cached; while records keep arriving it is recomputed at most every {@code maxAge} (an
 * answer is at most that much behind the read model, and never mixes two versions).
 */
public class Evaluations {

    /** One unit on one date; {@code graded} is null for a unit not taking part (inactive) on that date. */
    public record Evaluated(UnitScore score, GradedUnit graded, UnitHistory.Registration registration) {}

    /** All units on one date, ranked best first, computed from read-model version {@code version}. */
    public record Day(LocalDate asOf, long version, Map<String, Evaluated> units, List<GradedUnit> ranking) {}

    private record Cached(Day day, Instant computedAt) {}

    private static final int DAYS_KEPT = 32;

    private final ReadModel model;
    private final ScoreFold fold;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<LocalDate, Cached> days = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LocalDate, Cached> eldest) {
            return size() > DAYS_KEPT;
        }
    };

    public Evaluations(ReadModel model, ScoreFold fold, Clock clock, Duration maxAge) {
        this.model = model;
        this.fold = fold;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public Day day(LocalDate asOf) {
        Cached cached;
        synchronized (days) {
            cached = days.get(asOf);
        }
        if (cached != null
                && (cached.day().version() == model.version()
                        || cached.computedAt().plus(maxAge).isAfter(clock.instant()))) {
            return cached.day();
        }
        synchronized (this) { // one computation at a time; a waiting request finds the fresh result
            synchronized (days) {
                cached = days.get(asOf);
            }
            if (cached != null && cached.day().version() == model.version()) {
                return cached.day();
            }
            Day day = compute(asOf);
            synchronized (days) {
                days.put(asOf, new Cached(day, clock.instant()));
            }
            return day;
        }
    }

    /** One unit on a date, without grading (for a unit that is not registered or not active then). */
    public UnitScore score(UnitHistory history, LocalDate asOf) {
        return fold.score(history.unitId(), history.facts(), asOf);
    }

    private Day compute(LocalDate asOf) {
        ReadModel.Snapshot snapshot = model.snapshot();
        long version = snapshot.version();
        Map<String, Evaluated> units = new HashMap<>();
        Map<String, UnitScore> scores = new HashMap<>();
        Map<String, BigDecimal> active = new HashMap<>();
        Map<String, UnitHistory.Registration> registrations = new HashMap<>();
        for (UnitHistory h : snapshot.units()) {
            UnitHistory.Registration r = h.registrationOn(asOf);
            if (r == null) {
                continue;
            }
            UnitScore s = score(h, asOf);
            scores.put(h.unitId(), s);
            registrations.put(h.unitId(), r);
            if (r.active()) {
                active.put(h.unitId(), s.score());
            }
        }
        List<GradedUnit> ranking = Grading.grade(active);
        Map<String, GradedUnit> graded = new HashMap<>();
        ranking.forEach(g -> graded.put(g.unitId(), g));
        scores.forEach((id, s) -> units.put(id, new Evaluated(s, graded.get(id), registrations.get(id))));
        return new Day(asOf, version, Map.copyOf(units), List.copyOf(ranking));
    }
}
