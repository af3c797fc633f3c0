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
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The consumer resumes at the position stored with the projection even when the broker does not serve it yet — after
 * a broker's restart or a change of leader a partition's high watermark can stand below it — and waits for it rather
 * than start the partition over from its first record (which every restart of the local stack did at province scale).
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
        try (Events events = new Events()) {
            units.forEach(u -> events.register(u, true));
            events.send(Events.fact(first, "7.4", "NATIONAL", null, today().minusDays(9)), first);
            awaitCaughtUp();
            consumer.stop();
            long end = Offsets.endOfInputTopics().get(partition);
            double appliedBefore = applied();
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
            if (!consumer.isRunning()) {
                consumer.start();
            }
        }
    }

    private double applied() {
        return meters.counter("scoring.records.applied").count();
    }
}
