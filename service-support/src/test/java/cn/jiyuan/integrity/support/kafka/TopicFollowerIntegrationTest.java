package cn.jiyuan.integrity.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.support.testing.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * A follower whose dead letter is not acknowledged reads the topic again from where it failed: the refused record is
 * tried again until its dead letter is in, and the records it applied before it are not applied a second time (an
 * apply need not be idempotent: the grade-change feed's history, the reference data's list of uploads).
 */
class TopicFollowerIntegrationTest {

    @Test
    void aDeadLetterNotAcknowledgedIsTriedAgainAndNothingBeforeItIsAppliedTwice() throws Exception {
        String topic = "follower-" + UUID.randomUUID();
        try (Admin admin = Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + ".DLT", 1, (short) 1)))
                    .all()
                    .get();
            producer.send(new ProducerRecord<>(topic, 0, "a", new byte[10])).get();
            producer.send(new ProducerRecord<>(topic, 0, "b", new byte[10])).get();
            producer.send(new ProducerRecord<>(topic, 0, "big", new byte[4000])).get();
        }
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(SharedKafka.bootstrapServers()));
        // the dead letter of the big record is refused by its own producer, every time
        kafka.getProducer().getProperties().put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1024");
        Map<Long, Integer> applied = new ConcurrentHashMap<>();
        TopicFollower follower = new TopicFollower("follower-test", topic, kafka, r -> {
            applied.merge(r.offset(), 1, Integer::sum);
            return r.value().length > 1000 ? Optional.of("too big") : Optional.empty();
        });
        follower.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> applied.getOrDefault(2L, 0) >= 3);
            assertThat(follower.lastError()).contains("dead-letter");
            assertThat(applied).containsEntry(0L, 1).containsEntry(1L, 1);
        } finally {
            follower.stop();
        }
    }
}
