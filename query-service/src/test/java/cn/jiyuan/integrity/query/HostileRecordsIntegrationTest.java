package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.support.testing.DeadLetterTopic;
import cn.jiyuan.integrity.support.testing.Events;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Review K2: one malformed correction (an amendment without an outcome) stopped every query instance for good, and
 * undecodable records were skipped without a trace (K3). Now both go to the dead-letter topic with the reason, and the
 * read model goes on.
 */
class HostileRecordsIntegrationTest extends QueryTestBase {

    @Test
    void aMalformedCorrectionAndGarbageAreDeadLetteredAndTheReadModelGoesOn() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(5));
        CreditFact fact = Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(3));
        events.send(fact, unit);
        awaitApplied(unit, 2);
        try (DeadLetterTopic objections = new DeadLetterTopic(IntegrityTopics.OBJECTIONS);
                DeadLetterTopic facts = new DeadLetterTopic(IntegrityTopics.CREDIT_EVENTS)) {
            FactCorrected broken = FactCorrected.newBuilder(
                            Events.amendment(fact, "ENFORCEMENT_REVOKED", null, today().minusDays(3)))
                    .setOutcome(null)
                    .build();
            events.send(broken, unit);
            events.sendRaw(IntegrityTopics.CREDIT_EVENTS.name(), unit, "not avro".getBytes(StandardCharsets.UTF_8));
            CreditFact forged = CreditFact.newBuilder(
                            Events.fact(unit, "6.4", "PENALISED", new BigDecimal("-50.00"), today().minusDays(1)))
                    .build();
            events.send(forged, unit);
            CreditFact later = Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(2));
            events.send(later, unit);

            assertThat(DeadLetterTopic.reason(objections.await(unit, 1).get(0))).contains("AMEND");
            assertThat(facts.await(unit, 2))
                    .extracting(DeadLetterTopic::reason)
                    .anySatisfy(r -> assertThat(r).startsWith("cannot be decoded"))
                    .anySatisfy(r -> assertThat(r).contains("points"));
            // The fact after them is read; the forged penalty is not.
            awaitApplied(unit, 3);
            Map<?, ?> score = ok("/api/v1/units/" + unit + "/score", creditOffice());
            assertThat(new BigDecimal(score.get("score").toString())).isEqualByComparingTo("98.00");
            assertThat(count("SELECT count(*) FROM unit_records WHERE unit_id = '" + unit + "'"))
                    .isEqualTo(3);
        }
    }
}
