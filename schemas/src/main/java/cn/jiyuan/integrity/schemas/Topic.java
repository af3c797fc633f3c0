package cn.jiyuan.integrity.schemas;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic, declared once for every service: name, partitions, cleanup policy, retention and the Avro records its
 * values may be (one record, or several for a topic that carries several kinds). Keys are unit ids (UTF-8 strings).
 *
 * @param retention null for compacted topics
 */
public record Topic(
        String name,
        int partitions,
        String cleanupPolicy,
        Duration retention,
        List<Class<? extends SpecificRecord>> valueTypes) {

    public Topic {
        valueTypes = List.copyOf(valueTypes);
    }

    /** The dead-letter topic for records of this topic that cannot be decoded. */
    public String deadLetterTopic() {
        return name + ".DLT";
    }

    public boolean carries(Class<?> type) {
        return valueTypes.contains(type);
    }

    /**
     * The topic for a cluster with {@code replicationFactor} brokers' worth of replicas: min.insync.replicas is 2 where
     * there are 3 or more replicas (one broker may fail without losing an acknowledged write), else 1.
     */
    public NewTopic newTopic(short replicationFactor) {
        NewTopic topic = new NewTopic(name, partitions, replicationFactor);
        int minInsync = replicationFactor >= 3 ? 2 : 1;
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsync));
        configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : String.valueOf(retention.toMillis()));
        return topic.configs(configs);
    }

    /**
     * The dead-letter topic as created: the same partitions, never compacted (a poison record has no successor), kept
     * as long as the facts, so an operator can still inspect it.
     */
    public NewTopic deadLetterNewTopic(short replicationFactor) {
        return new Topic(
                        deadLetterTopic(),
                        partitions,
                        TopicConfig.CLEANUP_POLICY_DELETE,
                        IntegrityTopics.FIVE_YEARS,
                        List.of())
                .newTopic(replicationFactor);
    }
}
