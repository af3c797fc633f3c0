package cn.jiyuan.integrity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Idempotency survives a restart: the same request after the service came back gets the first answer. */
class IngestRestartIntegrationTest {

    private static final String SCHEMA = SharedPostgres.schemaFor("ingest_restart");

    private static ConfigurableApplicationContext start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestApplication.class)
                .run(IntegrationProperties.arguments(SharedKafka.bootstrapServers(), SCHEMA));
        UnitDirectory directory = context.getBean(UnitDirectory.class);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(directory::isLoaded);
        return context;
    }

    private static IngestApi api(ConfigurableApplicationContext context) {
        return new IngestApi(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void theSameRequestAfterARestartGetsTheFirstAnswer() {
        String unit = IngestTestBase.newUnitId();
        Map<String, Object> fact = IngestApi.fact(unit);
        String first;
        try (ConfigurableApplicationContext before = start()) {
            IngestApi api = api(before);
            api.registerUnit(unit, "北海街道办事处", true).expectStatus().isOk();
            first = api.post(IngestTestBase.JGW, fact)
                    .expectStatus()
                    .isAccepted()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
        }
        try (ConfigurableApplicationContext after = start()) {
            IngestApi api = api(after);
            String again = api.post(IngestTestBase.JGW, fact)
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(again).isEqualTo(first);
            api.post(IngestTestBase.JGW, IngestApi.with(fact, "summary", "改过的内容"))
                    .expectStatus()
                    .isEqualTo(409);
        }
    }
}
