package cn.jiyuan.integrity.support.reference;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.support.testing.DeadLetterTopic;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.ReferenceDocuments;
import cn.jiyuan.integrity.support.testing.ServiceTestSupport;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** The calendar's notices and the catalog's revisions, read from their topic before a service serves, and followed. */
class ReferenceDataFollowerIntegrationTest {

    private static final String TOPIC = IntegrityTopics.REFERENCE_DATA.name();

    @BeforeAll
    static void topics() throws InterruptedException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            for (var topic : List.of(
                    IntegrityTopics.REFERENCE_DATA.newTopic((short) 1),
                    IntegrityTopics.REFERENCE_DATA.deadLetterNewTopic((short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    @Test
    void readsEveryUploadBeforeItStartsPassesOverWhatTheRulesRefuseAndFollowsTheRest() {
        try (Events events = new Events();
                DeadLetterTopic deadLetters = new DeadLetterTopic(IntegrityTopics.REFERENCE_DATA)) {
            events.send(
                    TOPIC,
                    "CALENDAR_NOTICE:2027",
                    ReferenceDocuments.notice(
                            2027, "{\"years\":{\"2027\":{\"off\":[\"12-31..01-03\"]}}}", Instant.now()));
            events.sendRaw(TOPIC, "CALENDAR_NOTICE:2028", "not avro".getBytes(StandardCharsets.UTF_8));
            events.send(
                    TOPIC,
                    "CALENDAR_NOTICE:2028",
                    ReferenceDocuments.notice(
                            2028, "{\"years\":{\"2028\":{\"off\":[\"05-05..05-01\"]}}}", Instant.now()));

            ReferenceData data = new ReferenceData(WorkdayCalendar.standard(), Catalogs.standard());
            WorkdayCalendar calendar = data.calendar(); // the view a service's beans hold
            Catalogs catalogs = data.catalogs();
            KafkaProperties kafka = new KafkaProperties();
            kafka.setBootstrapServers(List.of(SharedKafka.bootstrapServers()));
            ReferenceDataFollower follower = new ReferenceDataFollower(data, kafka, Duration.ofSeconds(60));
            follower.start(); // returns once the topic is read to the end it had
            try {
                assertThat(calendar.isCovered(2027)).isTrue();
                assertThat(calendar.isWorkingDay(LocalDate.of(2026, 12, 31)))
                        .as("a New Year holiday begun in December")
                        .isFalse();
                assertThat(calendar.isCovered(2028))
                        .as("refused: ends before it starts")
                        .isFalse();
                assertThat(deadLetters.await("CALENDAR_NOTICE:2028", 2))
                        .extracting(DeadLetterTopic::reason)
                        .anySatisfy(r -> assertThat(r).contains("2028.off[0]: 05-05..05-01 ends before it starts"))
                        .anySatisfy(r -> assertThat(r).contains("cannot be applied"));

                events.send(
                        TOPIC,
                        "CATALOG_REVISION:jgb-2027-1",
                        ReferenceDocuments.revision("jgb-2027-1", "2027-03-01", Instant.now()));
                ServiceTestSupport.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> catalogs.version("jgb-2027-1").isPresent());
                assertThat(catalogs.inForce(LocalDate.of(2027, 2, 28)).version())
                        .isEqualTo("jgb-2022-44");
                assertThat(catalogs.inForce(LocalDate.of(2027, 3, 1)).version()).isEqualTo("jgb-2027-1");
                assertThat(data.uploads())
                        .extracting(ReferenceData.Upload::name)
                        .containsExactly("2027", "jgb-2027-1");
                assertThat(follower.health().getStatus()).isEqualTo(Status.UP);
                assertThat(follower.health().getDetails()).containsEntry("uploadsApplied", 2);
            } finally {
                follower.stop();
            }
        }
    }
}
