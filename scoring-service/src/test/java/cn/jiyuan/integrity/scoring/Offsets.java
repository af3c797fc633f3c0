package cn.jiyuan.integrity.scoring;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.r2dbc.core.DatabaseClient;

/** Where the input topics end, and whether a projection has consumed up to there. */
public final class Offsets {

    private Offsets() {}

    public static Map<TopicPartition, Long> endOfInputTopics() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (var topic :
                    List.of(IntegrityTopics.CREDIT_EVENTS, IntegrityTopics.UNITS, IntegrityTopics.OBJECTIONS)) {
                c.partitionsFor(topic.name(), Duration.ofSeconds(30))
                        .forEach(p -> all.add(new TopicPartition(topic.name(), p.partition())));
            }
            return c.endOffsets(all);
        }
    }

    /** Whether the projection in {@code schema} has applied every record up to {@code end}. */
    public static boolean caughtUp(DatabaseClient db, String schema, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        db.sql("SELECT topic, kafka_partition, next_offset FROM " + schema + ".consumer_offsets")
                .map((row, meta) -> Map.entry(
                        new TopicPartition(row.get("topic", String.class), row.get("kafka_partition", Integer.class)),
                        row.get("next_offset", Long.class)))
                .all()
                .doOnNext(e -> stored.put(e.getKey(), e.getValue()))
                .then()
                .block();
        return end.entrySet().stream()
                .allMatch(e -> e.getValue() == 0 || stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }
}
