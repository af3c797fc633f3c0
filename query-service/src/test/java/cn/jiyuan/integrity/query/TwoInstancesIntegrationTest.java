package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two instances in one consumer group: each stores only the partitions it owns, yet both answer every unit the same,
 * because each tails everything stored (by either) into memory.
 */
class TwoInstancesIntegrationTest extends QueryTestBase {

    @Test
    void bothInstancesSeeEveryRecordWhicheverStoredIt() {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(QueryApplication.class)
                .run(IntegrationProperties.arguments(
                        SharedKafka.bootstrapServers(),
                        SharedPostgres.schemaFor("query"),
                        "--query.group-id=" + GROUP,
                        "--query.poll-timeout=100ms",
                        "--query.tail-interval=100ms",
                        "--query.ranking-max-age=0s"))) {
            ReadModel other = second.getBean(ReadModel.class);
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            WebTestClient otherHttp = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + port)
                    .build();

            // ready only once today is evaluated: its first answers are from memory, not minutes of folding
            await().until(() -> otherHttp
                    .get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .returnResult(String.class)
                    .getStatus()
                    .is2xxSuccessful());
            assertThat(second.getBean(MeterRegistry.class)
                            .get("query.evaluation")
                            .tag("kind", "whole")
                            .timer()
                            .count())
                    .isGreaterThanOrEqualTo(1);

            // Units on every partition, so that both instances' writers take part once the group has rebalanced.
            List<String> units = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String unit = Events.newUnitId();
                units.add(unit);
                events.register(unit, true, daysAgo(10));
                CreditFact f = CreditFact.newBuilder(
                                Events.fact(unit, "4.1", "LIGHT_DISCIPLINE", null, today().minusDays(5)))
                        .setRecordedAt(daysAgo(2))
                        .build();
                events.send(f, unit);
            }
            for (String unit : units) {
                awaitApplied(unit, 2);
                await().until(() -> other.unit(unit) != null
                        && other.unit(unit).facts().size() == 1
                        && other.unit(unit).registrations().size() == 1);
                Map<?, ?> here = ok("/api/v1/units/" + unit + "/score", creditOffice());
                Map<?, ?> there = otherHttp
                        .get()
                        .uri("/api/v1/units/" + unit + "/score")
                        .header("Authorization", "Bearer " + creditOffice())
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody();
                assertThat(new BigDecimal(here.get("score").toString())).isEqualByComparingTo("98.00");
                assertThat(there.get("score")).isEqualTo(here.get("score"));
                assertThat(there.get("rawScore")).isEqualTo(here.get("rawScore"));
            }
            // Stored once each, whoever stored it.
            assertThat(count(
                            "SELECT count(*) FROM unit_records WHERE unit_id IN ('" + String.join("','", units) + "')"))
                    .isEqualTo(24);
        }
    }
}
