package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.support.testing.Events;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbox between the database and Kafka: a step committed while the relay is down is published when it returns;
 * a relay that dies after the broker acknowledged and before its own commit does not publish the step again.
 */
class OutboxIntegrationTest extends ObjectionTestBase {

    @Test
    void aCommittedStepIsPublishedExactlyOnceAcrossRelayCrashes() {
        String unit = Events.newUnitId();
        var fact = knownFact(unit);
        workers.stop(); // the relay is down: between the database commit and the publish
        try {
            String id = fileObjection(fact);
            assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(1);
            assertThat(objectionRecords(id)).isEmpty();

            // The relay comes back: published once.
            assertThat(relay.drain()).isEqualTo(1);
            assertThat(objectionRecords(id))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isInstanceOf(ObjectionFiled.class));

            // The next step; this time the relay dies after the broker acknowledged, before it deleted the row.
            post("/api/v1/objections/" + id + "/decision", providerToken(), Map.of("finding", "NOT_TRUE"))
                    .expectStatus()
                    .isOk();
            relay.afterSend(() -> {
                throw new IllegalStateException("relay killed after the acknowledgement");
            });
            assertThatThrownBy(relay::relayOnce).hasMessageContaining("relay killed");
            relay.afterSend(null);
            assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(1); // rolled back: the row is still there
            assertThat(objectionRecords(id)).hasSize(2); // ... and the record is on the topic

            // Restarted, the relay finds its record on the topic and drops the row instead of sending it again.
            assertThat(relay.drain()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM outbox")).isZero();
            assertThat(objectionRecords(id))
                    .extracting(r -> r.value().getClass().getSimpleName())
                    .containsExactly(ObjectionFiled.class.getSimpleName(), ObjectionDecided.class.getSimpleName());
        } finally {
            relay.afterSend(null);
            workers.start();
        }
    }
}
