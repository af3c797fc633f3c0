package cn.jiyuan.integrity.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.scoring.projection.ProjectionWork;
import cn.jiyuan.integrity.scoring.projection.Projector;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import cn.jiyuan.integrity.support.testing.Events;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * A unit read ahead into memory (the consumer's warm-up) must fold as one read back when a record touches it: its
 * facts, corrections, statuses and row, as stored.
 */
class WarmUpIntegrationTest extends ScoringTestBase {

    @Autowired
    Projector projector;

    @Autowired
    TransactionalOperator tx;

    @Test
    void aUnitReadAheadFoldsItsNextFactWithEverythingStoredBefore() {
        String unit = Events.newUnitId();
        LocalDate d = today().minusMonths(2);
        CreditFact deleted = Events.fact(unit, "6.4", "PENALISED", new BigDecimal("2.5"), d);
        List<SpecificRecord> stored =
                List.of(Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, d), deleted, Events.deletion(deleted));
        events.register(unit, true);
        stored.forEach(r -> events.send(r, unit));
        await().until(() -> statuses(unit).containsValue("RETRACTED") && row(unit) != null);
        assertThat(row(unit).score()).isEqualByComparingTo("98.00");

        // a second instance of the work, beside the live consumer, which no record of this unit reaches after this
        ProjectionWork readAhead = new ProjectionWork(store, projector, tx, 1_000);
        String generation = readAhead.generation();
        assertThat(readAhead.warm(List.of(unit), generation)).isTrue();
        assertThat(readAhead.cachedFacts()).isEqualTo(3 + 1);

        // outside the window: it changes no published content, so with the row and facts held right nothing is queued
        CreditFact old = Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusYears(4));
        Fact oldFact = RulesFacts.of(old);
        int queued = readAhead.apply(
                new ProjectionWork.Batch(List.of(oldFact), List.of(), Set.of(unit), Map.of()),
                generation,
                today(),
                clock.instant());

        assertThat(queued).isZero();
        UnitScore expected = ScoreFold.standard()
                .score(
                        unit,
                        List.of(
                                RulesFacts.of(stored.get(0)),
                                RulesFacts.of(stored.get(1)),
                                RulesFacts.of(stored.get(2)),
                                oldFact),
                        today());
        ScoreRow row = row(unit);
        assertThat(row.score()).isEqualByComparingTo(expected.score());
        assertThat(row.indicators()).isEqualTo(expected.indicators());
        assertThat(statuses(unit))
                .containsEntry(deleted.getEventId(), "RETRACTED")
                .containsEntry(old.getEventId(), "OUTSIDE_WINDOW")
                .hasSize(3);
        assertThat(readAhead.cachedFacts()).isEqualTo(4 + 1);
    }
}
