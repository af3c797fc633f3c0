package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.AuditedRead;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every refusal of the objection API is problem+json naming the reason, and writes nothing. */
class ObjectionRefusalsIntegrationTest extends ObjectionTestBase {

    /** Runs {@code request}, checks the problem, and that no table changed and nothing was queued for Kafka. */
    private void refused(Supplier<WebTestClient.ResponseSpec> request, int status, String... fragments) {
        awaitOutboxDrained();
        List<Long> before = footprint();
        assertProblem(request.get(), status, fragments);
        assertThat(footprint()).as("tables after a %d", status).isEqualTo(before);
    }

    /** A GET of {@code pathAndQuery} exactly as written (already percent-encoded), as the credit office. */
    private WebTestClient.ResponseSpec raw(String pathAndQuery) {
        return http.get()
                .uri(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Authorization", "Bearer " + creditOfficeToken())
                .exchange();
    }

    @Test
    void filingRefusals() {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);
        String eventId = fact.getEventId();

        refused(
                () -> http.post()
                        .uri("/api/v1/objections")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("eventId", eventId, "reason", "x"))
                        .exchange(),
                401);
        refused(() -> file(TestTokens.expired(unit, "UNIT"), Map.of("eventId", eventId, "reason", "x")), 401);
        refused(() -> file(unitToken(unit), Map.of("eventId", eventId)), 400, "\"field\":\"reason\"", "is required");
        refused(() -> file(unitToken(unit), Map.of("eventId", eventId, "reason", "  ")), 400, "\"field\":\"reason\"");
        refused(
                () -> file(unitToken(unit), Map.of("eventId", eventId, "reason", "x", "points", 3)),
                400,
                "\"field\":\"points\"",
                "is not a field");
        refused(
                () -> file(unitToken(unit), Map.of("eventId", eventId, "reason", "长".repeat(4001))),
                400,
                "\"field\":\"reason\"",
                "at most 4000");
        refused(() -> file(unitToken(unit), List.of("not", "an", "object")), 400, "\"field\":\"body\"");
        // Ids in the path or a filter of the shape they must have (the HTTP fuzzing found a 500 with a NUL here).
        refused(() -> raw("/api/v1/objections?eventId=%00"), 400, "\"field\":\"eventId\"");
        refused(() -> raw("/api/v1/objections?unitId=K%20J"), 400, "\"field\":\"unitId\"");
        refused(() -> raw("/api/v1/facts/a%01b"), 400, "\"field\":\"path\"");
        // Text PostgreSQL cannot store was a 500 (reliability probe D5); a reason may break lines, not hide marks.
        refused(
                () -> file(unitToken(unit), Map.of("eventId", eventId, "reason", "撤销\u0000")),
                400,
                "\"field\":\"reason\"",
                "control characters");
        refused(
                () -> file(unitToken(unit), Map.of("eventId", eventId, "reason", "撤销\u202E")),
                400,
                "\"field\":\"reason\"",
                "direction");
        refused(() -> file(unitToken(unit), Map.of("eventId", eventId, "reason", "长".repeat(30_000))), 413);
        refused(
                () -> file(unitToken(unit), Map.of("eventId", UUID.randomUUID().toString(), "reason", "x")),
                404,
                "no fact");
        refused(() -> file(unitToken("SFJ"), Map.of("eventId", eventId, "reason", "x")), 403, "its own facts");
        refused(() -> file(providerToken(), Map.of("eventId", eventId, "reason", "x")), 403, "role UNIT");

        String open = fileObjection(fact);
        refused(() -> file(unitToken(unit), Map.of("eventId", eventId, "reason", "again")), 409, "already open", open);
    }

    @Test
    void decisionAndReviewRefusals() {
        String unit = Events.newUnitId();
        String id = fileObjection(knownFact(unit));
        String decision = "/api/v1/objections/" + id + "/decision";
        String review = "/api/v1/objections/" + id + "/review";

        refused(() -> post(decision, providerToken("SFJ"), Map.of("finding", "NOT_TRUE")), 403, "provider JGW");
        refused(() -> post(decision, unitToken(unit), Map.of("finding", "NOT_TRUE")), 403, "provider JGW");
        // JGW's staff following JGW's own evaluation hold JGW unit tokens: they do not decide as JGW (review Z4).
        refused(() -> post(decision, unitToken(PROVIDER), Map.of("finding", "NOT_TRUE")), 403, "role PROVIDER");
        refused(
                () -> http.get()
                        .uri("/api/v1/objections/" + id)
                        .header("Authorization", "Bearer " + unitToken(PROVIDER))
                        .exchange(),
                403);
        refused(() -> post(decision, providerToken(), Map.of("finding", "MAYBE")), 400, "\"field\":\"finding\"");
        refused(() -> post(decision, providerToken(), Map.of()), 400, "\"field\":\"finding\"", "is required");
        refused(() -> post(decision, providerToken(), Map.of("finding", "TRUE")), 400, "\"field\":\"remedy\"");
        refused(
                () -> post(decision, providerToken(), Map.of("finding", "TRUE", "remedy", "AMEND")),
                400,
                "\"field\":\"amendment\"");
        refused(
                () -> post(
                        decision,
                        providerToken(),
                        Map.of(
                                "finding",
                                "TRUE",
                                "remedy",
                                "AMEND",
                                "amendment",
                                Map.of("outcome", "NO_SUCH_OUTCOME", "occurredOn", "2026-01-05"))),
                400,
                "\"field\":\"amendment.outcome\"");
        refused(
                () -> post(
                        decision,
                        providerToken(),
                        Map.of(
                                "finding",
                                "TRUE",
                                "remedy",
                                "AMEND",
                                "amendment",
                                Map.of("outcome", "TALK_OR_CRITICISM"))),
                400,
                "\"field\":\"amendment.occurredOn\"");
        refused(
                () -> post(decision, providerToken(), Map.of("finding", "NOT_TRUE", "remedy", "DELETE")),
                400,
                "\"field\":\"remedy\"");
        refused(
                () -> post(
                        "/api/v1/objections/" + UUID.randomUUID() + "/decision",
                        providerToken(),
                        Map.of("finding", "NOT_TRUE")),
                404,
                "no such objection");
        // Nothing to review while the provider has not decided.
        refused(() -> post(review, creditOfficeToken(), Map.of("decision", "APPROVE")), 409, "AWAITING_PROVIDER");

        post(decision, providerToken(), Map.of("finding", "TRUE", "remedy", "DELETE"))
                .expectStatus()
                .isOk();
        refused(() -> post(decision, providerToken(), Map.of("finding", "NOT_TRUE")), 409, "AWAITING_REVIEW");
        refused(() -> post(review, providerToken(), Map.of("decision", "APPROVE")), 403, "credit office");
        refused(() -> post(review, TestTokens.token("SFJ", "CREDIT_OFFICE"), Map.of("decision", "APPROVE")), 403);
        refused(() -> post(review, creditOfficeToken(), Map.of("decision", "RETURN")), 400, "\"field\":\"comment\"");
        refused(() -> post(review, creditOfficeToken(), Map.of("decision", "LATER")), 400, "\"field\":\"decision\"");
    }

    @Test
    void readingRefusals() {
        String unit = Events.newUnitId();
        String id = fileObjection(knownFact(unit));
        refused(() -> get("/api/v1/objections/" + id, unitToken("SFJ")), 403);
        refused(() -> get("/api/v1/objections/" + UUID.randomUUID(), creditOfficeToken()), 404);
        refused(() -> get("/api/v1/objections", TestTokens.token("CZJ", "CONSUMER")), 403);
        refused(() -> get("/api/v1/objections?status=OPEN", creditOfficeToken()), 400, "\"field\":\"status\"");
        refused(() -> get("/api/v1/objections?overdue=yes", creditOfficeToken()), 400, "\"field\":\"overdue\"");
        refused(() -> get("/api/v1/objections?limit=0", creditOfficeToken()), 400, "\"field\":\"limit\"");
        refused(() -> http.get().uri("/api/v1/objections").exchange(), 401);
    }

    /** Audit D5: reads of this service were audited nowhere; now they go to the one audit trail (API.md). */
    @Test
    void readsAreAuditedOnTheAuditTopicRefusedOnesTooWritesAreNot() {
        String unit = Events.newUnitId();
        String id = fileObjection(knownFact(unit));
        try (TopicReader audit = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.AUDIT)) {
            get("/api/v1/objections/" + id, unitToken(unit)).expectStatus().isOk();
            get("/api/v1/objections/" + id, unitToken("SFJ")).expectStatus().isForbidden();
            var records = audit.readUntil(r -> r instanceof AuditedRead a
                    && a.getOrg().equals("SFJ")
                    && a.getResource().equals("/api/v1/objections/" + id));
            List<AuditedRead> reads = records.stream()
                    .map(r -> r.value())
                    .filter(r -> r instanceof AuditedRead a && a.getResource().endsWith(id))
                    .map(AuditedRead.class::cast)
                    .toList();
            assertThat(reads).hasSize(2);
            assertThat(reads.get(0).getService()).isEqualTo("objection-service");
            assertThat(reads.get(0).getOrg()).isEqualTo(unit);
            assertThat(reads.get(0).getRoles()).isEqualTo("UNIT");
            assertThat(reads.get(0).getMethod()).isEqualTo("GET");
            assertThat(reads.get(0).getStatus()).isEqualTo(200);
            assertThat(reads.get(1).getStatus()).isEqualTo(403);
            // the filing above was a write: recorded in the objection's history, not in the read audit
            assertThat(records.stream().map(r -> r.value()))
                    .noneMatch(r -> r instanceof AuditedRead a && a.getMethod().equals("POST"));
        }
    }

    @Test
    void concurrentObjectionsToOneFactOpenExactlyOne() throws Exception {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);
        var pool = Executors.newFixedThreadPool(8);
        var start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String reason = "同时提交 " + i;
            answers.add(pool.submit(() -> {
                start.await();
                return file(unitToken(unit), Map.of("eventId", fact.getEventId(), "reason", reason))
                        .returnResult(String.class)
                        .getStatus()
                        .value();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var a : answers) {
            statuses.add(a.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(201, 409).filteredOn(st -> st == 201).hasSize(1);
        assertThat(count("SELECT count(*) FROM objections WHERE event_id = '" + fact.getEventId() + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM objection_history h JOIN objections o USING (objection_id)"
                        + " WHERE o.event_id = '" + fact.getEventId() + "'"))
                .isEqualTo(1);
    }
}
