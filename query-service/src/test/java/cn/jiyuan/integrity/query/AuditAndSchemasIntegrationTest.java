package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.SchemaHistory;
import cn.jiyuan.integrity.schemas.avro.AuditedRead;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

class AuditAndSchemasIntegrationTest extends QueryTestBase {

    private List<Map<?, ?>> audit(String query) {
        Map<?, ?> body = ok("/api/v1/audit" + query, creditOffice());
        return ((List<?>) body.get("entries"))
                .stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).toList();
    }

    @Test
    void everyReadIsAuditedRefusedOnesTooAndTheCreditOfficeCountsThemPerPurpose() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(5));
        awaitApplied(unit, 1);
        String score = "/api/v1/units/" + unit + "/score";
        String consumerOrg = "C" + unit.substring(1, 6);

        get(score + "?asOf=" + today().minusDays(1), consumer(consumerOrg), "FISCAL_FUNDING")
                .expectStatus()
                .isOk();
        get(score, consumer(consumerOrg), "FISCAL_FUNDING").expectStatus().isOk();
        get(score, consumer(consumerOrg), "CADRE_SELECTION").expectStatus().isOk();
        get(score, consumer(consumerOrg)).expectStatus().isBadRequest(); // no purpose: refused, still audited
        get(score, TestTokens.token("SFJ", "UNIT")).expectStatus().isForbidden();
        http.get().uri(score).exchange().expectStatus().isUnauthorized();

        List<Map<?, ?>> mine = audit("?org=" + consumerOrg);
        assertThat(mine).hasSize(4);
        Map<?, ?> first = mine.get(mine.size() - 1); // newest first
        assertThat(first.get("subject")).isEqualTo("test-" + consumerOrg.toLowerCase());
        assertThat(first.get("roles")).isEqualTo("CONSUMER");
        assertThat(first.get("purpose")).isEqualTo("FISCAL_FUNDING");
        assertThat(first.get("method")).isEqualTo("GET");
        assertThat(first.get("resource")).isEqualTo(score + "?asOf=" + today().minusDays(1));
        assertThat(first.get("unitId")).isEqualTo(unit);
        assertThat(first.get("asOf")).isEqualTo(today().minusDays(1).toString());
        assertThat(first.get("status")).isEqualTo(200);
        assertThat(first.get("at")).isNotNull();
        assertThat(mine.get(0).get("status")).isEqualTo(400);

        assertThat(audit("?org=SFJ")).anySatisfy(e -> {
            assertThat(e.get("resource")).isEqualTo(score);
            assertThat(e.get("status")).isEqualTo(403);
        });
        // Refusals without a token are counted per client address and written once a window (1 s here).
        await().untilAsserted(() -> assertThat(audit("?org=-")).anySatisfy(e -> {
            assertThat(e.get("subject")).isEqualTo("anonymous@127.0.0.1");
            assertThat(e.get("status")).isEqualTo(401);
            assertThat((Integer) e.get("repeated")).isPositive();
        }));
        assertThat(audit("?org=" + consumerOrg + "&purpose=CADRE_SELECTION")).hasSize(1);
        assertThat(audit("?org=" + consumerOrg + "&from=" + today() + "&to=" + today()))
                .hasSize(4);
        assertThat(audit("?org=" + consumerOrg + "&to=" + today().minusDays(1))).isEmpty();

        Map<?, ?> summary = ok("/api/v1/audit/summary?year=" + Year.now().getValue(), creditOffice());
        List<String> counts = ((List<?>) summary.get("counts"))
                .stream()
                        .map(c -> (Map<?, ?>) c)
                        .filter(c -> consumerOrg.equals(c.get("org")))
                        .map(c -> c.get("purpose") + "=" + c.get("reads"))
                        .toList();
        assertThat(counts).containsExactlyInAnyOrder("CADRE_SELECTION=1", "FISCAL_FUNDING=2");

        assertProblem(get("/api/v1/audit", consumer(consumerOrg), "HONOURS"), 403, "credit office");
        assertProblem(get("/api/v1/audit?purpose=GOSSIP", creditOffice()), 400, "\"field\":\"purpose\"");
        assertProblem(get("/api/v1/audit?from=yesterday", creditOffice()), 400, "\"field\":\"from\"");

        // Append-only: the table refuses changes.
        assertThatThrownBy(
                        () -> db.sql("UPDATE audit_log SET status = 200").then().block())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("DELETE FROM audit_log").then().block()).hasMessageContaining("append-only");
    }

    /**
     * Review I1: percent-encoded paths reached the handlers but escaped the audit, or were audited under the encoded
     * unit id. Each is now audited once, as the decoded path, with the unit the handler was routed to.
     */
    @Test
    void percentEncodedPathsAreAuditedAsTheReadsTheyAre() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(5));
        awaitApplied(unit, 1);
        String org = "E" + unit.substring(1, 6);
        String encodedFirst = String.format("%%%02X", (int) unit.charAt(0)) + unit.substring(1);
        String[] paths = {
            "/%61pi/v1/units/" + unit + "/events",
            "/api/v1/units/" + encodedFirst + "/score",
            "/api/v1/%75nits/" + unit + "/score"
        };
        for (String path : paths) {
            http.get()
                    .uri(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + consumer(org))
                    .header("X-Query-Purpose", "CADRE_SELECTION")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        List<Map<?, ?>> reads = audit("?org=" + org);
        assertThat(reads).hasSize(3).allSatisfy(e -> {
            assertThat(e.get("unitId")).isEqualTo(unit);
            assertThat((String) e.get("resource")).startsWith("/api/v1/units/" + unit + "/");
        });
        Map<?, ?> summary = ok("/api/v1/audit/summary?year=" + Year.now().getValue(), creditOffice());
        assertThat(((List<?>) summary.get("counts")).stream().map(c -> (Map<?, ?>) c))
                .anySatisfy(c -> {
                    assertThat(c.get("org")).isEqualTo(org);
                    assertThat(c.get("reads")).isEqualTo(3);
                });
    }

    /** Review I10: a caller refused before any controller was recorded as anonymous. */
    @Test
    void aCallerRefusedBeforeTheControllerIsAuditedAsThemselves() {
        String org = "R" + Events.newUnitId().substring(1, 6);
        get("/api/v1/audit/summary", TestTokens.token(org, "UNIT"))
                .expectStatus()
                .isBadRequest(); // no year
        get("/api/v1/no-such-thing", TestTokens.token(org, "UNIT"))
                .expectStatus()
                .isNotFound();
        assertThat(audit("?org=" + org))
                .extracting(e -> e.get("subject") + " " + e.get("status"))
                .containsExactlyInAnyOrder("test-" + org.toLowerCase() + " 400", "test-" + org.toLowerCase() + " 404");
    }

    /** Review D2: each unauthenticated request wrote a row of up to 4 KB that nothing may delete. */
    @Test
    void anUnauthenticatedFloodWritesAFewShortRows() {
        long rowsBefore = count("SELECT count(*) FROM audit_log");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        String query = "a".repeat(3900);
        List<Integer> statuses = Flux.range(0, 1000)
                .flatMap(
                        i -> client.get()
                                .uri("/api/v1/flood" + i + "?" + query)
                                .exchangeToMono(r -> r.releaseBody()
                                        .thenReturn(r.statusCode().value())),
                        32)
                .collectList()
                .block(Duration.ofSeconds(60));
        assertThat(statuses).hasSize(1000).containsOnly(401);
        await().until(() ->
                count("SELECT coalesce(sum(repeated), 0) FROM audit_log WHERE resource LIKE '/api/v1/flood%'") == 1000);
        assertThat(count("SELECT count(*) FROM audit_log") - rowsBefore).isLessThanOrEqualTo(10);
        assertThat(count("SELECT max(length(resource)) FROM audit_log")).isLessThanOrEqualTo(512);
    }

    /** Audit D5: one trail — the objection service's reads are listed beside the query service's own. */
    @Test
    void readsOfOtherServicesFromTheAuditTopicAreListedInTheOneTrail() {
        String org = "A" + Events.newUnitId().substring(1, 6);
        events.send(
                IntegrityTopics.AUDIT.name(),
                org,
                AuditedRead.newBuilder()
                        .setService("objection-service")
                        .setAt(Events.now())
                        .setSubject("u-" + org)
                        .setOrg(org)
                        .setRoles("UNIT")
                        .setPurpose(null)
                        .setMethod("GET")
                        .setResource("/api/v1/objections/x\u0000y")
                        .setUnitId(org)
                        .setStatus(200)
                        .build());
        await().untilAsserted(() -> assertThat(audit("?org=" + org))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("service")).isEqualTo("objection-service");
                    assertThat(e.get("subject")).isEqualTo("u-" + org);
                    assertThat(e.get("resource"))
                            .isEqualTo("/api/v1/objections/x\ufffdy"); // storable, never a poison record
                    assertThat(e.get("status")).isEqualTo(200);
                }));
        assertThat(audit("?org=XYB"))
                .allSatisfy(e -> assertThat(e.get("service")).isEqualTo("query-service"));
    }

    @Test
    void theSchemasAreServedByTheFingerprintAsItAppearsInAMessage() {
        // bytes 2–9 of a message, hex-encoded as they come: what a subscriber in another language does
        byte[] message = new AvroSingleObjectSerializer()
                .serialize(
                        "integrity.units.v1",
                        new UnitRegistration("KJZ", "克井镇", true, Instant.parse("2026-01-05T01:00:00Z"), "xyb"));
        assertThat(message[0]).isEqualTo((byte) 0xC3);
        assertThat(message[1]).isEqualTo((byte) 0x01);
        String hex = HexFormat.of().formatHex(message, 2, 10);
        String schema = get("/api/v1/schemas/" + hex, consumer("CZJ"), "HONOURS")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Schema parsed = new Schema.Parser().parse(schema);
        assertThat(parsed.getName()).isEqualTo("UnitRegistration");
        assertThat(SchemaHistory.fingerprint(parsed))
                .isEqualTo(SchemaHistory.fingerprint(UnitRegistration.getClassSchema()));

        Map<?, ?> all = ok("/api/v1/schemas", creditOffice());
        assertThat(((List<?>) all.get("schemas")).stream().map(s -> (Map<?, ?>) s))
                .anySatisfy(s -> {
                    assertThat(s.get("record")).isEqualTo("UnitRegistration");
                    assertThat(s.get("fingerprint")).isEqualTo(hex);
                })
                .hasSizeGreaterThanOrEqualTo(10);
        long value = SchemaHistory.fingerprint(CreditFact.getClassSchema());
        assertProblem(get("/api/v1/schemas/" + String.format("%016x", value), creditOffice()), 404);
        assertProblem(get("/api/v1/schemas/0000000000000000", creditOffice()), 404);
        assertProblem(get("/api/v1/schemas/xyz", creditOffice()), 400, "\"field\":\"fingerprint\"");
    }
}
