package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the local stack as the README's command does (same entry point and options, on free ports and a fresh data
 * directory), then talks to it the way curl would: plain HTTP, JSON strings, a token from the token command.
 */
class LocalStackEndToEndTest {

    @TempDir
    Path data;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String token(String org, String roles) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = TokenCommand.run(
                new String[] {"--org", org, "--roles", roles}, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static HttpResponse<String> send(String method, URI uri, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The latest score of {@code unit} on integrity.unit-scores.v1, once it arrives. */
    private static java.math.BigDecimal scoreOnTopic(String bootstrap, String unit) {
        try (var consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<String, org.apache.avro.specific.SpecificRecord>(
                        java.util.Map.of("bootstrap.servers", bootstrap),
                        new org.apache.kafka.common.serialization.StringDeserializer(),
                        new cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer())) {
            String topic = cn.jiyuan.integrity.schemas.IntegrityTopics.UNIT_SCORES.name();
            var partitions = consumer.partitionsFor(topic, java.time.Duration.ofSeconds(30)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            java.util.concurrent.atomic.AtomicReference<java.math.BigDecimal> score =
                    new java.util.concurrent.atomic.AtomicReference<>();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> {
                        for (var r : consumer.poll(java.time.Duration.ofMillis(200))) {
                            if (unit.equals(r.key())) {
                                score.set(((cn.jiyuan.integrity.schemas.avro.UnitScore) r.value()).getScore());
                            }
                        }
                        return score.get() != null && score.get().compareTo(new java.math.BigDecimal("100.00")) != 0;
                    });
            return score.get();
        }
    }

    @Test
    void theStackStartsAndTakesAFact() throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        LocalStack.Options options = LocalStack.Options.parse(
                "--fresh",
                "--data-dir=" + data,
                "--kafka-port=" + freePort(),
                "--kafka-controller-port=" + freePort(),
                "--postgres-port=" + freePort(),
                "--ingest-port=" + freePort(),
                "--scoring-port=" + freePort());
        try (LocalStack stack = LocalStack.start(options, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            assertThat(banner.toString(StandardCharsets.UTF_8))
                    .contains("kafka", "postgres", "ingest", "scoring", "ready in");
            URI ingest = stack.ingestUrl();

            assertThat(send("GET", ingest.resolve("/actuator/health"), null, "").statusCode())
                    .isEqualTo(200);
            assertThat(send("GET", ingest.resolve("/v3/api-docs"), null, "").body())
                    .contains("/api/v1/events/batch");
            assertThat(send("GET", ingest.resolve("/actuator/prometheus"), null, "")
                            .body())
                    .contains("jvm_memory_used_bytes");

            HttpResponse<String> unit = send(
                    "PUT",
                    ingest.resolve("/api/v1/units/KJZ"),
                    token("XYB", "CREDIT_OFFICE"),
                    "{\"name\":\"克井镇人民政府\",\"active\":true}");
            assertThat(unit.statusCode()).isEqualTo(200);

            String eventId = UUID.randomUUID().toString();
            String fact = """
                    {"eventId":"%s","unitId":"KJZ","indicator":"4.1","outcome":"TALK_OR_CRITICISM",
                     "occurredOn":"%s","reference":"济纪发〔2026〕7号","persons":[{"name":"张三","position":"副镇长"}]}
                    """.formatted(eventId, LocalDate.now(ChinaTime.ZONE).minusDays(1));
            String jgw = token("JGW", "PROVIDER");
            HttpResponse<String> accepted = send("POST", ingest.resolve("/api/v1/events"), jgw, fact);
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.body()).contains(eventId, "\"late\":false", "recordedAt", "deadline");

            HttpResponse<String> again = send("POST", ingest.resolve("/api/v1/events"), jgw, fact);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(accepted.body());

            // The scoring service folds it: KJZ scores 99.00 (4.1 TALK_OR_CRITICISM − 1) on unit-scores.
            assertThat(send("GET", stack.scoringUrl().resolve("/actuator/health"), null, "")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(scoreOnTopic("127.0.0.1:" + options.kafkaPort(), "KJZ")).isEqualByComparingTo("99.00");

            HttpResponse<String> unauthenticated = send("POST", ingest.resolve("/api/v1/events"), null, fact);
            assertThat(unauthenticated.statusCode()).isEqualTo(401);
            assertThat(unauthenticated.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        assertThat(List.of(
                        data.resolve("kafka/meta.properties").toFile().exists(),
                        data.resolve("postgres").toFile().isDirectory()))
                .containsOnly(true);
    }
}
