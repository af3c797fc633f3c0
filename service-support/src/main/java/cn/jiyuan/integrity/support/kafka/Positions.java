package cn.jiyuan.integrity.support.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * What a consumer does when the broker does not serve its position. The services' consumers keep their positions
 * (committed to Kafka, or stored in PostgreSQL with what they wrote) and run with {@code auto.offset.reset=none}:
 * "earliest" started a partition over from its first record whenever the broker answered OFFSET_OUT_OF_RANGE, and a
 * broker answers so for a while after its restart or a change of leader, when a partition's high watermark stands
 * below offsets its consumers already had; at a province's 25 million facts that would be hours of refolding.
 */
public final class Positions {

    private static final Logger LOG = LoggerFactory.getLogger(Positions.class);

    private Positions() {}

    /**
     * For a consumer group's listener container: on assignment, a partition the group never committed starts at its
     * first kept record (with {@code auto.offset.reset=none} the consumer would otherwise refuse to poll, and
     * spring-kafka stops a container on that refusal).
     */
    public static ConsumerAwareRebalanceListener fromTheFirstRecordWhereNothingIsCommitted() {
        return new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                if (partitions.isEmpty()) {
                    return;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                List<TopicPartition> never = partitions.stream()
                        .filter(tp -> committed.get(tp) == null)
                        .toList();
                if (!never.isEmpty()) {
                    consumer.seekToBeginning(never);
                }
            }
        };
    }

    /**
     * Repositions the partitions the broker refused: a position before the partition's first kept record moves to that
     * record (what retention removed is gone); a position beyond what the broker serves stays, to be asked for again
     * after a back-off. Returns what the consumer waits for, or null when it waits for nothing.
     */
    public static String reposition(Consumer<?, ?> consumer, OffsetOutOfRangeException refused) {
        Map<TopicPartition, Long> positions = refused.offsetOutOfRangePartitions();
        Map<TopicPartition, Long> first = consumer.beginningOffsets(positions.keySet());
        Map<TopicPartition, Long> served = consumer.endOffsets(positions.keySet());
        List<String> waiting = new ArrayList<>();
        positions.forEach((partition, position) -> {
            long kept = first.getOrDefault(partition, 0L);
            if (position < kept) {
                LOG.warn(
                        "{}: records before offset {} are no longer kept; continuing from there instead of {}",
                        partition,
                        kept,
                        position);
                consumer.seek(partition, kept);
            } else {
                consumer.seek(partition, position);
                waiting.add(partition + " offset " + position + " (the broker serves up to "
                        + served.getOrDefault(partition, 0L) + ")");
            }
        });
        return waiting.isEmpty() ? null : "waiting for the broker to serve " + String.join(", ", waiting);
    }
}
