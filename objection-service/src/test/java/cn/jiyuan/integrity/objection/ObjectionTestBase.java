package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.outbox.OutboxRelay;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.MutableClock;
import cn.jiyuan.integrity.support.testing.ServiceTestSupport;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One objection service for the integration test classes (Spring's context cache): the shared broker, a fresh schema,
 * a consumer group of its own, and a clock the tests move. Facts reach it as ingest writes them: Avro records on
 * {@code integrity.credit-events.v1} (provider JGW, see {@link Events#fact}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {ObjectionApplication.class, MutableClock.AsBean.class})
public abstract class ObjectionTestBase extends ServiceTestSupport {

    static final String GROUP = "objection-it-" + UUID.randomUUID();
    static final String PROVIDER = "JGW";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IntegrationProperties.register(registry, "objection");
        registry.add("objection.group-id", () -> GROUP);
        registry.add("objection.poll-timeout", () -> "100ms");
        // The tests run the overdue check themselves (Workers.checkOverdueNow), after moving the clock.
        registry.add("objection.overdue-check-interval", () -> "1h");
    }

    @Autowired
    protected DatabaseClient db;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected Workers workers;

    @Autowired
    protected OutboxRelay relay;

    @LocalServerPort
    int port;

    protected WebTestClient http;

    @BeforeEach
    void client() {
        http = httpClient(port);
    }

    protected static String unitToken(String unit) {
        return TestTokens.token(unit, "UNIT");
    }

    protected static String providerToken() {
        return providerToken(PROVIDER);
    }

    protected static String providerToken(String org) {
        return TestTokens.token(org, "PROVIDER");
    }

    protected static String creditOfficeToken() {
        return TestTokens.token("XYB", "CREDIT_OFFICE");
    }

    /** A 4.1 LIGHT_DISCIPLINE fact by JGW about {@code unit}, once the service's read model knows it. */
    protected CreditFact knownFact(String unit) {
        CreditFact fact = Events.fact(
                unit, "4.1", "LIGHT_DISCIPLINE", null, LocalDate.now().minusMonths(2));
        events.send(fact, unit);
        await().until(() -> count("SELECT count(*) AS n FROM facts WHERE event_id = '" + fact.getEventId() + "'") == 1);
        return fact;
    }

    protected long count(String sql) {
        return db.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    /** Rows of the tables a refused command must not touch: objections, corrections, history, outbox, facts. */
    protected List<Long> footprint() {
        return List.of(
                count("SELECT count(*) FROM objections"),
                count("SELECT count(*) FROM corrections"),
                count("SELECT count(*) FROM objection_history"),
                count("SELECT count(*) FROM outbox"),
                count("SELECT coalesce(max(id), 0) FROM outbox"),
                count("SELECT count(*) FROM facts WHERE retracted"),
                count("SELECT count(*) FROM objections WHERE status <> 'AWAITING_PROVIDER' OR overdue"));
    }

    protected WebTestClient.ResponseSpec file(String token, Object body) {
        return post("/api/v1/objections", token, body);
    }

    protected WebTestClient.ResponseSpec post(String path, String token, Object body) {
        return http.post()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    protected WebTestClient.ResponseSpec get(String path, String token) {
        return http.get().uri(path).header("Authorization", "Bearer " + token).exchange();
    }

    /** Files an objection as the fact's unit; returns its id. */
    protected String fileObjection(CreditFact fact) {
        Map<?, ?> body = file(unitToken(fact.getUnitId()), Map.of("eventId", fact.getEventId(), "reason", "该处分已于复核中撤销"))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (String) body.get("objectionId");
    }

    /** Everything on integrity.objections.v1 about {@code objectionId} (or its fact), from the beginning to the end. */
    protected static List<ConsumerRecord<String, SpecificRecord>> objectionRecords(String objectionId) {
        String topic = IntegrityTopics.OBJECTIONS.name();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                new StringDeserializer(),
                new AvroSingleObjectDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, SpecificRecord>> found = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(100))) {
                    if (String.valueOf(r.value()).contains(objectionId)) {
                        found.add(r);
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
            return found;
        }
    }

    /** Waits until the relay has published everything committed so far. */
    protected void awaitOutboxDrained() {
        await().until(() -> count("SELECT count(*) FROM outbox") == 0);
    }

    protected static void assertProblem(WebTestClient.ResponseSpec response, int status, String... fragments) {
        String body = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).contains("\"status\":" + status);
        if (fragments.length > 0) {
            assertThat(body).contains(fragments);
        }
    }
}
