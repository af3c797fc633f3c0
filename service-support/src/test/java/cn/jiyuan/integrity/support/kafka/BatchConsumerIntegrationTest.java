package cn.jiyuan.integrity.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.support.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * A consumer that resumes from a position the broker does not serve yet — after a broker's restart or a change of
 * leader, a partition's high watermark can stand below the offsets consumers already had — waits for it, and never
 * starts the partition over from its first record.
 */
class BatchConsumerIntegrationTest {

    @Test
    void aCommittedPositionBeyondWhatTheBrokerServesIsWaitedForNotStartedOverFromTheBeginning() throws Exception {
        String topic = "batch-consumer-" + UUID.randomUUID();
        String group = "batch-consumer-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        createTopic(topic);
        send(topic, "0", "1", "2");
        commit(group, partition, 5); // as if the group had consumed up to offset 5 and the broker now serves only 3
        List<Long> stored = new CopyOnWriteArrayList<>();
        BatchConsumer consumer = consumer(topic, group, records -> records.forEach(r -> stored.add(r.offset())));
        consumer.start();
        try {
            // it has polled from the committed position: it either waits for it (and says so) or started over
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !stored.isEmpty()
                            || String.valueOf(consumer.health().getDetails().get("reason"))
                                    .contains("waiting"));
            assertThat(stored)
                    .as("records before the committed position, read again")
                    .isEmpty();
            assertThat(consumer.health().getDetails().get("reason"))
                    .asString()
                    .contains(topic + "-0")
                    .contains("offset 5");

            send(topic, "3", "4", "5", "6");

            await().atMost(Duration.ofSeconds(30)).until(() -> stored.contains(6L));
            assertThat(stored).containsExactly(5L, 6L);
        } finally {
            consumer.stop();
        }
    }

    /**
     * A group that never committed reads from the first record; a store that fails is given the same records again
     * (after a back-off) until it succeeds, and the health says why meanwhile; the offsets are committed only after the
     * store returned, so the group's next member goes on after them.
     */
    @Test
    void aNewGroupStartsAtTheFirstRecordAndAFailingStoreIsRetriedWithoutSkippingAnything() throws Exception {
        String topic = "batch-consumer-" + UUID.randomUUID();
        String group = "batch-consumer-" + UUID.randomUUID();
        createTopic(topic);
        send(topic, "0", "1", "2");
        List<Long> stored = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        BatchConsumer first = consumer(topic, group, records -> {
            if (failures.getAndIncrement() < 2) {
                throw new IllegalStateException("the database is away");
            }
            records.forEach(r -> stored.add(r.offset()));
        });
        first.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored.contains(2L));
            assertThat(stored).containsExactly(0L, 1L, 2L);
            assertThat(failures).hasValueGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(first::isConsuming);
        } finally {
            first.stop();
        }

        List<Long> next = new CopyOnWriteArrayList<>();
        BatchConsumer second = consumer(topic, group, records -> records.forEach(r -> next.add(r.offset())));
        send(topic, "3");
        second.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> next.contains(3L));
            assertThat(next).as("only what the first member had not stored").containsExactly(3L);
        } finally {
            second.stop();
        }
    }

    /** Asked before it started (readiness is asked at any time), it says it is starting. */
    @Test
    void beforeItStartsItIsOutOfServiceAndStarting() {
        BatchConsumer consumer = consumer("batch-consumer-" + UUID.randomUUID(), "never-started", records -> {});
        assertThat(consumer.isConsuming()).isFalse();
        assertThat(consumer.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        assertThat(consumer.health().getDetails()).containsEntry("reason", "starting");
    }

    /** A committed position before the partition's first kept record (retention removed them) goes on from that one. */
    @Test
    void aCommittedPositionBeforeWhatRetentionKeptGoesOnFromTheFirstKeptRecord() throws Exception {
        String topic = "batch-consumer-" + UUID.randomUUID();
        String group = "batch-consumer-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        createTopic(topic);
        send(topic, "0", "1", "2", "3", "4");
        commit(group, partition, 1);
        try (Admin admin = admin()) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(3)))
                    .all()
                    .get();
        }
        List<Long> stored = new CopyOnWriteArrayList<>();
        BatchConsumer consumer = consumer(topic, group, records -> records.forEach(r -> stored.add(r.offset())));
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> stored.contains(4L));
            assertThat(stored).containsExactly(3L, 4L);
        } finally {
            consumer.stop();
        }
    }

    private static BatchConsumer consumer(String topic, String group, Consumer<ConsumerRecords<String, byte[]>> store) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(SharedKafka.bootstrapServers()));
        Map<String, Object> props = BatchConsumer.consumerProperties(kafka, "batch-consumer-test");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return new BatchConsumer(
                "batch-consumer-test", props, List.of(topic), Duration.ofMillis(100), Duration.ofMillis(500), store);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void commit(String group, TopicPartition partition, long offset) throws Exception {
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset)))
                    .all()
                    .get();
        }
    }

    private static void send(String topic, String... values) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, v.getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
    }
}
