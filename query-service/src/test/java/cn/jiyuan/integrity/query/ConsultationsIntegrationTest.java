package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.support.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Issue 16 §3 (第十三条): the register of who is to consult the results, and a year's expected against recorded. */
class ConsultationsIntegrationTest extends QueryTestBase {

    private WebTestClient.ResponseSpec put(String path, String token, Object body) {
        return http.put()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void theRegisterSaysWhoIsToConsultAndTheAuditTrailWhetherTheyDid() {
        String office = creditOffice();
        String duties = "/api/v1/consultation-duties/";
        // Bad requests name their field and write nothing.
        assertProblem(put(duties + "ZZB/PROMOTION", office, Map.of()), 400, "purpose");
        assertProblem(put(duties + "zzb/CADRE_SELECTION", office, Map.of()), 400, "org");
        assertProblem(put(duties + "ZZB/CADRE_SELECTION", office, Map.of("minimumReads", 0)), 400, "minimumReads");
        assertProblem(put(duties + "ZZB/CADRE_SELECTION", office, Map.of("extra", 1)), 400, "extra");
        assertProblem(put(duties + "ZZB/CADRE_SELECTION", consumer("ZZB"), Map.of()), 400, "X-Query-Purpose");
        assertProblem(
                put(duties + "ZZB/CADRE_SELECTION", TestTokens.token("SFJ", "PROVIDER"), Map.of()),
                403,
                "credit office");
        assertThat(count("SELECT count(*) FROM consultation_duties")).isZero();

        put(duties + "ZZB/CADRE_SELECTION", office, Map.of("minimumReads", 3, "note", "选拔任用前查询"))
                .expectStatus()
                .isCreated();
        put(duties + "ZZB/CADRE_SELECTION", office, Map.of("minimumReads", 2)) // replaces it from today
                .expectStatus()
                .isCreated();
        put(duties + "STHJJ/HONOURS", office, Map.of()).expectStatus().isCreated();

        // ZZB reads twice for cadre selection, once for another purpose, once without one (refused: not counted).
        String zzb = consumer("ZZB");
        get("/api/v1/rankings", zzb, "CADRE_SELECTION").expectStatus().isOk();
        get("/api/v1/rankings", zzb, "CADRE_SELECTION").expectStatus().isOk();
        get("/api/v1/rankings", zzb, "HONOURS").expectStatus().isOk();
        get("/api/v1/rankings", zzb).expectStatus().isBadRequest();

        Map<?, ?> report = await().until(
                        () -> ok("/api/v1/reports/consultations", office),
                        r -> ((List<?>) r.get("duties"))
                                .stream()
                                        .map(d -> (Map<?, ?>) d)
                                        .anyMatch(d -> "ZZB".equals(d.get("org"))
                                                && ((Number) d.get("reads")).longValue() >= 2));
        assertThat(report.get("year")).isEqualTo(today().getYear());
        List<Map<?, ?>> rows = new ArrayList<>();
        ((List<?>) report.get("duties")).forEach(d -> rows.add((Map<?, ?>) d));
        Map<?, ?> zzbDuty = rows.stream()
                .filter(d -> "ZZB".equals(d.get("org")) && d.get("minimumReads").equals(2))
                .findFirst()
                .orElseThrow();
        assertThat(zzbDuty.get("name")).isEqualTo("党工委组织部");
        assertThat(zzbDuty.get("reads")).isEqualTo(2);
        assertThat(zzbDuty.get("consulted")).isEqualTo(true);
        Map<?, ?> sthjj = rows.stream()
                .filter(d -> "STHJJ".equals(d.get("org")))
                .findFirst()
                .orElseThrow();
        assertThat(sthjj.get("reads")).isEqualTo(0);
        assertThat(sthjj.get("consulted")).isEqualTo(false);
        assertThat(report.get("consulted")).isEqualTo(1);

        // The register keeps its history; ending a duty sets its last day.
        http.delete()
                .uri(duties + "STHJJ/HONOURS")
                .header("Authorization", "Bearer " + office)
                .exchange()
                .expectStatus()
                .isOk();
        assertProblem(
                http.delete()
                        .uri(duties + "STHJJ/HONOURS")
                        .header("Authorization", "Bearer " + office)
                        .exchange(),
                404,
                "in force");
        List<?> register = (List<?>) ok("/api/v1/consultation-duties", office).get("duties");
        assertThat(register).hasSize(3);
        assertThat(register)
                .filteredOn(d -> "STHJJ".equals(((Map<?, ?>) d).get("org")))
                .singleElement()
                .satisfies(d -> assertThat(((Map<?, ?>) d).get("validUntil")).isEqualTo(today().toString()));
    }
}
