package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.schemas.avro.CorrectionType;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionFinding;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.ReviewOutcome;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import cn.jiyuan.integrity.support.testing.Events;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class ObjectionWorkflowIntegrationTest extends ObjectionTestBase {

    private static final ScoreFold FOLD = ScoreFold.standard();

    private LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }

    private Map<?, ?> objection(String id, String token) {
        return get("/api/v1/objections/" + id, token)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<String> steps(Map<?, ?> objection) {
        return ((List<?>) objection.get("history"))
                .stream().map(h -> (String) ((Map<?, ?>) h).get("step")).toList();
    }

    private static List<SpecificRecord> values(String objectionId) {
        return objectionRecords(objectionId).stream().map(r -> r.value()).toList();
    }

    /** The score of the fact's unit with it (and a correction), as the rules library folds them. */
    private static BigDecimal score(CreditFact f, FactCorrected correction, LocalDate on) {
        List<Fact> facts =
                correction == null ? List.of(RulesFacts.of(f)) : List.of(RulesFacts.of(f), RulesFacts.of(correction));
        return FOLD.score(f.getUnitId(), facts, on).score();
    }

    @Test
    void notTrueClosesTheObjectionAndChangesNothing() {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);

        Map<?, ?> filed = file(unitToken(unit), Map.of("eventId", fact.getEventId(), "reason", "并无此事"))
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches("Location", "/api/v1/objections/[0-9a-f-]{36}")
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String id = (String) filed.get("objectionId");
        assertThat(filed.get("status")).isEqualTo("AWAITING_PROVIDER");
        assertThat(filed.get("dueOn"))
                .isEqualTo(WorkdayCalendar.standard().objectionDueOn(today()).toString());
        assertThat(filed.get("providerOrg")).isEqualTo(PROVIDER);
        assertThat(filed.get("overdue")).isEqualTo(false);

        Map<?, ?> decided = post(
                        "/api/v1/objections/" + id + "/decision",
                        providerToken(),
                        Map.of("finding", "NOT_TRUE", "explanation", "经核实，处分决定有效"))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(decided.get("status")).isEqualTo("CLOSED_NOT_TRUE");
        assertThat(steps(decided)).containsExactly("FILED", "FOUND_NOT_TRUE");
        Map<?, ?> second = (Map<?, ?>) ((List<?>) decided.get("history")).get(1);
        assertThat(second.get("by")).isEqualTo("test-jgw");
        assertThat(second.get("byOrg")).isEqualTo(PROVIDER);
        assertThat(second.get("text")).isEqualTo("经核实，处分决定有效");

        awaitOutboxDrained();
        List<SpecificRecord> published = values(id);
        assertThat(published).hasSize(2);
        assertThat(published.get(0)).isInstanceOfSatisfying(ObjectionFiled.class, f -> {
            assertThat(f.getEventId()).isEqualTo(fact.getEventId());
            assertThat(f.getReason()).isEqualTo("并无此事");
            assertThat(f.getBy()).isEqualTo("test-" + unit.toLowerCase());
        });
        assertThat(published.get(1))
                .isInstanceOfSatisfying(
                        ObjectionDecided.class, d -> assertThat(d.getFinding()).isEqualTo(ObjectionFinding.NOT_TRUE));
        // Keyed by unit id, like every topic: co-partitioned with the unit's facts.
        assertThat(objectionRecords(id)).allSatisfy(r -> assertThat(r.key()).isEqualTo(unit));
        // No correction: the fact still counts (4.1 LIGHT_DISCIPLINE − 2).
        assertThat(score(fact, null, today())).isEqualByComparingTo("98.00");

        assertThat(standing(fact.getEventId(), unitToken(unit))).isEqualTo("FOUND_NOT_TRUE");

        // Closed: a new objection to the same fact may be filed.
        file(unitToken(unit), Map.of("eventId", fact.getEventId(), "reason", "补充材料后再次申请"))
                .expectStatus()
                .isCreated();
        assertThat(standing(fact.getEventId(), providerToken())).isEqualTo("UNDER_OBJECTION");
        assertProblem(get("/api/v1/facts/" + fact.getEventId(), unitToken("SFJ")), 403);
        assertProblem(get("/api/v1/facts/" + UUID.randomUUID(), creditOfficeToken()), 404);
    }

    /** The fact's standing in the dispute workflow, as the objection service shows it. */
    private String standing(String eventId, String token) {
        Map<?, ?> body = get("/api/v1/facts/" + eventId, token)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (String) body.get("status");
    }

    @Test
    void anApprovedDeletionIsPublishedAsACorrectionAndRetractsTheFact() {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);
        assertThat(standing(fact.getEventId(), unitToken(unit))).isEqualTo("UNDISPUTED");
        String id = fileObjection(fact);
        assertThat(standing(fact.getEventId(), unitToken(unit))).isEqualTo("UNDER_OBJECTION");

        Map<?, ?> proposed = post(
                        "/api/v1/objections/" + id + "/decision",
                        providerToken(),
                        Map.of("finding", "TRUE", "remedy", "DELETE", "explanation", "处分已撤销"))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(proposed.get("status")).isEqualTo("AWAITING_REVIEW");
        assertThat(proposed.get("proposedRemedy")).isEqualTo("DELETE");

        Map<?, ?> approved = post(
                        "/api/v1/objections/" + id + "/review", creditOfficeToken(), Map.of("decision", "APPROVE"))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(approved.get("status")).isEqualTo("CLOSED_CORRECTED");
        assertThat(steps(approved)).containsExactly("FILED", "REMEDY_PROPOSED", "REMEDY_APPROVED");
        assertThat(standing(fact.getEventId(), creditOfficeToken())).isEqualTo("CORRECTED");

        awaitOutboxDrained();
        List<SpecificRecord> published = values(id);
        assertThat(published)
                .extracting(r -> r.getClass().getSimpleName())
                .containsExactly("ObjectionFiled", "ObjectionDecided", "ObjectionReviewed", "FactCorrected");
        assertThat(published.get(2))
                .isInstanceOfSatisfying(
                        ObjectionReviewed.class,
                        r -> assertThat(r.getDecision()).isEqualTo(ReviewOutcome.APPROVE));
        FactCorrected correction = (FactCorrected) published.get(3);
        assertThat(correction.getKind()).isEqualTo(CorrectionType.DELETE);
        assertThat(correction.getEventId()).isEqualTo(fact.getEventId());
        assertThat(correction.getUnitId()).isEqualTo(unit);
        assertThat(correction.getApprovedBy()).isEqualTo("test-xyb");
        // What the scoring service does with it: the fact no longer counts.
        assertThat(score(fact, null, today())).isEqualByComparingTo("98.00");
        assertThat(score(fact, correction, today())).isEqualByComparingTo("100.00");

        // The fact is retracted: no further objection to it.
        assertProblem(file(unitToken(unit), Map.of("eventId", fact.getEventId(), "reason", "再议")), 409, "retracted");
    }

    @Test
    void anApprovedAmendmentCarriesTheAmendedOutcome() {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);
        String id = fileObjection(fact);
        LocalDate on = fact.getOccurredOn().minusDays(1);

        Map<?, ?> proposed = post(
                        "/api/v1/objections/" + id + "/decision",
                        providerToken(),
                        Map.of(
                                "finding",
                                "TRUE",
                                "remedy",
                                "AMEND",
                                "amendment",
                                Map.of("outcome", "TALK_OR_CRITICISM", "occurredOn", on.toString())))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(proposed.get("proposedAmendment"))
                .isEqualTo(Map.of("outcome", "TALK_OR_CRITICISM", "occurredOn", on.toString()));
        post(
                        "/api/v1/objections/" + id + "/review",
                        creditOfficeToken(),
                        Map.of("decision", "APPROVE", "comment", "同意"))
                .expectStatus()
                .isOk();

        awaitOutboxDrained();
        FactCorrected correction = values(id).stream()
                .filter(FactCorrected.class::isInstance)
                .map(FactCorrected.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(correction.getKind()).isEqualTo(CorrectionType.AMEND);
        assertThat(correction.getOutcome()).isEqualTo("TALK_OR_CRITICISM");
        assertThat(correction.getOccurredOn()).isEqualTo(on);
        // 4.1 LIGHT_DISCIPLINE (− 2) amended to TALK_OR_CRITICISM (− 1).
        assertThat(score(fact, correction, today())).isEqualByComparingTo("99.00");
        // An amended fact stays disputable.
        file(unitToken(unit), Map.of("eventId", fact.getEventId(), "reason", "更正后的事实仍有误"))
                .expectStatus()
                .isCreated();
    }

    @Test
    void aReturnedRemedyGoesBackToTheProviderWithAFreshDeadline() {
        String unit = Events.newUnitId();
        CreditFact fact = knownFact(unit);
        String id = fileObjection(fact);
        post("/api/v1/objections/" + id + "/decision", providerToken(), Map.of("finding", "TRUE", "remedy", "DELETE"))
                .expectStatus()
                .isOk();

        clock.advance(Duration.ofDays(3));
        try {
            Map<?, ?> returned = post(
                            "/api/v1/objections/" + id + "/review",
                            creditOfficeToken(),
                            Map.of("decision", "RETURN", "comment", "请补充撤销处分的文件"))
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            LocalDate fresh = WorkdayCalendar.standard().objectionDueOn(today());
            assertThat(returned.get("status")).isEqualTo("AWAITING_PROVIDER");
            assertThat(returned.get("dueOn")).isEqualTo(fresh.toString());
            assertThat(returned.get("proposedRemedy")).isNull();
            Map<?, ?> last = (Map<?, ?>) ((List<?>) returned.get("history")).get(2);
            assertThat(last.get("step")).isEqualTo("REMEDY_RETURNED");
            assertThat(last.get("text")).isEqualTo("请补充撤销处分的文件");
            assertThat(last.get("details")).isEqualTo(Map.of("decision", "RETURN", "dueOn", fresh.toString()));

            // Back with the provider, who decides again.
            post("/api/v1/objections/" + id + "/decision", providerToken(), Map.of("finding", "NOT_TRUE"))
                    .expectStatus()
                    .isOk();
            awaitOutboxDrained();
            assertThat(values(id))
                    .filteredOn(ObjectionReviewed.class::isInstance)
                    .singleElement()
                    .satisfies(
                            r -> assertThat(((ObjectionReviewed) r).getDueOn()).isEqualTo(fresh));
        } finally {
            clock.reset();
        }
    }

    @Test
    void eachCallerListsWhatItMayRead() {
        String unit = Events.newUnitId();
        String other = Events.newUnitId();
        String mine = fileObjection(knownFact(unit));
        String theirs = fileObjection(knownFact(other));

        assertThat(ids(get("/api/v1/objections", unitToken(unit)))).containsExactly(mine);
        assertThat(ids(get("/api/v1/objections?unitId=" + other, unitToken(unit))))
                .isEmpty();
        assertThat(ids(get("/api/v1/objections?providerOrg=JGW&status=AWAITING_PROVIDER", providerToken())))
                .contains(mine, theirs);
        assertThat(ids(get("/api/v1/objections?providerOrg=JGW", providerToken("SFJ"))))
                .isEmpty();
        assertThat(ids(get("/api/v1/objections?unitId=" + other, creditOfficeToken())))
                .containsExactly(theirs);
        assertThat(ids(get("/api/v1/objections?unitId=" + other + "&status=CLOSED_NOT_TRUE", creditOfficeToken())))
                .isEmpty();

        assertThat(objection(mine, unitToken(unit)).get("unitId")).isEqualTo(unit);
        assertThat(objection(mine, providerToken()).get("unitId")).isEqualTo(unit);
        assertThat(objection(mine, creditOfficeToken()).get("unitId")).isEqualTo(unit);
        assertProblem(get("/api/v1/objections/" + mine, unitToken(other)), 403, "may read only");
        assertProblem(get("/api/v1/objections/" + mine, providerToken("SFJ")), 403, "may read only");
    }

    private static List<String> ids(WebTestClient.ResponseSpec r) {
        Map<?, ?> body =
                r.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<?>) body.get("objections"))
                .stream().map(o -> (String) ((Map<?, ?>) o).get("objectionId")).toList();
    }
}
