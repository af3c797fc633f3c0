package cn.jiyuan.integrity.scoring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.Offsets;
import cn.jiyuan.integrity.scoring.ScoringTestBase;
import cn.jiyuan.integrity.scoring.projection.Partitions;
import cn.jiyuan.integrity.support.testing.Events;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The consumer resumes at the positions stored with the projection, every partition of them — also one the broker does
 * not serve yet (after a broker's restart or a change of leader a partition's high watermark can stand below it),
 * which it waits for. At province scale every restart after a replay read all 25 million facts again: when every
 * partition had a stored position, the consumer called {@code seekToBeginning} with none, which Kafka reads as "all".
 */
class StoredPositionIntegrationTest extends ScoringTestBase {

    @Autowired
    ProjectionConsumer consumer;

    @Autowired
    MeterRegistry meters;

    @Test
    void aStoredPositionBeyondWhatTheBrokerServesIsWaitedForNotStartedOverFromTheFirstRecord() {
        // three units whose records are all in one partition
        List<String> units = new ArrayList<>();
        String first = Events.newUnitId();
        units.add(first);
        while (units.size() < 3) {
            String unit = Events.newUnitId();
            if (Partitions.of(unit) == Partitions.of(first)) {
                units.add(unit);
            }
        }
        TopicPartition partition = new TopicPartition(IntegrityTopics.CREDIT_EVENTS.name(), Partitions.of(first));
        long end = -1;
        try (Events events = new Events()) {
            units.forEach(u -> events.register(u, true));
            events.send(Events.fact(first, "7.4", "NATIONAL", null, today().minusDays(9)), first);
            awaitCaughtUp();
            consumer.stop();
            Map<TopicPartition, Long> ends = Offsets.endOfInputTopics();
            end = ends.get(partition);
            double appliedBefore = applied();
            // every partition has its stored position, as after a replay (which stores all of them): a restart must
            // seek each one there, and nothing to its first record
            ends.forEach((tp, offset) -> db.sql("""
                            INSERT INTO consumer_offsets (topic, kafka_partition, next_offset) VALUES ($1, $2, $3)
                            ON CONFLICT (topic, kafka_partition) DO NOTHING""")
                    .bind(0, tp.topic())
                    .bind(1, tp.partition())
                    .bind(2, offset)
                    .then()
                    .block());
            // as if the projection had applied two records the broker does not serve (yet)
            db.sql("UPDATE consumer_offsets SET next_offset = $1 WHERE topic = $2 AND kafka_partition = $3")
                    .bind(0, end + 2)
                    .bind(1, partition.topic())
                    .bind(2, partition.partition())
                    .then()
                    .block();
            consumer.start();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> applied() > appliedBefore
                            || String.valueOf(consumer.failing()).contains("waiting"));
            assertThat(applied())
                    .as("records before the stored position, applied again")
                    .isEqualTo(appliedBefore);
            assertThat(consumer.failing()).contains(partition + " offset " + (end + 2));

            events.send(Events.fact(units.get(1), "7.4", "NATIONAL", null, today().minusDays(3)), units.get(1));
            events.send(Events.fact(units.get(2), "7.4", "NATIONAL", null, today().minusDays(3)), units.get(2));
            events.send(Events.fact(first, "7.4", "NATIONAL", null, today().minusDays(3)), first);
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses(first).size() == 2);
            assertThat(statuses(units.get(1)))
                    .as("before the stored position: applied already, as far as the projection knows")
                    .isEmpty();
            assertThat(statuses(units.get(2))).isEmpty();
            assertThat(applied()).isEqualTo(appliedBefore + 1);
            assertThat(consumer.failing()).isNull();
        } finally {
            if (end >= 0) {
                // the projection is shared with the other tests: back to the records skipped here, so that it equals
                // its log again (a replay test after this one compares them)
                consumer.stop();
                db.sql("UPDATE consumer_offsets SET next_offset = $1 WHERE topic = $2 AND kafka_partition = $3")
                        .bind(0, end)
                        .bind(1, partition.topic())
                        .bind(2, partition.partition())
                        .then()
                        .block();
            }
            if (!consumer.isRunning()) {
                consumer.start();
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> statuses(units.get(1)).size() == 1
                        && statuses(units.get(2)).size() == 1);
    }

    private double applied() {
        return meters.counter("scoring.records.applied").count();
    }
}
