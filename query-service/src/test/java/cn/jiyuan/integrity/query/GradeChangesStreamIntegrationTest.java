package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.security.JwtProperties;
import cn.jiyuan.integrity.support.security.LocalTokens;
import cn.jiyuan.integrity.support.testing.DeadLetterTopic;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The grade-change stream: many subscribers at once, heartbeats, and resuming from Last-Event-ID; the answer starts at
 * once although heartbeats are a minute apart here, ends with the token, and one caller holds few streams.
 */
@TestPropertySource(properties = "query.heartbeat=60s")
class GradeChangesStreamIntegrationTest extends QueryTestBase {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {};

    private Flux<ServerSentEvent<Map<String, Object>>> subscribe(String lastEventId) {
        return subscribe(lastEventId, consumer("FGW"));
    }

    private Flux<ServerSentEvent<Map<String, Object>>> subscribe(String lastEventId, String token) {
        var spec = http.mutate()
                .responseTimeout(Duration.ofSeconds(60))
                .build()
                .get()
                .uri("/api/v1/grade-changes")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header("Authorization", "Bearer " + token)
                .header("X-Query-Purpose", "PERFORMANCE_ASSESSMENT");
        if (lastEventId != null) {
            spec = spec.header("Last-Event-ID", lastEventId);
        }
        return spec.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
    }

    private static GradeChange change(String unit, CreditGrade from, CreditGrade to) {
        return change(UUID.randomUUID().toString(), unit, from, to);
    }

    private static GradeChange change(String changeId, String unit, CreditGrade from, CreditGrade to) {
        return new GradeChange(changeId, unit, from, to, new BigDecimal("101.00"), 1, Events.now(), LocalDate.now());
    }

    private static boolean about(ServerSentEvent<Map<String, Object>> e, String unit) {
        return e.data() != null && unit.equals(e.data().get("unitId"));
    }

    @Test
    void twoSubscribersBothReceiveAChangeAndAReconnectGetsWhatItMissed() {
        String unit = Events.newUnitId();
        String streams = "SELECT count(*) FROM audit_log WHERE resource = '/api/v1/grade-changes' AND status = 200";
        long before = count(streams);
        Flux<ServerSentEvent<Map<String, Object>>> first = subscribe(null).filter(e -> about(e, unit));
        Flux<ServerSentEvent<Map<String, Object>>> second = subscribe(null);

        // The second also sees heartbeats (comments) while nothing happens.
        StepVerifier.create(second.filter(e -> e.comment() != null).take(1))
                .expectNextMatches(e -> e.comment().equals("heartbeat"))
                .verifyComplete();

        var both = Flux.merge(
                        first.take(1),
                        subscribe(null).filter(e -> about(e, unit)).take(1))
                .collectList()
                .toFuture();
        // A stream's audit row is written when its response starts, after it subscribed to the feed.
        await().until(() -> count(streams) >= before + 3);
        String changeId = UUID.randomUUID().toString();
        events.send(change(changeId, unit, null, CreditGrade.GOOD), unit);
        List<ServerSentEvent<Map<String, Object>>> received = both.join();
        assertThat(received).hasSize(2).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo("grade-change");
            assertThat(e.data()).containsEntry("changeId", changeId); // API.md: a subscriber drops duplicates by it
            assertThat(e.id()).matches("\\d+(\\.\\d+){5}");
            assertThat(e.data()).containsEntry("to", "GOOD").containsEntry("rank", 1);
            assertThat(e.data().get("from")).isNull();
        });
        String lastSeen = received.get(0).id();

        // While disconnected, two more changes; a reconnect with Last-Event-ID gets exactly those, in order.
        events.send(change(unit, CreditGrade.GOOD, CreditGrade.EXCELLENT), unit);
        events.send(change(unit, CreditGrade.EXCELLENT, CreditGrade.GOOD), unit);
        StepVerifier.create(subscribe(lastSeen).filter(e -> about(e, unit)).take(2))
                .assertNext(e -> assertThat(e.data()).containsEntry("to", "EXCELLENT"))
                .assertNext(
                        e -> assertThat(e.data()).containsEntry("to", "GOOD").containsEntry("from", "EXCELLENT"))
                .verifyComplete();
    }

    @Test
    void aChangeWrittenBeforeChangeIdExistedGetsOneFromItsPositionTheSameOnEveryDelivery() {
        String unit = Events.newUnitId();
        events.send(change(null, unit, null, CreditGrade.FAIR), unit);
        var first = subscribe("0.0.0.0.0.0").filter(e -> about(e, unit)).blockFirst(Duration.ofSeconds(30));
        var again = subscribe("0.0.0.0.0.0").filter(e -> about(e, unit)).blockFirst(Duration.ofSeconds(30));
        assertThat(first.data().get("changeId"))
                .isNotNull()
                .isEqualTo(again.data().get("changeId"));
    }

    /**
     * One error policy for every consumer (issue 18): an undecodable grade change goes to the dead-letter topic with
     * its reason, as every other refused record does, instead of into the log only; the stream goes on past it.
     */
    @Test
    void anUndecodableGradeChangeIsDeadLetteredAndTheStreamGoesOn() {
        String unit = Events.newUnitId();
        try (DeadLetterTopic dead = new DeadLetterTopic(IntegrityTopics.GRADE_CHANGES)) {
            var next = subscribe(null)
                    .filter(e -> about(e, unit))
                    .take(1)
                    .collectList()
                    .toFuture();
            events.sendRaw(IntegrityTopics.GRADE_CHANGES.name(), unit, "not avro".getBytes(StandardCharsets.UTF_8));
            events.send(change(unit, null, CreditGrade.GOOD), unit);

            assertThat(DeadLetterTopic.reason(dead.await(unit, 1).get(0))).startsWith("cannot be decoded");
            assertThat(next.join())
                    .singleElement()
                    .satisfies(e -> assertThat(e.data()).containsEntry("to", "GOOD"));
        }
    }

    /** Probe D8: the status line and headers came only with the first heartbeat, 15 s later. */
    @Test
    void theAnswerStartsAtOnce() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/grade-changes"))
                .header("Authorization", "Bearer " + creditOffice())
                .build();
        var response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS); // the heartbeat is 60 s: no waiting for it
        try (var body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        }
    }

    /** Review A3: a stream stayed open for days after its token expired. */
    @Test
    void theStreamEndsWhenTheTokenExpires() {
        String shortLived = new LocalTokens(JwtProperties.LOCAL_DEFAULT_SECRET)
                .mint("test-fgw-short", "FGW", List.of("CONSUMER"), Duration.ofSeconds(3));
        StepVerifier.create(subscribe(null, shortLived))
                .thenConsumeWhile(e -> true)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    /** Review D6: one caller could open any number of streams. */
    @Test
    void oneCallerHoldsAtMostFiveStreams() {
        String token = TestTokens.token("CZJ", "CONSUMER");
        List<Disposable> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Each is open once its first heartbeat has arrived.
            var first = new CompletableFuture<Void>();
            open.add(subscribe(null, token).subscribe(e -> first.complete(null)));
            first.join();
        }
        var refused = http.get()
                .uri("/api/v1/grade-changes")
                .header("Authorization", "Bearer " + token)
                .header("X-Query-Purpose", "HONOURS")
                .exchange();
        refused.expectHeader().valueEquals("Retry-After", "5");
        assertProblem(refused, 429, "at most 5");
        // Another caller is not affected; and a stream that ends gives its place back.
        StepVerifier.create(subscribe(null).take(1)).expectNextCount(1).verifyComplete();
        open.remove(0).dispose();
        await().untilAsserted(() -> StepVerifier.create(subscribe(null, token).take(1))
                .expectNextCount(1)
                .verifyComplete());
        open.forEach(Disposable::dispose);
    }

    @Test
    void theStreamIsForTheCreditOfficeAndConsumersWithAPurpose() {
        assertProblem(get("/api/v1/grade-changes", consumer("FGW")), 400, "X-Query-Purpose");
        assertProblem(
                get("/api/v1/grade-changes", cn.jiyuan.integrity.support.testing.TestTokens.token("KJZ", "UNIT")), 403);
        assertProblem(
                http.get()
                        .uri("/api/v1/grade-changes")
                        .header("Authorization", "Bearer " + creditOffice())
                        .header("Last-Event-ID", "not-an-id")
                        .exchange(),
                400,
                "Last-Event-ID");
    }
}
