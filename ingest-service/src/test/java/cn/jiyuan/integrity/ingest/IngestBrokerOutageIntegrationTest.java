package cn.jiyuan.integrity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * While Kafka cannot acknowledge, every write is a 503 with Retry-After and never a 2xx. This test needs a broker it
 * may stop, so it starts its own (the only test that does) instead of the shared one.
 */
class IngestBrokerOutageIntegrationTest {

    @Test
    void noTwoHundredWhileTheBrokerIsDown() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        String schema = SharedPostgres.schemaFor("ingest_outage");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestApplication.class)
                .run(IntegrationProperties.arguments(
                        broker.getBrokersAsString(),
                        schema,
                        // fail within seconds, not the production 12 s, to keep the suite fast
                        "--spring.kafka.producer.properties.delivery.timeout.ms=3000",
                        "--spring.kafka.producer.properties.request.timeout.ms=1000",
                        "--spring.kafka.producer.properties.max.block.ms=1000"))) {
            UnitDirectory directory = context.getBean(UnitDirectory.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(directory::isLoaded);
            IngestApi api = new IngestApi(
                    ((WebServerApplicationContext) context).getWebServer().getPort());
            String unit = IngestTestBase.newUnitId();
            api.registerUnit(unit, "五龙口镇人民政府", true).expectStatus().isOk();
            api.post(IngestTestBase.JGW, IngestApi.fact(unit)).expectStatus().isAccepted();

            broker.destroy();

            api.post(IngestTestBase.JGW, IngestApi.fact(unit))
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .valueEquals("Retry-After", "5")
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat(d.toString()).contains("nothing was accepted"));
            api.batch(IngestTestBase.JGW, List.of(IngestApi.fact(unit), IngestApi.fact(unit)))
                    .expectStatus()
                    .isEqualTo(503);
            api.registerUnit(IngestTestBase.newUnitId(), "轵城镇人民政府", true)
                    .expectStatus()
                    .isEqualTo(503);
            api.http
                    .post()
                    .uri("/api/v1/debtor-listings")
                    .header(
                            "Authorization",
                            "Bearer " + cn.jiyuan.integrity.support.testing.TestTokens.token("SFY", "PROVIDER"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("caseNumber", "(2026)豫9001执5号", "unitId", unit, "status", "LISTED"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503);
        } finally {
            broker.destroy();
        }
    }
}
