package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.schemas.avro.UnitScore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the local stack as the README's command does (same entry point and options, on free ports and a fresh data
 * directory), then talks to it the way curl would: plain HTTP, JSON strings, a token from the token command.
 */
class LocalStackEndToEndTest {

    @TempDir
    Path data;

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
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the latest score of {@code unit} on integrity.unit-scores.v1 is {@code expected}. */
    private static void awaitScore(String bootstrap, String unit, String expected) {
        try (var consumer = new KafkaConsumer<String, SpecificRecord>(
                Map.of("bootstrap.servers", bootstrap), new StringDeserializer(), new AvroSingleObjectDeserializer())) {
            String topic = IntegrityTopics.UNIT_SCORES.name();
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            AtomicReference<BigDecimal> score = new AtomicReference<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (unit.equals(r.key())) {
                        score.set(((UnitScore) r.value()).getScore());
                    }
                }
                assertThat(score.get()).as(unit).isNotNull().isEqualByComparingTo(expected);
            });
        }
    }

    /** The latest record about {@code unit} on {@code topic} (a grade change: the unit's current grade), from the beginning to its current end. */
    private static SpecificRecord latestOnTopic(String bootstrap, Topic topic, String unit) {
        try (var consumer = new KafkaConsumer<String, SpecificRecord>(
                Map.of("bootstrap.servers", bootstrap), new StringDeserializer(), new AvroSingleObjectDeserializer())) {
            var partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            AtomicReference<SpecificRecord> last = new AtomicReference<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (unit.equals(r.key())) {
                        last.set(r.value());
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
            assertThat(last.get()).as(unit + " on " + topic.name()).isNotNull();
            return last.get();
        }
    }

    /** The id of the objection {@code unit} files against {@code eventId}, once the objection service knows the fact. */
    private static String fileObjection(URI objection, String unit, String eventId) {
        AtomicReference<HttpResponse<String>> filed = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            filed.set(send(
                    "POST",
                    objection.resolve("/api/v1/objections"),
                    token(unit, "UNIT"),
                    "{\"eventId\":\"%s\",\"reason\":\"该处分已被撤销\"}".formatted(eventId)));
            return filed.get().statusCode() != 404; // 404 until its read model has the fact
        });
        assertThat(filed.get().statusCode()).as(filed.get().body()).isEqualTo(201);
        assertThat(filed.get().body()).contains("\"status\":\"AWAITING_PROVIDER\"", "dueOn");
        String body = filed.get().body();
        return body.replaceAll(".*\"objectionId\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void theStackStartsAndTakesAFact() throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        LocalStack.Options options = StackPorts.free().withConsole(data);
        try (LocalStack stack = LocalStack.start(options, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            assertThat(banner.toString(StandardCharsets.UTF_8))
                    .contains("kafka", "postgres", "ingest", "scoring", "objection", "query", "ready in")
                    .contains("open " + stack.consoleUrl() + " in a browser");
            String printed = banner.toString(StandardCharsets.UTF_8);
            assertThat(printed.indexOf("http://"))
                    .as("the first address printed is the console's")
                    .isEqualTo(printed.indexOf(stack.consoleUrl().toString()));
            // the console: a sign-in page behind a strict CSP, its session cookie out of scripts' reach
            HttpResponse<String> signIn = send("GET", stack.consoleUrl().resolve("/signin"), null, "");
            assertThat(signIn.statusCode()).isEqualTo(200);
            assertThat(signIn.body()).contains("以信用办身份登录");
            assertThat(signIn.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self';"));
            assertThat(signIn.headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c.toLowerCase()).contains("httponly", "samesite=lax"));
            assertThat(send("GET", stack.consoleUrl().resolve("/ranking"), null, "")
                            .statusCode())
                    .isEqualTo(302);
            URI ingest = stack.ingestUrl();

            assertThat(send("GET", ingest.resolve("/actuator/health"), null, "").statusCode())
                    .isEqualTo(200);
            // API.md: every endpoint but health and metrics needs a token, the OpenAPI document too (audit D11)
            assertThat(send("GET", ingest.resolve("/v3/api-docs"), null, "").statusCode())
                    .isEqualTo(401);
            assertThat(send("GET", ingest.resolve("/actuator/info"), null, "").statusCode())
                    .isEqualTo(401);
            assertThat(send("GET", ingest.resolve("/v3/api-docs"), token("DCB", "CONSUMER"), "")
                            .body())
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
            String bootstrap = "127.0.0.1:" + options.kafkaPort();
            awaitScore(bootstrap, "KJZ", "99.00");

            // 第十四条 round trip: KJZ disputes the fact, JGW finds it true and deletes it, the credit office
            // approves; the scoring service no longer counts it.
            URI objection = stack.objectionUrl();
            String deleted = fileObjection(objection, "KJZ", eventId);
            HttpResponse<String> decided = send(
                    "POST",
                    objection.resolve("/api/v1/objections/" + deleted + "/decision"),
                    jgw,
                    "{\"finding\":\"TRUE\",\"remedy\":\"DELETE\",\"explanation\":\"处分已撤销\"}");
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
            assertThat(decided.body()).contains("\"status\":\"AWAITING_REVIEW\"");
            String xyb = token("XYB", "CREDIT_OFFICE");
            HttpResponse<String> approved = send(
                    "POST",
                    objection.resolve("/api/v1/objections/" + deleted + "/review"),
                    xyb,
                    "{\"decision\":\"APPROVE\"}");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(approved.body()).contains("\"status\":\"CLOSED_CORRECTED\"");
            awaitScore(bootstrap, "KJZ", "100.00");

            // An amendment: WLZ's LIGHT_DISCIPLINE (− 2) becomes TALK_OR_CRITICISM (− 1).
            assertThat(send("PUT", ingest.resolve("/api/v1/units/WLZ"), xyb, "{\"name\":\"王屋镇人民政府\",\"active\":true}")
                            .statusCode())
                    .isEqualTo(200);
            String second = UUID.randomUUID().toString();
            LocalDate on = LocalDate.now(ChinaTime.ZONE).minusDays(2);
            assertThat(send("POST", ingest.resolve("/api/v1/events"), jgw, """
                    {"eventId":"%s","unitId":"WLZ","indicator":"4.1","outcome":"LIGHT_DISCIPLINE","occurredOn":"%s"}
                    """.formatted(second, on))
                            .statusCode())
                    .isEqualTo(202);
            awaitScore(bootstrap, "WLZ", "98.00");
            String amended = fileObjection(objection, "WLZ", second);
            assertThat(send(
                                    "POST",
                                    objection.resolve("/api/v1/objections/" + amended + "/decision"),
                                    jgw,
                                    """
                    {"finding":"TRUE","remedy":"AMEND","amendment":{"outcome":"TALK_OR_CRITICISM","occurredOn":"%s"}}
                    """.formatted(on))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(
                                    "POST",
                                    objection.resolve("/api/v1/objections/" + amended + "/review"),
                                    xyb,
                                    "{\"decision\":\"APPROVE\",\"comment\":\"同意更正\"}")
                            .statusCode())
                    .isEqualTo(200);
            awaitScore(bootstrap, "WLZ", "99.00");

            // SCORING.md §7.5: the credit office deletes a fact itself, with a reason; it no longer counts.
            String wrong = UUID.randomUUID().toString();
            assertThat(send("POST", ingest.resolve("/api/v1/events"), jgw, """
                    {"eventId":"%s","unitId":"KJZ","indicator":"4.1","outcome":"TALK_OR_CRITICISM","occurredOn":"%s"}
                    """.formatted(wrong, on))
                            .statusCode())
                    .isEqualTo(202);
            awaitScore(bootstrap, "KJZ", "99.00");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> send(
                                            "POST",
                                            objection.resolve("/api/v1/corrections"),
                                            xyb,
                                            "{\"eventId\":\"%s\",\"remedy\":\"DELETE\",\"explanation\":\"依职权更正：重复录入\"}"
                                                    .formatted(wrong))
                                    .statusCode()
                            == 201); // 404 until the objection service has read the fact
            awaitScore(bootstrap, "KJZ", "100.00");

            // The query service's answer for today is the scoring service's projection: score, raw score, grade.
            for (String u : List.of("KJZ", "WLZ")) {
                var published = (UnitScore) latestOnTopic(bootstrap, IntegrityTopics.UNIT_SCORES, u);
                var graded = (GradeChange) latestOnTopic(bootstrap, IntegrityTopics.GRADE_CHANGES, u);
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> answer =
                            send("GET", stack.queryUrl().resolve("/api/v1/units/" + u + "/score"), xyb, null);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.body())
                            .contains(
                                    "\"score\":" + published.getScore().toPlainString(),
                                    "\"rawScore\":" + published.getRawScore().toPlainString(),
                                    "\"grade\":\"" + graded.getTo() + "\"");
                });
            }

            HttpResponse<String> unauthenticated = send("POST", ingest.resolve("/api/v1/events"), null, fact);
            assertThat(unauthenticated.statusCode()).isEqualTo(401);
            assertThat(unauthenticated.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

            // The probe's fuzzing (reliability-probe.md test 3), on this stack: every endpoint of the four services,
            // malformed every way; no 5xx, every refusal problem+json naming nothing internal; then all as before.
            // A larger run: -Dintegrity.fuzz.count=100000 (and -Dintegrity.fuzz.seed=N for other requests).
            var findings = new HttpFuzz(
                            ingest,
                            stack.scoringUrl(),
                            objection,
                            stack.queryUrl(),
                            Long.getLong("integrity.fuzz.seed", 1L))
                    .run(Integer.getInteger("integrity.fuzz.count", 10_000), 16);
            assertThat(findings).as("answers no request may get").isEmpty();
            String afterwards = UUID.randomUUID().toString();
            assertThat(send("POST", ingest.resolve("/api/v1/events"), jgw, """
                    {"eventId":"%s","unitId":"WLZ","indicator":"4.1","outcome":"TALK_OR_CRITICISM","occurredOn":"%s"}
                    """.formatted(afterwards, on))
                            .statusCode())
                    .isEqualTo(202);
            for (URI service : List.of(ingest, stack.scoringUrl(), objection, stack.queryUrl())) {
                assertThat(send("GET", service.resolve("/actuator/health/readiness"), null, null)
                                .statusCode())
                        .as(service.toString())
                        .isEqualTo(200);
            }

            // Issue 16 §5: next year's notice, uploaded to the query service, is in force in every service at once.
            HttpResponse<String> notice = send(
                    "PUT",
                    stack.queryUrl().resolve("/api/v1/calendar/2027"),
                    xyb,
                    "{\"off\":[\"01-01..01-03\"],\"makeUp\":[],\"source\":\"国办发明电〔2026〕7号\"}");
            assertThat(notice.statusCode()).as(notice.body()).isEqualTo(201);
            String operator = token("XYB", "OPERATOR");
            for (URI service : List.of(ingest, stack.scoringUrl(), objection, stack.queryUrl())) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(
                                        send("GET", service.resolve("/actuator/health/referenceData"), operator, null)
                                                .body())
                                .as(service.toString())
                                .contains("\"uploadsApplied\":1", "2026,2027"));
            }
        }
        assertThat(List.of(
                        data.resolve("kafka/meta.properties").toFile().exists(),
                        data.resolve("postgres").toFile().isDirectory()))
                .containsOnly(true);
    }
}
