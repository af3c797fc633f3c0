package cn.jiyuan.integrity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Many single facts at once — the load that once exhausted PostgreSQL's connection slots because every statement
 * opened its own connection. All are accepted, and the service holds no more connections than its pool allows.
 */
class ConcurrentSinglesIntegrationTest extends IngestTestBase {

    private static final int REQUESTS = 300;

    @Autowired
    ConnectionFactory connections;

    @Test
    void manyConcurrentSingleFactsAreAllAcceptedThroughABoundedPool() {
        assertThat(connections).isInstanceOf(ConnectionPool.class);
        int maxSize = ((ConnectionPool) connections).getMetrics().orElseThrow().getMaxAllocatedSize();

        WebClient http = WebClient.create("http://127.0.0.1:" + port);
        List<Integer> statuses = Flux.range(0, REQUESTS)
                .flatMap(
                        i -> http.post()
                                .uri("/api/v1/events")
                                .header("Authorization", "Bearer " + JGW)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(IngestApi.fact(unit))
                                .exchangeToMono(r -> r.releaseBody()
                                        .thenReturn(r.statusCode().value())),
                        REQUESTS)
                .collectList()
                .block(Duration.ofSeconds(120));

        assertThat(statuses).hasSize(REQUESTS).containsOnly(202);
        Map<String, Object> metrics = Map.of(
                "allocated",
                ((ConnectionPool) connections).getMetrics().orElseThrow().allocatedSize());
        assertThat((Integer) metrics.get("allocated")).isLessThanOrEqualTo(maxSize);
    }
}
