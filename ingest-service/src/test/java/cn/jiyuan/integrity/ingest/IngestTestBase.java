package cn.jiyuan.integrity.ingest;

import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One application context for every ingest integration test class (Spring's context cache), one broker, one DB. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IngestTestBase {

    protected static final String JGW = TestTokens.token("JGW", "PROVIDER");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IntegrationProperties.register(registry, "ingest");
    }

    @LocalServerPort
    int port;

    @Autowired
    UnitDirectory directory;

    protected IngestApi api;
    protected String unit;

    @BeforeEach
    void registerAUnit() {
        api = new IngestApi(port);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(directory::isLoaded);
        unit = newUnitId();
        api.registerUnit(unit, "克井镇人民政府", true).expectStatus().isOk();
    }

    protected static String newUnitId() {
        return "U" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /**
     * Runs {@code requests}, then posts a fresh accepted fact, and returns every credit-events record written in
     * between: what a refusal must not have written can be checked against it.
     */
    protected List<ConsumerRecord<String, SpecificRecord>> recordsWrittenBy(Runnable requests) {
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            requests.run();
            Map<String, Object> sentinel = IngestApi.fact(unit);
            api.post(JGW, sentinel).expectStatus().isAccepted();
            Predicate<SpecificRecord> isSentinel =
                    r -> r instanceof CreditFact f && f.getEventId().equals(sentinel.get("eventId"));
            return topic.readUntil(isSentinel).stream()
                    .filter(r -> !isSentinel.test(r.value()))
                    .toList();
        }
    }
}
