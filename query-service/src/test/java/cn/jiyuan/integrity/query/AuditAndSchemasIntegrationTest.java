package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.SchemaHistory;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.time.Year;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertThat(audit("?org=-")).anySatisfy(e -> {
            assertThat(e.get("subject")).isEqualTo("anonymous");
            assertThat(e.get("status")).isEqualTo(401);
        });
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

    @Test
    void theSchemasAreServedByFingerprint() {
        long fingerprint = SchemaHistory.fingerprint(CreditFact.getClassSchema());
        String hex = String.format("%016x", fingerprint);
        String schema = get("/api/v1/schemas/" + hex, consumer("CZJ"), "HONOURS")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(org.apache.avro.SchemaNormalization.parsingFingerprint64(
                        new org.apache.avro.Schema.Parser().parse(schema)))
                .isEqualTo(fingerprint);

        Map<?, ?> all = ok("/api/v1/schemas", creditOffice());
        assertThat(((List<?>) all.get("schemas")).stream().map(s -> (Map<?, ?>) s))
                .anySatisfy(s -> {
                    assertThat(s.get("record")).isEqualTo("CreditFact");
                    assertThat(s.get("fingerprint")).isEqualTo(hex);
                })
                .hasSizeGreaterThanOrEqualTo(10);
        assertProblem(get("/api/v1/schemas/0000000000000000", creditOffice()), 404);
        assertProblem(get("/api/v1/schemas/xyz", creditOffice()), 400, "\"field\":\"fingerprint\"");
    }
}
