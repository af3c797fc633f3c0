package cn.jiyuan.integrity.rules.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.RandomFacts;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.GroupKind;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the fold over random fact sets (seeded: a failure names its seed, and the same seed reproduces it).
 * The score is a function of the set of facts and the date (STYLE.md, DEVELOPERS.md "Nothing lost, nothing invented").
 */
class ScoreFoldPropertiesTest {

    private static final LocalDate LAST = LocalDate.of(2026, 11, 26);
    private final ScoreFold fold = ScoreFold.standard();

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyPermutationAndAnyDuplicationGiveTheSameScore(long seed) {
        RandomFacts gen = new RandomFacts(seed);
        Random random = gen.random();
        List<Fact> facts = gen.unitHistory("U", random.nextInt(80), LAST);
        LocalDate date = gen.date(LAST);

        List<Fact> shuffled = new ArrayList<>(facts);
        for (int i = 0, copies = random.nextInt(facts.size() + 1); i < copies; i++) {
            shuffled.add(facts.get(random.nextInt(facts.size())));
        }
        Collections.shuffle(shuffled, random);

        assertThat(fold.score("U", shuffled, date)).isEqualTo(fold.score("U", facts, date));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRetractionStaysARetractionWhenTheFactIsRedelivered(long seed) {
        RandomFacts gen = new RandomFacts(seed);
        CreditFact fact = gen.creditFact("U", LAST.minusDays(30));
        Correction deletion = new Correction(
                "obj-" + seed,
                fact.eventId(),
                "U",
                CorrectionKind.DELETE,
                null,
                fact.recordedAt().plusSeconds(86_400));
        LocalDate date = deletion.recordedOn().plusDays(gen.random().nextInt(30));

        UnitScore once = fold.score("U", List.of(fact, deletion), date);
        UnitScore redelivered = fold.score("U", List.of(fact, deletion, fact, deletion, fact), date);
        UnitScore deletionFirst = fold.score("U", List.of(deletion, fact), date);

        assertThat(redelivered).isEqualTo(once).isEqualTo(deletionFirst);
        assertThat(once.facts()).allSatisfy(s -> assertThat(s.status()).isEqualTo(FactStatus.RETRACTED));
        assertThat(once.score()).isEqualByComparingTo("100.00");
    }

    /**
     * What a store of past evaluations rests on: a record changes no evaluation before the date it was recorded on. And
     * what a caller that leaves such records out unread rests on: those recorded from {@link ScoreFold#unknownFrom} on
     * are exactly they, and the whole result, the state of each fact too, is the same without them.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDateIgnoresEveryRecordRecordedAfterIt(long seed) {
        RandomHistory history = RandomHistory.of(seed, 120);
        List<Fact> facts = history.facts();
        LocalDate date = history.date();
        List<Fact> recordedByThen =
                facts.stream().filter(f -> !f.recordedOn().isAfter(date)).toList();
        Instant unknownFrom = ScoreFold.unknownFrom(date);

        assertThat(ChinaTime.dateOf(unknownFrom.minusNanos(1))).isEqualTo(date);
        assertThat(ChinaTime.dateOf(unknownFrom)).isEqualTo(date.plusDays(1));
        assertThat(facts.stream().filter(f -> f.recordedAt().isBefore(unknownFrom)))
                .containsExactlyElementsOf(recordedByThen);
        assertThat(fold.score("U", recordedByThen, date)).isEqualTo(fold.score("U", facts, date));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theScoreOnlyIsTheScoreWithoutTheStateOfEachFact(long seed) {
        RandomHistory history = RandomHistory.of(seed, 120);
        UnitScore whole = fold.score("U", history.facts(), history.date());

        UnitScore only = fold.scoreOnly("U", history.facts(), history.date());

        assertThat(only.facts()).isEmpty();
        assertThat(only).usingRecursiveComparison().ignoringFields("facts").isEqualTo(whole);
    }

    /**
     * What a ranking that leaves facts out unread rests on: the score only is the same without the credit facts that
     * occurred by {@link ScoreFold#tooEarlyUpTo} and that no correction names.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theScoreOnlyIsTheSameWithoutTheUncorrectedFactsTooEarlyForTheWindow(long seed) {
        RandomHistory history = RandomHistory.of(seed, 120);
        LocalDate tooEarly = ScoreFold.tooEarlyUpTo(history.date());
        Set<String> corrected = history.facts().stream()
                .filter(f -> f instanceof Correction)
                .map(f -> ((Correction) f).eventId())
                .collect(Collectors.toSet());
        List<Fact> withoutThem = history.facts().stream()
                .filter(f -> !(f instanceof CreditFact c
                        && !c.occurredOn().isAfter(tooEarly)
                        && !corrected.contains(c.eventId())))
                .toList();

        assertThat(fold.scoreOnly("U", withoutThem, history.date()))
                .isEqualTo(fold.scoreOnly("U", history.facts(), history.date()));
    }

    /** Some histories have uncorrected facts too early for their date: the property above is not empty. */
    @Test
    void someHistoriesHaveFactsTooEarlyForTheWindow() {
        long withSome = seeds().filter(seed -> {
                    RandomHistory history = RandomHistory.of(seed, 120);
                    LocalDate tooEarly = ScoreFold.tooEarlyUpTo(history.date());
                    return history.facts().stream()
                            .anyMatch(f ->
                                    f instanceof CreditFact c && !c.occurredOn().isAfter(tooEarly));
                })
                .count();
        assertThat(withSome).isGreaterThan(30);
    }

    /** And a purge changes no evaluation after the last date {@link Retention#lastDateChangedByPurging} gives. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aPurgeChangesNoDateAfterTheLastItCanChange(long seed) {
        RandomFacts gen = new RandomFacts(seed);
        List<Fact> facts = gen.unitHistory("U", gen.random().nextInt(120), LAST);
        LocalDate purgedOn = Window.lastDateCounting(gen.date(LAST)).plusYears(2); // a retention limit among the facts
        List<Fact> retained = Retention.retained(facts, purgedOn);
        List<Correction> purgedCorrections = facts.stream()
                .filter(f -> f instanceof Correction && !retained.contains(f))
                .map(Correction.class::cast)
                .toList();
        LocalDate last = Retention.lastDateChangedByPurging(purgedOn, purgedCorrections);

        for (LocalDate date = last.plusDays(1); !date.isAfter(purgedOn); date = date.plusDays(37)) {
            assertSameScore(fold.score("U", retained, date), fold.score("U", facts, date));
        }
    }

    /** Up to {@code maxFacts} random facts of unit U and a random date among them, from the seed. */
    private record RandomHistory(List<Fact> facts, LocalDate date) {
        static RandomHistory of(long seed, int maxFacts) {
            RandomFacts gen = new RandomFacts(seed);
            List<Fact> facts = gen.unitHistory("U", gen.random().nextInt(maxFacts), LAST);
            return new RandomHistory(facts, gen.date(LAST));
        }
    }

    private static void assertSameScore(UnitScore actual, UnitScore expected) {
        assertThat(actual.score()).isEqualTo(expected.score());
        assertThat(actual.rawScore()).isEqualTo(expected.rawScore());
        assertThat(actual.debtorListed()).isEqualTo(expected.debtorListed());
        assertThat(actual.indicators()).isEqualTo(expected.indicators());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void groupsOneToFiveStayWithinZeroAndOneHundred(long seed) {
        RandomFacts gen = new RandomFacts(seed);
        List<Fact> facts = gen.unitHistory("U", gen.random().nextInt(200), LAST);
        UnitScore score = fold.score("U", facts, gen.date(LAST));
        var catalog = Catalogs.standard().inForce(score.asOf());
        BigDecimal scored = score.indicators().stream()
                .filter(i -> catalog.indicator(i.code()).orElseThrow().kind() == GroupKind.SCORED)
                .map(IndicatorScore::score)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(scored).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(100));
        score.indicators().forEach(i -> {
            if (catalog.indicator(i.code()).orElseThrow().kind() == GroupKind.SCORED) {
                assertThat(i.score()).isBetween(BigDecimal.ZERO, i.max());
            }
        });
        if (score.debtorListed()) {
            assertThat(score.score()).isLessThanOrEqualTo(new BigDecimal("79.00"));
        } else {
            assertThat(score.score()).isEqualTo(score.rawScore());
        }
    }
}
