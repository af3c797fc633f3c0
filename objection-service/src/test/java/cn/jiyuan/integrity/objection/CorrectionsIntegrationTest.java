package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.avro.CorrectionStep;
import cn.jiyuan.integrity.schemas.avro.CorrectionStepKind;
import cn.jiyuan.integrity.schemas.avro.CorrectionType;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** SCORING.md §7.5 and API.md: corrections without an objection, end to end through the database and the topic. */
class CorrectionsIntegrationTest extends ObjectionTestBase {

    private Map<?, ?> body(WebTestClient.ResponseSpec r, int status) {
        return r.expectStatus()
                .isEqualTo(status)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<SpecificRecord> published(String correctionId) {
        return objectionRecords(correctionId).stream().map(r -> r.value()).toList();
    }

    @Test
    void aProvidersRequestIsReviewedLikeARemedyAndAppliedAsACorrection() {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);
        Map<?, ?> requested = body(
                post(
                        "/api/v1/corrections",
                        providerToken(),
                        Map.of("eventId", fact.getEventId(), "remedy", "DELETE", "explanation", "录入错误，应予删除")),
                201);
        String id = (String) requested.get("correctionId");
        assertThat(requested.get("status")).isEqualTo("AWAITING_REVIEW");
        assertThat(requested.get("exOfficio")).isEqualTo(false);
        assertThat(((Map<?, ?>) requested.get("requested")).get("byOrg")).isEqualTo("JGW");

        // an open request holds the fact: no objection meanwhile, and no second request
        assertProblem(file(unitToken(unit), Map.of("eventId", fact.getEventId(), "reason", "不属实")), 409);
        assertProblem(
                post(
                        "/api/v1/corrections",
                        providerToken(),
                        Map.of("eventId", fact.getEventId(), "remedy", "DELETE", "explanation", "再次")),
                409);
        // only the credit office reviews; a return needs a comment
        assertProblem(
                post("/api/v1/corrections/" + id + "/review", providerToken(), Map.of("decision", "APPROVE")), 403);
        assertProblem(
                post("/api/v1/corrections/" + id + "/review", creditOfficeToken(), Map.of("decision", "RETURN")),
                400,
                "\"field\":\"comment\"");
        // visible as objections are
        body(get("/api/v1/corrections/" + id, unitToken(unit)), 200);
        assertProblem(get("/api/v1/corrections/" + id, unitToken("SFJ")), 403);
        assertThat((List<?>) body(get("/api/v1/corrections?status=AWAITING_REVIEW", providerToken()), 200)
                        .get("corrections"))
                .anySatisfy(c -> assertThat(((Map<?, ?>) c).get("correctionId")).isEqualTo(id));

        Map<?, ?> approved = body(
                post(
                        "/api/v1/corrections/" + id + "/review",
                        creditOfficeToken(),
                        Map.of("decision", "APPROVE", "comment", "同意")),
                200);
        assertThat(approved.get("status")).isEqualTo("APPLIED");
        assertThat(count("SELECT count(*) FROM facts WHERE retracted AND event_id = '" + fact.getEventId() + "'"))
                .isEqualTo(1);
        awaitOutboxDrained();
        List<SpecificRecord> records = published(id);
        assertThat(records)
                .anySatisfy(r -> assertThat(r)
                        .isInstanceOfSatisfying(
                                CorrectionStep.class,
                                s -> assertThat(s.getStep()).isEqualTo(CorrectionStepKind.REQUESTED)));
        assertThat(records)
                .anySatisfy(r -> assertThat(r)
                        .isInstanceOfSatisfying(
                                CorrectionStep.class,
                                s -> assertThat(s.getStep()).isEqualTo(CorrectionStepKind.APPROVED)));
        assertThat(records)
                .anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(FactCorrected.class, c -> {
                    assertThat(c.getEventId()).isEqualTo(fact.getEventId());
                    assertThat(c.getKind()).isEqualTo(CorrectionType.DELETE);
                }));
    }

    @Test
    void theCreditOfficeCorrectsAFactItselfAtOnceAndOthersCannot() {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);
        Map<String, Object> amend = Map.of(
                "eventId",
                fact.getEventId(),
                "remedy",
                "AMEND",
                "amendment",
                Map.of(
                        "outcome",
                        "TALK_OR_CRITICISM",
                        "occurredOn",
                        fact.getOccurredOn().toString()),
                "explanation",
                "依职权更正：处分种类录入有误");
        var before = footprint();
        assertProblem(post("/api/v1/corrections", TestTokens.token("SFJ", "PROVIDER"), amend), 403);
        assertProblem(post("/api/v1/corrections", unitToken(unit), amend), 403);
        assertProblem(
                post("/api/v1/corrections", providerToken(), Map.of("eventId", fact.getEventId(), "remedy", "DELETE")),
                400,
                "\"field\":\"explanation\"");
        assertProblem(
                post(
                        "/api/v1/corrections",
                        providerToken(),
                        Map.of(
                                "eventId",
                                fact.getEventId(),
                                "remedy",
                                "AMEND",
                                "amendment",
                                Map.of("outcome", "NO_SUCH", "occurredOn", "2026-01-01"),
                                "explanation",
                                "x")),
                400,
                "amendment.outcome");
        assertThat(footprint()).isEqualTo(before);

        Map<?, ?> applied = body(post("/api/v1/corrections", creditOfficeToken(), amend), 201);
        assertThat(applied.get("status")).isEqualTo("APPLIED");
        assertThat(applied.get("exOfficio")).isEqualTo(true);
        awaitOutboxDrained();
        List<SpecificRecord> records = published((String) applied.get("correctionId"));
        assertThat(records)
                .anySatisfy(r -> assertThat(r)
                        .isInstanceOfSatisfying(
                                CorrectionStep.class,
                                s -> assertThat(s.getStep()).isEqualTo(CorrectionStepKind.CORRECTED_EX_OFFICIO)));
        assertThat(records)
                .anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(FactCorrected.class, c -> {
                    assertThat(c.getKind()).isEqualTo(CorrectionType.AMEND);
                    assertThat(c.getOutcome()).isEqualTo("TALK_OR_CRITICISM");
                }));
    }

    /** Audit D10: an amendment names a period exactly where a new fact of its outcome would. */
    @Test
    void anAmendmentToAnAssessmentNamesItsPeriodAndCarriesIt() {
        String unit = Events.newUnitId();
        LocalDate on = LocalDate.now().minusMonths(2).withDayOfMonth(10);
        CreditFact fact = Events.fact(unit, "5.3", "DOUBLE_PUBLICITY_LATE", null, on);
        events.send(fact, unit);
        Awaitility.await()
                .until(() -> count("SELECT count(*) FROM facts WHERE event_id = '" + fact.getEventId() + "'") == 1);
        Function<String, Map<String, Object>> amend = period -> {
            Map<String, Object> amendment =
                    new HashMap<>(Map.of("outcome", "ASSESSED", "points", 5.5, "occurredOn", on.toString()));
            if (period != null) {
                amendment.put("period", period);
            }
            return Map.of(
                    "eventId", fact.getEventId(), "remedy", "AMEND", "amendment", amendment, "explanation", "应为评估结果");
        };
        assertProblem(post("/api/v1/corrections", creditOfficeToken(), amend.apply(null)), 400, "amendment.period");
        String month = on.toString().substring(0, 7);
        Map<?, ?> applied = body(post("/api/v1/corrections", creditOfficeToken(), amend.apply(month)), 201);
        assertThat(((Map<?, ?>) applied.get("amendment")).get("period")).isEqualTo(month);
        awaitOutboxDrained();
        assertThat(published((String) applied.get("correctionId")))
                .anySatisfy(r -> assertThat(r)
                        .isInstanceOfSatisfying(
                                FactCorrected.class,
                                c -> assertThat(c.getPeriod()).isEqualTo(month)));
    }
}
