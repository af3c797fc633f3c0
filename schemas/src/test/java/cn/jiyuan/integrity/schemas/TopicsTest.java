package cn.jiyuan.integrity.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void topicsOfApiMdWithTheirPolicies() {
        assertThat(IntegrityTopics.ALL)
                .extracting(Topic::name)
                .containsExactly(
                        "integrity.credit-events.v1",
                        "integrity.units.v1",
                        "integrity.objections.v1",
                        "integrity.unit-scores.v1",
                        "integrity.grade-changes.v1",
                        "integrity.audit.v1",
                        "integrity.unit-registrations.v1",
                        "integrity.evaluations.v1",
                        "integrity.notifications.v1",
                        "integrity.reference-data.v1");
        NewTopic facts = IntegrityTopics.CREDIT_EVENTS.newTopic((short) 1);
        assertThat(facts.configs()).containsEntry("cleanup.policy", "delete").containsEntry("min.insync.replicas", "1");
        assertThat(Duration.ofMillis(Long.parseLong(facts.configs().get("retention.ms"))))
                .isGreaterThanOrEqualTo(Duration.ofDays(5 * 365 + 2));
        assertThat(IntegrityTopics.OBJECTIONS.newTopic((short) 3).configs()).containsEntry("min.insync.replicas", "2");
        assertThat(IntegrityTopics.UNITS.newTopic((short) 1).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(IntegrityTopics.UNIT_SCORES.newTopic((short) 1).configs())
                .containsEntry("cleanup.policy", "compact");
        // Keyed by unit id and co-partitioned: the same partition count on every topic keyed so.
        assertThat(IntegrityTopics.ALL.stream()
                        .filter(t -> t != IntegrityTopics.EVALUATIONS && t != IntegrityTopics.REFERENCE_DATA))
                .extracting(Topic::partitions)
                .containsOnly(IntegrityTopics.PARTITIONS);
        // Official results: keyed by year, one ordered log, kept for good (SCORING.md §2 keeps frozen results).
        NewTopic evaluations = IntegrityTopics.EVALUATIONS.newTopic((short) 1);
        assertThat(evaluations.numPartitions()).isEqualTo(1);
        assertThat(evaluations.configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "-1");
        // The calendar's notices and the catalog's revisions: one order, kept for good (a replay lays them all).
        NewTopic reference = IntegrityTopics.REFERENCE_DATA.newTopic((short) 1);
        assertThat(reference.numPartitions()).isEqualTo(1);
        assertThat(reference.configs()).containsEntry("retention.ms", "-1");
    }

    @Test
    void deadLetterTopicsResolveToTheirTopic() {
        assertThat(IntegrityTopics.byName("integrity.credit-events.v1.DLT")).contains(IntegrityTopics.CREDIT_EVENTS);
        assertThat(IntegrityTopics.byName("other")).isEmpty();
        assertThat(IntegrityTopics.byName(null)).isEmpty(); // a record read back from a store has no topic
        assertThat(IntegrityTopics.byName("integrity.units.v1")).contains(IntegrityTopics.UNITS);
    }
}
