package cn.jiyuan.integrity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.avro.CreditFact;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    /**
     * One eventId sent at once in two versions: requests that arrive together share one claims statement (group
     * commit), and still exactly one wins; the same content is then a 200, the other a 409, and only the winning
     * content reaches the topic.
     */
    @Test
    void concurrentRequestsForOneEventIdHaveExactlyOneWinnerEvenInOneGroup() {
        Map<String, Object> a = IngestApi.fact(unit);
        Map<String, Object> b = IngestApi.with(a, "summary", "另一版本的事实");
        WebClient http = WebClient.create("http://127.0.0.1:" + port);
        List<Map.Entry<String, Integer>> answers = new ArrayList<>();

        List<ConsumerRecord<String, SpecificRecord>> written = recordsWrittenBy(() -> answers.addAll(Flux.range(0, 40)
                .flatMap(
                        i -> http.post()
                                .uri("/api/v1/events")
                                .header("Authorization", "Bearer " + JGW)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(i % 2 == 0 ? a : b)
                                .exchangeToMono(r -> r.releaseBody()
                                        .thenReturn(Map.entry(
                                                i % 2 == 0 ? "a" : "b",
                                                r.statusCode().value()))),
                        40)
                .collectList()
                .block(Duration.ofSeconds(60))));

        List<String> winners = answers.stream()
                .filter(e -> e.getValue() == 202)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(winners).hasSize(1);
        String winner = winners.get(0);
        assertThat(answers)
                .allSatisfy(e -> assertThat(e.getValue())
                        .isEqualTo(e.getKey().equals(winner) ? (e.getValue() == 202 ? 202 : 200) : 409));
        String winningSummary = (String) (winner.equals("a") ? a : b).get("summary");
        assertThat(written)
                .isNotEmpty()
                .allSatisfy(
                        r -> assertThat(((CreditFact) r.value()).getSummary()).isEqualTo(winningSummary));
    }
}
