package cn.jiyuan.integrity.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.scoring.projection.ProjectionStore;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import cn.jiyuan.integrity.support.testing.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL out of reach for several seconds (the network path cut by a proxy): the consumer stops committing,
 * retries the same batch with back-off, skips nothing, dead-letters a refused record of it once, and catches up when the
 * database returns.
 */
class DatabaseOutageIntegrationTest {

    private static TcpProxy proxy;
    private static ConfigurableApplicationContext service;
    private static Events events;

    @BeforeAll
    static void start() throws Exception {
        proxy = new TcpProxy(SharedPostgres.HOST, Integer.parseInt(SharedPostgres.PORT));
        String schema = SharedPostgres.schemaFor("scoring_outage");
        String[] args = IntegrationProperties.arguments(
                SharedKafka.bootstrapServers(),
                schema,
                "--scoring.group-id=scoring-outage-" + UUID.randomUUID(),
                "--scoring.poll-timeout=100ms",
                "--scoring.max-backoff=2s",
                "--spring.r2dbc.pool.max-acquire-time=2s",
                "--spring.r2dbc.pool.max-create-connection-time=2s");
        // The service reaches PostgreSQL through the proxy (Flyway, at start, directly).
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--spring.r2dbc.url=")) {
                args[i] = "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                        + SharedPostgres.DATABASE;
            }
        }
        service = new SpringApplicationBuilder(ScoringApplication.class).run(args);
        events = new Events();
    }

    @AfterAll
    static void stop() throws Exception {
        events.close();
        service.close();
        proxy.close();
    }

    private static BigDecimal score(String unit) {
        var row = service.getBean(ProjectionStore.class)
                .scores(List.of(unit))
                .block()
                .get(unit);
        return row == null ? null : row.score();
    }

    @Test
    void anOutageOfSeveralSecondsLosesNoRecord() throws Exception {
        String unit = Events.newUnitId();
        LocalDate d = LocalDate.now().minusDays(10);
        events.register(unit, true);
        // group 6 has no cap (SCORING.md §4.2): every one of the facts shows in the score
        BigDecimal quarter = new BigDecimal("0.25");
        events.send(Events.fact(unit, "6.5", "PENALISED", quarter, d), unit);
        ScoringTestBase.await().until(() -> new BigDecimal("99.75").equals(score(unit)));
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        double retriesBefore = meters.counter("scoring.batch.retries").count();

        proxy.cut();
        try {
            // points the rules refuse: dead-lettered once, however often its batch is given again
            events.sendAsync(Events.fact(unit, "6.4", "PENALISED", new BigDecimal("-50.00"), d), unit);
            for (int i = 0; i < 200; i++) {
                events.sendAsync(Events.fact(unit, "6.5", "PENALISED", quarter, d), unit);
            }
            events.flush();
            // 100 + 200 + 400 + 800 + 1600 ms of back-off at least: an outage of several seconds.
            ScoringTestBase.await()
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> meters.counter("scoring.batch.retries").count() >= retriesBefore + 5);
            // Not ready meanwhile (probe D6: readiness stayed UP through a 30 s outage).
            assertThat(readiness()).isEqualTo(503);
        } finally {
            proxy.restore();
        }

        ScoringTestBase.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> new BigDecimal("49.75").equals(score(unit))); // 100 − 201 × 0.25
        assertThat(meters.counter("scoring.records.dead-lettered").count()).isEqualTo(1);
        ScoringTestBase.await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
    }

    private static int readiness() throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
