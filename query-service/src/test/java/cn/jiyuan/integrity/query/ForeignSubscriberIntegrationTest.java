package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A downstream system written from the contract alone (API.md, docs/design.md "Avro without a registry"): Kafka's client and
 * Avro's generic reader, none of this project's classes on the reading side. For every record of every topic it takes
 * bytes 2–9 as they come, fetches that schema over HTTP, and decodes the rest of the message with it.
 */
class ForeignSubscriberIntegrationTest extends QueryTestBase {

    private static final List<String> TOPICS = List.of(
            "integrity.credit-events.v1",
            "integrity.units.v1",
            "integrity.objections.v1",
            "integrity.unit-scores.v1",
            "integrity.grade-changes.v1");

    private final Map<String, Schema> schemas = new HashMap<>();

    @Test
    void everyRecordOfEveryTopicDecodesWithTheSchemaFetchedByItsFingerprint() throws IOException {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        var fact = Events.fact(unit, "4.1", "TALK_OR_CRITICISM", null, today().minusDays(3));
        events.send(fact, unit);
        events.send(Events.listing(unit, "(2026)豫96执1号", DebtorListingStatus.LISTED), unit);
        events.send(Events.deletion(fact), unit);
        events.send(
                GradeChange.newBuilder()
                        .setUnitId(unit)
                        .setFrom(null)
                        .setTo(CreditGrade.GOOD)
                        .setScore(new BigDecimal("99.00"))
                        .setRank(3)
                        .setChangedAt(Events.now())
                        .setAsOf(today())
                        .build(),
                unit);

        Set<String> seen = new TreeSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            for (String topic : TOPICS) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.value() == null || r.value().length < 10 || r.value()[0] != (byte) 0xC3) {
                            continue; // a hostile record another test wrote; the contract's records start C3 01
                        }
                        GenericRecord decoded = decode(r.value());
                        if (unit.equals(r.key())) {
                            assertThat(decoded.get("unitId").toString()).isEqualTo(unit);
                            seen.add(topic + " " + decoded.getSchema().getName());
                        }
                    }
                }
            }
        }
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "integrity.units.v1 UnitRegistration",
                        "integrity.credit-events.v1 CreditFact",
                        "integrity.credit-events.v1 DebtorListing",
                        "integrity.objections.v1 FactCorrected",
                        "integrity.grade-changes.v1 GradeChange");
        assertThat(schemas).isNotEmpty();
    }

    private GenericRecord decode(byte[] message) throws IOException {
        assertThat(message[1]).isEqualTo((byte) 0x01);
        String fingerprint = HexFormat.of().formatHex(message, 2, 10);
        Schema schema = schemas.computeIfAbsent(
                fingerprint,
                f -> new Schema.Parser()
                        .parse(get("/api/v1/schemas/" + f, creditOffice())
                                .expectStatus()
                                .isOk()
                                .expectBody(String.class)
                                .returnResult()
                                .getResponseBody()));
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(message, 10, message.length - 10, null));
    }
}
