package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.support.testing.Events;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

    /**
     * Review K2: the relay's origin header can be copied from any published record. A record that carries it with an
     * id that is no number stalled the relay for good; one with the id of a pending row made the relay drop that row
     * unpublished. Now neither counts as published: only the row's own key and bytes do.
     */
    @Test
    void forgedRelayHeadersNeitherStallTheRelayNorSwallowARow() throws Exception {
        String unit = Events.newUnitId();
        var fact = knownFact(unit);
        workers.stop();
        try {
            String id = fileObjection(fact);
            long row = count("SELECT max(id) FROM outbox");
            String origin = db.sql("SELECT origin FROM outbox_origin")
                    .map((r, meta) -> r.get("origin", String.class))
                    .one()
                    .block();
            try (var forger = new KafkaProducer<String, byte[]>(
                    Map.of("bootstrap.servers", cn.jiyuan.integrity.support.testing.SharedKafka.bootstrapServers()),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                String topic = IntegrityTopics.OBJECTIONS.name();
                // Well-formed records (other tests read the topic), about another objection.
                byte[] other = new AvroSingleObjectSerializer()
                        .serialize(
                                topic,
                                new ObjectionFiled(
                                        UUID.randomUUID().toString(),
                                        fact.getEventId(),
                                        unit,
                                        "4.1",
                                        "JGW",
                                        "伪造",
                                        LocalDate.now(),
                                        "forger",
                                        unit,
                                        Events.now()));
                for (String forgedId : new String[] {"x", Long.toString(row)}) {
                    var record = new ProducerRecord<String, byte[]>(topic, unit, other);
                    record.headers().add("outbox-origin", origin.getBytes(StandardCharsets.UTF_8));
                    record.headers().add("outbox-id", forgedId.getBytes(StandardCharsets.UTF_8));
                    forger.send(record).get();
                }
            }
            assertThat(relay.drain()).isEqualTo(1);
            assertThat(objectionRecords(id))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isInstanceOf(ObjectionFiled.class));
        } finally {
            workers.start();
        }
    }
}
