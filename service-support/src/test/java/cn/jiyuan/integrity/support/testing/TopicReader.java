package cn.jiyuan.integrity.support.testing;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads a topic as a downstream system would (the schemas module's deserializer), from the end it had when the
 * reader was opened: {@link #readUntil} collects everything written since, until a record matches.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<ConsumerRecord<String, SpecificRecord>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, Topic topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(),
                new AvroSingleObjectDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, not at the first poll
    }

    /** Everything written since the reader opened, once a record satisfying {@code last} has been read. */
    public List<ConsumerRecord<String, SpecificRecord>> readUntil(Predicate<SpecificRecord> last) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r);
                    }
                    return seen.stream().anyMatch(r -> last.test(r.value()));
                });
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
