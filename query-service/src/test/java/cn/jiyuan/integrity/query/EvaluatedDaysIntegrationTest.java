package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.query.model.EvaluatedDays;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A past date is evaluated once and stored: an instance that starts afterwards reads it back and folds only the units
 * that changed for that date, and what it answers equals the date computed whole from the records.
 */
class EvaluatedDaysIntegrationTest extends QueryTestBase {

    @Autowired
    private Catalogs catalogs;

    /** An instance started on {@code time} with {@code store}, an answer at most 10 minutes older than its memory. */
    private EvaluationsInstance instance(Clock time, EvaluatedDays store) {
        return new EvaluationsInstance(db, catalogs, time, store, Duration.ofMinutes(10));
    }

    private EvaluationsInstance instance() {
        return instance(clock, new EvaluatedDays(db));
    }

    /** The date computed whole from the records, nothing read back or stored. */
    private Evaluations.Day whole(LocalDate date) {
        return instance(clock, notStoring()).day(date);
    }

    private EvaluatedDays notStoring() {
        return new EvaluatedDays(db) {
            @Override
            public Stored load(LocalDate asOf) {
                return null;
            }

            @Override
            public boolean store(
                    LocalDate asOf, long version, Collection<UnitScore> scores, Set<String> refolded, long purgesSeen) {
                return true;
            }

            @Override
            public boolean advance(LocalDate asOf, long from, long to, Set<String> refolded, long purgesSeen) {
                return true;
            }
        };
    }

    /** Stores in the table, each store after {@code before} has run (which may wait, or throw as a failed store). */
    private EvaluatedDays storingAfter(Runnable before) {
        return new EvaluatedDays(db) {
            @Override
            public boolean store(
                    LocalDate asOf, long version, Collection<UnitScore> scores, Set<String> refolded, long purgesSeen) {
                before.run();
                return super.store(asOf, version, scores, refolded, purgesSeen);
            }
        };
    }

    /** A unit registered 30 days before {@code occurred}, with one fact that occurred then, recorded a day later. */
    private String unitWithAFactThatOccurredOn(LocalDate occurred) {
        String unit = Events.newUnitId();
        events.register(unit, true, at(occurred.minusDays(30)));
        events.send(recorded(fact(unit, "4.1", "LIGHT_DISCIPLINE", occurred), occurred.plusDays(1)), unit);
        awaitApplied(unit, 2);
        return unit;
    }

    @Test
    void aPastDateIsReadBackAfterAStartWithoutFoldingAUnit() {
        LocalDate date = today().minusYears(4).minusDays(100);
        String better = Events.newUnitId();
        String worse = Events.newUnitId();
        events.register(better, true, at(date.minusDays(30)));
        events.register(worse, true, at(date.minusDays(30)));
        events.send(recorded(fact(worse, "1.1", "ENFORCEMENT_REVOKED", date.minusDays(12)), date.minusDays(10)), worse);
        awaitApplied(better, 1);
        awaitApplied(worse, 2);

        Evaluations.Day first = instance().day(date);
        EvaluationsInstance started = instance();
        Evaluations.Day readBack = started.day(date);

        assertThat(readBack.units()).isEqualTo(first.units());
        assertThat(readBack.ranking()).isEqualTo(first.ranking());
        assertThat(readBack.units().get(worse).score().score()).isEqualByComparingTo("98.00");
        assertThat(started.evaluations("stored")).isOne();
        assertThat(started.evaluations("whole")).isZero();
        assertThat(started.folded()).isZero();
    }

    /**
     * At a province's size writing a date's evaluation to {@code evaluated_days} takes most of a second: the answer
     * does not wait for it, and the date is answered from memory while it is written.
     */
    @Test
    void aPastDateIsAnsweredBeforeItIsStoredAndFromMemoryWhileItIs() throws InterruptedException {
        LocalDate date = today().minusYears(4).minusDays(500);
        String unit = Events.newUnitId();
        events.register(unit, true, at(date.minusDays(10)));
        awaitApplied(unit, 1);
        CountDownLatch written = new CountDownLatch(1);
        EvaluatedDays slow = storingAfter(() -> {
            try {
                written.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        EvaluationsInstance running = instance(clock, slow);

        Evaluations.Day answered = running.evaluations.dayAsync(date).block(Duration.ofSeconds(10));
        assertThat(answered.units()).containsKey(unit);
        assertThat(slow.isStored(date)).isFalse();
        assertThat(running.evaluations.dayAsync(date).block(Duration.ofSeconds(10)))
                .isSameAs(answered);
        assertThat(running.evaluations.storesUnderWay()).isOne();

        written.countDown();
        await().until(() -> running.evaluations.storesUnderWay() == 0);
        assertThat(slow.load(date).scores()).containsKey(unit);
        assertThat(running.evaluations.fresh(date)).isSameAs(answered);
        assertThat(running.evaluations("whole")).isOne();
        EvaluationsInstance started = instance();
        assertThat(started.day(date).units()).isEqualTo(answered.units());
        assertThat(started.evaluations("whole")).isZero();
    }

    /** A store that failed is made at the date's next evaluation, from the day held: it is not computed whole again. */
    @Test
    void aPastDateWhoseStoreFailedIsStoredAtItsNextEvaluationFromTheDayHeld() {
        LocalDate date = today().minusYears(4).minusDays(600);
        String unit = Events.newUnitId();
        events.register(unit, true, at(date.minusDays(10)));
        awaitApplied(unit, 1);
        AtomicInteger failures = new AtomicInteger(1);
        EvaluatedDays failingOnce = storingAfter(() -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("the database is away");
            }
        });
        EvaluationsInstance running = instance(clock, failingOnce);

        Evaluations.Day first = running.day(date);
        assertThat(failingOnce.isStored(date)).isFalse();
        assertThat(running.evaluations.fresh(date)).isNull();

        assertThat(running.day(date).units()).isEqualTo(first.units());
        assertThat(failingOnce.load(date).scores()).containsKey(unit);
        assertThat(running.evaluations("whole")).isOne();
        assertThat(running.evaluations.fresh(date)).isNotNull();
    }

    @Test
    void aRecordRecordedByAStoredDateButStoredSinceIsFoldedInAndOneRecordedAfterItIsNot() {
        LocalDate date = today().minusYears(4).minusDays(200);
        String late = Events.newUnitId();
        String afterwards = Events.newUnitId();
        events.register(late, true, at(date.minusDays(30)));
        events.register(afterwards, true, at(date.minusDays(30)));
        awaitApplied(late, 1);
        awaitApplied(afterwards, 1);
        instance().day(date);

        // delayed past midnight: recorded on the date, stored after the date was
        events.send(recorded(fact(late, "1.1", "ENFORCEMENT_REVOKED", date.minusDays(3)), date), late);
        events.send(
                recorded(fact(afterwards, "1.1", "ENFORCEMENT_REVOKED", date.minusDays(3)), date.plusDays(1)),
                afterwards);
        awaitApplied(late, 2);
        awaitApplied(afterwards, 2);

        EvaluationsInstance started = instance();
        Evaluations.Day readBack = started.day(date);
        Evaluations.Day whole = whole(date);
        assertThat(readBack.units()).isEqualTo(whole.units());
        assertThat(readBack.ranking()).isEqualTo(whole.ranking());
        assertThat(readBack.units().get(late).score().score()).isEqualByComparingTo("98.00");
        assertThat(readBack.units().get(afterwards).score().score()).isEqualByComparingTo("100.00");
        assertThat(started.folded()).isOne(); // the late unit alone

        // the stored date now includes it: the next start folds nothing
        EvaluationsInstance again = instance();
        assertThat(again.day(date).units()).isEqualTo(whole.units());
        assertThat(again.folded()).isZero();
    }

    @Test
    void aPurgeMarksTheStoredDatesItCanChangeAndLeavesTheLaterOnes() {
        LocalDate occurred = today().minusYears(5).plusDays(25); // beyond retention in 25 days
        LocalDate counted = occurred.plusDays(2);
        LocalDate later = today().minusDays(1); // its window no longer holds the fact
        String unit = unitWithAFactThatOccurredOn(occurred);
        EvaluationsInstance running = instance();
        BigDecimal before = running.day(counted).units().get(unit).score().score();
        running.day(later);
        assertThat(before).isLessThan(new BigDecimal("100.00"));

        ReadModel.Purge purge = running.memory.purge(occurred.plusYears(5));
        assertThat(purge.units()).contains(unit);
        assertThat(purge.lastDateChanged()).isAfterOrEqualTo(counted).isBefore(later);
        running.evaluations.purged(purge);

        EvaluatedDays store = new EvaluatedDays(db);
        assertThat(store.load(counted).refold()).contains(unit);
        assertThat(store.load(later).refold()).doesNotContain(unit);
        EvaluationsInstance started = instance();
        Evaluations.Day readBack = started.day(counted);
        assertThat(readBack.units()).isEqualTo(whole(counted).units());
        assertThat(readBack.units().get(unit).score().score()).isEqualByComparingTo("100.00");
        assertThat(store.load(counted).refold()).doesNotContain(unit); // folded, so no longer marked
        // the instance that purged refreshes the date it holds, without computing it whole
        long wholes = running.evaluations("whole");
        assertThat(running.day(counted).units().get(unit).score().score()).isEqualByComparingTo("100.00");
        assertThat(running.evaluations("whole")).isEqualTo(wholes);
    }

    /**
     * Two instances run the daily purge: the second finds nothing (the first deleted it); its past dates held in memory
     * still answer without the purged fact, read back with the first's marks.
     */
    @Test
    void anInstanceWhosePurgeFoundNothingAnswersAsTheOneThatPurged() {
        LocalDate occurred = today().minusYears(5).plusDays(27); // beyond retention in 27 days
        LocalDate counted = occurred.plusDays(3);
        String unit = unitWithAFactThatOccurredOn(occurred);
        EvaluationsInstance first = instance();
        EvaluationsInstance second = instance();
        assertThat(first.day(counted).units().get(unit).score().score()).isLessThan(new BigDecimal("100.00"));
        assertThat(second.day(counted).units().get(unit).score().score()).isLessThan(new BigDecimal("100.00"));

        ReadModel.Purge deleted = first.memory.purge(occurred.plusYears(5));
        first.evaluations.purged(deleted);
        ReadModel.Purge foundNothing = second.memory.purge(occurred.plusYears(5));
        second.evaluations.purged(foundNothing);

        assertThat(deleted.units()).contains(unit);
        assertThat(foundNothing.records()).isZero();
        assertThat(first.day(counted).units().get(unit).score().score()).isEqualByComparingTo("100.00");
        assertThat(second.day(counted).units().get(unit).score().score()).isEqualByComparingTo("100.00");
    }

    /**
     * One instance computes a past date from a fact that another instance's purge deletes before the date is stored:
     * the date is not stored with the purged fact and no mark (it stays so for every later reader), and the instance
     * that computed it answers without the fact once its own purge has run, though that purge finds nothing.
     */
    @Test
    void aDateComputedBeforeAnotherInstancesPurgeIsNotStoredWithThePurgedFact() {
        LocalDate occurred = today().minusYears(5).plusDays(29); // beyond retention in 29 days
        LocalDate counted = occurred.plusDays(3);
        String unit = unitWithAFactThatOccurredOn(occurred);
        CountDownLatch purged = new CountDownLatch(1);
        EvaluationsInstance purging = instance();
        EvaluationsInstance computing = instance(clock, storingAfter(() -> awaitQuietly(purged)));

        Evaluations.Day computed = computing.evaluations.dayAsync(counted).block(Duration.ofSeconds(10));
        assertThat(computed.units().get(unit).score().score()).isLessThan(new BigDecimal("100.00"));
        purging.evaluations.purged(purging.memory.purge(occurred.plusYears(5)));
        purged.countDown();
        await().until(() -> computing.evaluations.storesUnderWay() == 0);

        assertThat(instance().day(counted).units().get(unit).score().score()).isEqualByComparingTo("100.00");
        ReadModel.Purge foundNothing = computing.memory.purge(occurred.plusYears(5));
        assertThat(foundNothing.records()).isZero();
        computing.evaluations.purged(foundNothing);
        assertThat(computing.day(counted).units().get(unit).score().score()).isEqualByComparingTo("100.00");
    }

    /**
     * A stored date marks a unit (an earlier purge); one instance refolds it from a fact that another instance's purge
     * deletes before the refold is stored. That purge marks the unit again, and the store does not take the mark away.
     */
    @Test
    void aRefoldStoredAfterAnotherInstancesPurgeLeavesItsMark() {
        LocalDate first = today().minusYears(5).plusDays(31); // beyond retention in 31 days
        LocalDate second = first.plusDays(2);
        LocalDate counted = second.plusDays(3);
        String unit = Events.newUnitId();
        events.register(unit, true, at(first.minusDays(30)));
        events.send(recorded(fact(unit, "4.1", "LIGHT_DISCIPLINE", first), first.plusDays(1)), unit);
        events.send(recorded(fact(unit, "4.1", "LIGHT_DISCIPLINE", second), second.plusDays(1)), unit);
        awaitApplied(unit, 3);
        EvaluationsInstance purging = instance();
        purging.day(counted);
        purging.evaluations.purged(purging.memory.purge(first.plusYears(5)));
        assertThat(new EvaluatedDays(db).load(counted).refold()).contains(unit);
        CountDownLatch purged = new CountDownLatch(1);
        EvaluationsInstance refolding = instance(clock, storingAfter(() -> awaitQuietly(purged)));

        Evaluations.Day refolded = refolding.evaluations.dayAsync(counted).block(Duration.ofSeconds(10));
        assertThat(refolded.units().get(unit).score().score()).isLessThan(new BigDecimal("100.00"));
        purging.evaluations.purged(purging.memory.purge(second.plusYears(5)));
        purged.countDown();
        await().until(() -> refolding.evaluations.storesUnderWay() == 0);

        assertThat(new EvaluatedDays(db).load(counted).refold()).contains(unit);
        assertThat(instance().day(counted).units().get(unit).score().score()).isEqualByComparingTo("100.00");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theDayThatEndsIsStoredFromTheEvaluationOfItAsToday() {
        MutableClock time = new MutableClock();
        time.setTo(clock.instant());
        LocalDate date = today();
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        awaitApplied(unit, 1);
        EvaluationsInstance running = instance(time, new EvaluatedDays(db));
        running.day(date);
        // a fact recorded that day after it was evaluated (now: noon of today is in the future before noon in China,
        // and the service refuses a record recorded after it was written), and the day ends
        events.send(fact(unit, "1.1", "ENFORCEMENT_REVOKED", date.minusDays(2)), unit);
        awaitApplied(unit, 2);
        running.memory.tail();
        time.setTo(date.plusDays(1).atStartOfDay(ChinaTime.ZONE).plusHours(1).toInstant());

        running.evaluations.storeEndedDays();

        await().until(() -> {
            EvaluatedDays.Stored stored = new EvaluatedDays(db).load(date);
            return stored != null && stored.scores().containsKey(unit);
        });
        UnitScore stored = new EvaluatedDays(db).load(date).scores().get(unit);
        assertThat(stored.score()).isEqualByComparingTo("98.00");
        assertThat(running.evaluations("whole")).isOne(); // stored from the day it held, refreshed
    }

    @Test
    void aStartStoresYesterdayWhenNoInstanceWasRunningWhenItEnded() {
        MutableClock time = new MutableClock();
        time.setTo(clock.instant().minus(Duration.ofDays(1_000))); // a yesterday no other test stores
        LocalDate yesterday = ChinaTime.dateOf(time.instant()).minusDays(1);
        String unit = Events.newUnitId();
        events.register(unit, true, at(yesterday.minusDays(10)));
        awaitApplied(unit, 1);
        EvaluatedDays store = new EvaluatedDays(db);
        assertThat(store.isStored(yesterday)).isFalse();

        EvaluationsInstance started = instance(time, store);
        started.evaluations.warmUp(ChinaTime.dateOf(time.instant()), 0);

        await().until(() -> store.isStored(yesterday));
        assertThat(store.load(yesterday).scores()).containsKey(unit);
        assertThat(started.evaluations.isWarmedUp()).isTrue();
    }

    @Test
    void aStartEvaluatesTheMonthEndsBeforeTodayAheadAndStoresThem() {
        MutableClock time = new MutableClock();
        time.setTo(clock.instant().minus(Duration.ofDays(2_000))); // month ends no other test stores
        LocalDate today = ChinaTime.dateOf(time.instant());
        List<LocalDate> monthEnds = List.of(
                today.withDayOfMonth(1).minusDays(1),
                today.withDayOfMonth(1).minusMonths(1).minusDays(1),
                today.withDayOfMonth(1).minusMonths(2).minusDays(1));
        LocalDate oneMore = today.withDayOfMonth(1).minusMonths(3).minusDays(1);
        String unit = Events.newUnitId();
        events.register(unit, true, at(oneMore.minusDays(10)));
        awaitApplied(unit, 1);
        EvaluatedDays store = new EvaluatedDays(db);
        assertThat(monthEnds).noneMatch(store::isStored);

        EvaluationsInstance started = instance(time, store);
        started.evaluations.warmUp(today, 3);

        await().until(() -> monthEnds.stream().allMatch(store::isStored));
        monthEnds.forEach(date -> assertThat(store.load(date).scores()).containsKey(unit));
        assertThat(store.isStored(oneMore)).isFalse(); // three months asked for
        EvaluationsInstance next = instance(time, store);
        monthEnds.forEach(next::day);
        assertThat(next.evaluations("whole")).isZero(); // each read back
        assertThat(next.folded()).isZero();
    }

    @Test
    void aDateAskedForBeforeTheMemoryHasReadWhatIsStoredIsRefusedNotComputedOrStored() {
        LocalDate date = today().minusYears(4).minusDays(400);
        String unit = Events.newUnitId();
        events.register(unit, true, at(date.minusDays(10)));
        awaitApplied(unit, 1);
        ReadModel starting = new ReadModel(db, 1_000); // not yet tailed: it knows no unit
        EvaluatedDays store = new EvaluatedDays(db);
        Evaluations evaluations = new Evaluations(
                starting,
                store,
                new ScoreFold(catalogs),
                clock,
                Duration.ofMinutes(10),
                1,
                4,
                new SimpleMeterRegistry());

        assertThatThrownBy(() -> evaluations.dayAsync(date).block(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE));
        assertThat(store.isStored(date)).isFalse();

        starting.tail();
        assertThat(evaluations.dayAsync(date).block(Duration.ofSeconds(30)).units())
                .containsKey(unit);
        await().until(() -> evaluations.storesUnderWay() == 0);
        assertThat(store.load(date).scores()).containsKey(unit);
    }

    @Test
    void theEncodingKeepsEveryScoreAsItWas() {
        LocalDate date = today().minusYears(4).minusDays(300);
        String unit = Events.newUnitId();
        events.register(unit, true, at(date.minusDays(30)));
        events.send(recorded(fact(unit, "4.1", "LIGHT_DISCIPLINE", date.minusDays(5)), date.minusDays(4)), unit);
        awaitApplied(unit, 2);
        Evaluations.Day day = instance().day(date);

        EvaluatedDays.Stored stored = new EvaluatedDays(db).load(date);
        assertThat(stored.scores()).hasSameSizeAs(day.units());
        day.units().forEach((id, e) -> assertThat(stored.scores().get(id)).isEqualTo(e.score()));
    }

    private static CreditFact fact(String unit, String indicator, String outcome, LocalDate occurred) {
        return Events.fact(unit, indicator, outcome, null, occurred);
    }

    private static CreditFact recorded(CreditFact fact, LocalDate on) {
        return CreditFact.newBuilder(fact).setRecordedAt(at(on)).build();
    }

    /** Noon of the date, China time. */
    private static Instant at(LocalDate date) {
        return date.atTime(12, 0).atZone(ChinaTime.ZONE).toInstant();
    }
}
