package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.testing.Events;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The grade-change stream: many subscribers at once, heartbeats, and resuming from Last-Event-ID. */
class GradeChangesStreamIntegrationTest extends QueryTestBase {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {};

    private Flux<ServerSentEvent<Map<String, Object>>> subscribe(String lastEventId) {
        var spec = http.mutate()
                .responseTimeout(Duration.ofSeconds(60))
                .build()
                .get()
                .uri("/api/v1/grade-changes")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header("Authorization", "Bearer " + consumer("FGW"))
                .header("X-Query-Purpose", "PERFORMANCE_ASSESSMENT");
        if (lastEventId != null) {
            spec = spec.header("Last-Event-ID", lastEventId);
        }
        return spec.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
    }

    private static GradeChange change(String unit, CreditGrade from, CreditGrade to) {
        return new GradeChange(unit, from, to, new BigDecimal("101.00"), 1, Events.now(), java.time.LocalDate.now());
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
        events.send(change(unit, null, CreditGrade.GOOD), unit);
        List<ServerSentEvent<Map<String, Object>>> received = both.join();
        assertThat(received).hasSize(2).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo("grade-change");
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
