package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.query.model.Evaluations.Day;
import cn.jiyuan.integrity.query.model.Evaluations.Evaluated;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.grading.Ranking;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import cn.jiyuan.integrity.support.facts.PackedFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The folds behind a date's evaluation ({@link Evaluations} decides when and which): every unit registered on the
 * date folded by the rules and the active ones graded together, or, given the same date's evaluation at an earlier
 * version, only the units that changed folded again and moved in its ranking. The folds are independent and pure,
 * and spread over the cores a chunk of units at a time (their facts read back where the memory does not hold them).
 */
final class DayFolds {

    /** Units whose facts are read back and folded at a time. */
    private static final int CHUNK = 2_000;

    private final ReadModel model;
    private final ScoreFold fold;
    private final Map<IndicatorScore, IndicatorScore> sharedIndicators = new ConcurrentHashMap<>();
    private final Timer whole;
    private final Timer refresh;
    private final Counter folded;

    DayFolds(ReadModel model, ScoreFold fold, MeterRegistry meters) {
        this.model = model;
        this.fold = fold;
        this.whole = timer("whole", "evaluations of a date: every unit folded", meters);
        this.refresh = timer("refresh", "evaluations of a date refreshed from the cached one", meters);
        this.folded = Counter.builder("query.evaluation.units.folded")
                .description("units folded by the evaluations of dates (whole, refreshed or read back)")
                .register(meters);
    }

    static Timer timer(String kind, String description, MeterRegistry meters) {
        return Timer.builder("query.evaluation")
                .description(description)
                .tag("kind", kind)
                .register(meters);
    }

    /** One unit on a date, without grading (for a unit that is not registered or not active then). */
    UnitScore score(UnitHistory history, LocalDate asOf) {
        return fold.score(history.unitId(), history.facts(), asOf);
    }

    /**
     * Every unit registered on {@code asOf} with its score on that date, a chunk of units at a time (their facts read
     * back if not held), to {@code each}: the scores of all units are never all in memory at once.
     */
    void eachScore(LocalDate asOf, Predicate<String> units, BiConsumer<UnitHistory, UnitScore> each) {
        ReadModel.Snapshot snapshot = model.snapshot();
        List<UnitHistory> registered = snapshot.units().stream()
                .filter(h -> units.test(h.unitId()) && h.registrationOn(asOf) != null)
                .toList();
        Instant unknownFrom = ScoreFold.unknownFrom(asOf);
        model.inChunks(snapshot, registered, CHUNK, (f, id) -> f.factsRecordedBefore(id, unknownFrom), chunk -> {
            List<UnitScore> scores = chunk.parallelStream()
                    .map(h -> fold.score(h.unitId(), h.facts(), asOf))
                    .toList();
            for (int i = 0; i < chunk.size(); i++) {
                each.accept(chunk.get(i), scores.get(i));
            }
        });
    }

    /**
     * Folds every unit registered on the date (a chunk of units at a time: their facts are read back if the memory
     * does not hold them) and grades the active ones together. The day keeps each unit's score without the state of
     * each fact (a province's day would otherwise hold every fact), and the folds read only the facts known on the date
     * and not too early for its window ({@link PackedFacts#factsScoredOn}: the others held are skipped unread; a past
     * date's first evaluation at a province's size unpacked and folded every fact).
     *
     * <p>Given the same date's evaluation at an earlier version ({@code base}), only the units of {@code snapshot} (those
     * that changed since, for that date) are folded again; the others keep their scores (a unit's score is a fold of
     * its own records), and the base's ranking is changed by the units folded again, not sorted whole.
     */
    Day compute(LocalDate asOf, Day base, ReadModel.Snapshot snapshot) {
        return (base == null ? whole : refresh).record(() -> computeUntimed(asOf, null, base, snapshot));
    }

    /**
     * Every unit registered on the date folded from its facts as {@code reading} gives them (all of them, recorded
     * before the date or not), with the state of each fact, and graded: an official result's evaluation.
     */
    Day computeReading(LocalDate asOf, UnaryOperator<List<Fact>> reading, ReadModel.Snapshot snapshot) {
        return whole.record(() -> computeUntimed(asOf, reading, null, snapshot));
    }

    /** With {@code reading} null: a ranking's evaluation (facts known on the date, no states), else an official one. */
    private Day computeUntimed(
            LocalDate asOf, UnaryOperator<List<Fact>> reading, Day base, ReadModel.Snapshot snapshot) {
        if (base != null && snapshot.units().isEmpty()) {
            return new Day(asOf, snapshot.version(), base.units(), base.grades());
        }
        List<UnitHistory> toFold = snapshot.units().stream()
                .filter(h -> h.registrationOn(asOf) != null)
                .toList();
        folded.increment(toFold.size());
        Map<String, Evaluated> units = new HashMap<>(base == null ? Map.of() : base.units());
        Map<String, BigDecimal> changes = new HashMap<>(); // null: not taking part
        model.inChunks(
                snapshot,
                toFold,
                CHUNK,
                reading == null ? (f, id) -> f.factsScoredOn(id, asOf) : PackedFacts::facts,
                chunk -> chunk.parallelStream()
                        .map(h -> {
                            UnitScore score = reading == null
                                    ? sharingIndicators(fold.scoreOnly(h.unitId(), h.facts(), asOf))
                                    : fold.score(h.unitId(), reading.apply(h.facts()), asOf);
                            return new Evaluated(score, h.registrationOn(asOf));
                        })
                        .toList()
                        .forEach(e -> {
                            units.put(e.score().unitId(), e);
                            changes.put(
                                    e.score().unitId(),
                                    e.registration().active() ? e.score().score() : null);
                        }));
        if (base == null) {
            return graded(asOf, snapshot.version(), units);
        }
        return new Day(
                asOf,
                snapshot.version(),
                Collections.unmodifiableMap(units),
                base.grades().with(changes));
    }

    /** The units graded together (the active ones), as a day at {@code version}. */
    static Day graded(LocalDate asOf, long version, Map<String, Evaluated> units) {
        Map<String, BigDecimal> active = new HashMap<>();
        for (Entry<String, Evaluated> e : units.entrySet()) {
            if (e.getValue().registration().active()) {
                active.put(e.getKey(), e.getValue().score().score());
            }
        }
        return new Day(asOf, version, Collections.unmodifiableMap(units), Ranking.of(active));
    }

    /** The score (without fact states) with its indicator scores shared with every equal one (most are full). */
    private UnitScore sharingIndicators(UnitScore s) {
        List<IndicatorScore> indicators = new ArrayList<>(s.indicators().size());
        for (IndicatorScore i : s.indicators()) {
            indicators.add(sharedIndicators.computeIfAbsent(i, x -> x));
        }
        return new UnitScore(
                s.unitId(),
                s.asOf(),
                s.catalogVersion(),
                s.score(),
                s.rawScore(),
                s.debtorListed(),
                indicators,
                List.of());
    }
}
