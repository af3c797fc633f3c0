package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.query.model.EvaluatedDays;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Before midnight in China an instance evaluates the next day ahead and keeps it fresh: at midnight the new day is
 * given at once, nothing folded, and it equals that day computed whole — a fact that leaves the three-year window at
 * midnight has left it already, and a fact recorded in the last minutes before is in it.
 */
class NextDayIntegrationTest extends QueryTestBase {

    private static final Duration LEAD = Duration.ofMinutes(10);

    @Autowired
    private Catalogs catalogs;

    /** An instance started on {@code time}, an answer never older than its memory. */
    private EvaluationsInstance instance(Clock time) {
        return new EvaluationsInstance(db, catalogs, time, new EvaluatedDays(db), Duration.ZERO);
    }

    @Test
    void theNextDayEvaluatedBeforeMidnightIsTheNewDayAtMidnightAndEqualsItComputedWhole() {
        LocalDate today = today().minusDays(300); // a day no other test evaluates, its window within retention
        LocalDate next = today.plusDays(1);
        Instant midnight = next.atStartOfDay(ChinaTime.ZONE).toInstant();
        MutableClock time = new MutableClock();
        time.setTo(midnight.minus(Duration.ofMinutes(5)));
        String leaving = Events.newUnitId();
        String arriving = Events.newUnitId();
        events.register(leaving, true, at(today.minusYears(4)));
        events.register(arriving, true, at(today.minusYears(4)));
        LocalDate lastDay = next.minusYears(Window.EVALUATION_YEARS);
        assertThat(Window.lastDateCounting(lastDay)).isEqualTo(today);
        events.send(fact(leaving, lastDay, at(lastDay)), leaving);
        awaitApplied(leaving, 2);
        awaitApplied(arriving, 1);

        EvaluationsInstance instance = instance(time);
        instance.evaluations.evaluateNextDayAhead(LEAD);
        await().until(() -> instance.evaluations.fresh(next) != null);
        assertThat(instance.evaluations("whole")).isOne();

        // recorded a minute before midnight, stored after the next day was evaluated: its refresh folds that unit
        events.send(fact(arriving, today, midnight.minus(Duration.ofMinutes(1))), arriving);
        awaitApplied(arriving, 2);
        instance.memory.tail();
        double foldedWhole = instance.folded();
        instance.evaluations.evaluateNextDayAhead(LEAD);
        await().until(() -> instance.evaluations.fresh(next) != null);
        assertThat(instance.folded()).isEqualTo(foldedWhole + 1);

        time.setTo(midnight.plusSeconds(1));
        Evaluations.Day atMidnight = instance.evaluations.servable(next);

        assertThat(atMidnight).isNotNull();
        assertThat(instance.evaluations("whole")).isOne();
        assertThat(instance.folded()).isEqualTo(foldedWhole + 1);
        assertThat(atMidnight.units().get(leaving).score().score()).isEqualByComparingTo("100.00");
        assertThat(atMidnight.units().get(arriving).score().score()).isEqualByComparingTo("98.00");
        Evaluations.Day whole = instance(time).day(next);
        assertThat(atMidnight.units()).isEqualTo(whole.units());
        assertThat(atMidnight.ranking()).isEqualTo(whole.ranking());
    }

    @Test
    void longerBeforeMidnightThanTheLeadNothingIsEvaluated() {
        LocalDate today = today().minusDays(310);
        Instant midnight = today.plusDays(1).atStartOfDay(ChinaTime.ZONE).toInstant();
        MutableClock time = new MutableClock();
        time.setTo(midnight.minus(LEAD).minusSeconds(1));
        EvaluationsInstance instance = instance(time);

        instance.evaluations.evaluateNextDayAhead(LEAD);
        instance.evaluations.evaluateNextDayAhead(Duration.ZERO);

        assertThat(instance.evaluations.underWay(today.plusDays(1))).isNull();
        assertThat(instance.evaluations("whole")).isZero();

        time.setTo(midnight.minus(LEAD));
        instance.evaluations.evaluateNextDayAhead(LEAD);

        // started in the background: it may be done before it could be seen under way
        await().until(() -> instance.evaluations("whole") == 1);
        assertThat(instance.evaluations.fresh(today.plusDays(1))).isNotNull();
    }

    /** A fact of indicator 1.1 that costs its unit two points while it counts. */
    private static CreditFact fact(String unit, LocalDate occurred, Instant recorded) {
        return CreditFact.newBuilder(Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, occurred))
                .setRecordedAt(recorded)
                .build();
    }

    /** Noon of the date, China time. */
    private static Instant at(LocalDate date) {
        return date.atTime(12, 0).atZone(ChinaTime.ZONE).toInstant();
    }
}
