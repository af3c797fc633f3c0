package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Grading;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.FactPerson;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionFinding;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

class QueryIntegrationTest extends QueryTestBase {

    private static CreditFact fact(String unit, String indicator, String outcome, LocalDate on, int recordedDaysAgo) {
        return CreditFact.newBuilder(Events.fact(unit, indicator, outcome, null, on))
                .setRecordedAt(daysAgo(recordedDaysAgo))
                .build();
    }

    @Test
    void theScoreIsTheRulesLibrarysAndATodaysFactDoesNotChangeYesterday() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        CreditFact old = fact(unit, "1.1", "ENFORCEMENT_REVOKED", today().minusDays(40), 20); // − 2
        CreditFact todays = fact(unit, "4.1", "LIGHT_DISCIPLINE", today().minusDays(3), 0); // − 2, recorded today
        events.send(old, unit);
        events.send(todays, unit);
        awaitApplied(unit, 3);

        Map<?, ?> now = ok("/api/v1/units/" + unit + "/score", creditOffice());
        assertThat(now.get("unitId")).isEqualTo(unit);
        assertThat(now.get("asOf")).isEqualTo(today().toString());
        assertThat(new BigDecimal(now.get("score").toString())).isEqualByComparingTo("96.00");
        assertThat(new BigDecimal(now.get("rawScore").toString())).isEqualByComparingTo("96.00");
        assertThat(now.get("debtorListed")).isEqualTo(false);
        assertThat((List<?>) now.get("indicators")).hasSize(35);
        assertThat(now.get("grade")).isEqualTo("GOOD");

        Map<?, ?> yesterday = ok("/api/v1/units/" + unit + "/score?asOf=" + today().minusDays(1), creditOffice());
        assertThat(new BigDecimal(yesterday.get("score").toString())).isEqualByComparingTo("98.00");
        // Before the registration the unit did not take part.
        assertProblem(
                get("/api/v1/units/" + unit + "/score?asOf=" + today().minusDays(31), creditOffice()),
                404,
                "not registered");

        // Grade and rank are those of the whole ranking on that date, as the rules library grades it.
        Map<?, ?> ranking = ok("/api/v1/rankings", TestTokens.token("CZJ", "CONSUMER"), "FISCAL_FUNDING");
        List<?> units = (List<?>) ranking.get("units");
        Map<String, BigDecimal> scores = new HashMap<>();
        for (Object o : units) {
            Map<?, ?> u = (Map<?, ?>) o;
            scores.put((String) u.get("unitId"), new BigDecimal(u.get("score").toString()));
        }
        GradedUnit mine = Grading.grade(scores).stream()
                .filter(g -> g.unitId().equals(unit))
                .findFirst()
                .orElseThrow();
        assertThat(now.get("rank")).isEqualTo(mine.rank());
        assertThat(now.get("grade")).isEqualTo(mine.grade().name());
        Map<?, ?> first = (Map<?, ?>) units.get(0);
        assertThat(new BigDecimal(first.get("score").toString()))
                .isGreaterThanOrEqualTo(new BigDecimal(
                        ((Map<?, ?>) units.get(units.size() - 1)).get("score").toString()));
        assertThat(units)
                .anySatisfy(o -> assertThat(((Map<?, ?>) o).get("name")).isEqualTo("单位" + unit));
    }

    private Map<?, ?> ok(String path, String token, String purpose) {
        return get(path, token, purpose)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void aListingCapsFromItsRecordedDateAndARetractionAppliesFromItsOwn() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(60));
        CreditFact revoked = fact(unit, "1.1", "ENFORCEMENT_REVOKED", today().minusDays(50), 40); // − 2
        events.send(revoked, unit);
        DebtorListing listing = new DebtorListing(
                UUID.randomUUID().toString(),
                "(2026)豫9001执9号",
                unit,
                DebtorListingStatus.LISTED,
                daysAgo(20),
                "SFY",
                "t");
        events.send(listing, unit);
        FactCorrected deletion = FactCorrected.newBuilder(Events.deletion(revoked))
                .setRecordedAt(daysAgo(10))
                .build();
        events.send(deletion, unit);
        awaitApplied(unit, 4);

        assertThat(score(unit, 30)).isEqualByComparingTo("98.00"); // counted, not listed
        assertThat(score(unit, 20)).isEqualByComparingTo("79.00"); // listed from its recordedAt: capped
        assertThat(score(unit, 10)).isEqualByComparingTo("79.00"); // retracted (raw 100), still capped
        Map<?, ?> raw = ok("/api/v1/units/" + unit + "/score?asOf=" + today().minusDays(10), creditOffice());
        assertThat(new BigDecimal(raw.get("rawScore").toString())).isEqualByComparingTo("100.00");
        assertThat(raw.get("debtorListed")).isEqualTo(true);
        assertThat(raw.get("grade")).isEqualTo("FAIR");

        assertThat(status(unit, revoked.getEventId(), 15)).isEqualTo("COUNTED");
        assertThat(status(unit, revoked.getEventId(), 10)).isEqualTo("RETRACTED");
    }

    /** Audit D4: an AMENDED fact was listed with its original content; a unit saw neither summary nor its cases. */
    @Test
    void anAmendedFactIsShownAsAmendedWithItsOriginalAndAUnitSeesItsSummaryAndDebtorCases() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(60));
        // occurred 30 days ago, recorded 29 days ago: on time; amended to 50 days ago it was reported late
        CreditFact fact = fact(unit, "4.1", "LIGHT_DISCIPLINE", today().minusDays(30), 29);
        events.send(fact, unit);
        events.send(
                FactCorrected.newBuilder(Events.amendment(fact, "TALK_OR_CRITICISM", null, today().minusDays(50)))
                        .setRecordedAt(daysAgo(5))
                        .build(),
                unit);
        events.send(
                new DebtorListing(
                        UUID.randomUUID().toString(),
                        "(2026)豫9001执7号",
                        unit,
                        DebtorListingStatus.LISTED,
                        daysAgo(3),
                        "SFY",
                        "t"),
                unit);
        awaitApplied(unit, 4);

        Map<?, ?> body = ok("/api/v1/units/" + unit + "/events", TestTokens.token(unit, "UNIT"));
        Map<?, ?> shown = (Map<?, ?>) ((List<?>) body.get("events")).get(0);
        assertThat(shown.get("status")).isEqualTo("AMENDED");
        assertThat(shown.get("outcome")).isEqualTo("TALK_OR_CRITICISM");
        assertThat(shown.get("occurredOn")).isEqualTo(today().minusDays(50).toString());
        assertThat(shown.get("late")).isEqualTo(true);
        assertThat(shown.get("deadline"))
                .isEqualTo(WorkdayCalendar.standard()
                        .reportingDeadline(today().minusDays(50))
                        .toString());
        assertThat(shown.get("summary")).isEqualTo("summary");
        Map<?, ?> original = (Map<?, ?>) shown.get("original");
        assertThat(original.get("outcome")).isEqualTo("LIGHT_DISCIPLINE");
        assertThat(original.get("occurredOn")).isEqualTo(today().minusDays(30).toString());
        assertThat(original.get("late")).isEqualTo(false);
        // before the amendment was recorded, the fact is shown as it was sent
        Map<?, ?> before = (Map<?, ?>) ((List<?>) ok(
                                "/api/v1/units/" + unit + "/events?asOf=" + today().minusDays(10),
                                TestTokens.token(unit, "UNIT"))
                        .get("events"))
                .get(0);
        assertThat(before.get("outcome")).isEqualTo("LIGHT_DISCIPLINE");
        assertThat(before.containsKey("original")).isFalse();

        assertThat((List<?>) body.get("debtorCases")).singleElement().satisfies(c -> {
            Map<?, ?> listed = (Map<?, ?>) c;
            assertThat(listed.get("caseNumber")).isEqualTo("(2026)豫9001执7号");
            assertThat(listed.get("providerOrg")).isEqualTo("SFY");
            assertThat(listed.get("listing")).isEqualTo(true);
            assertThat(listed.get("listedAt")).isNotNull();
        });
        // a provider other than the listing court does not see the case
        assertThat((List<?>) ok("/api/v1/units/" + unit + "/events", TestTokens.token("JGW", "PROVIDER"))
                        .get("debtorCases"))
                .isEmpty();
    }

    private BigDecimal score(String unit, int daysAgo) {
        Map<?, ?> s = ok("/api/v1/units/" + unit + "/score?asOf=" + today().minusDays(daysAgo), creditOffice());
        return new BigDecimal(s.get("score").toString());
    }

    private String status(String unit, String eventId, int daysAgo) {
        Map<?, ?> body = ok("/api/v1/units/" + unit + "/events?asOf=" + today().minusDays(daysAgo), creditOffice());
        return ((List<?>) body.get("events"))
                .stream()
                        .map(e -> (Map<?, ?>) e)
                        .filter(e -> e.get("eventId").equals(eventId))
                        .map(e -> (String) e.get("status"))
                        .findFirst()
                        .orElse("ABSENT");
    }

    @Test
    void factsShowTheirStatusAndNamesAreMaskedForAllButTheCreditOfficeAndTheProvider() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        CreditFact fact = CreditFact.newBuilder(fact(unit, "4.1", "TALK_OR_CRITICISM", today().minusDays(9), 5))
                .setPersons(
                        List.of(new FactPerson("张三", "副局长"), new FactPerson("李小明", null), new FactPerson("欧阳娜娜", "科员")))
                .setLate(true)
                .build();
        CreditFact older = fact(unit, "1.1", "ENFORCEMENT_REVOKED", today().minusDays(20), 15);
        events.send(fact, unit);
        events.send(older, unit);
        String objectionId = UUID.randomUUID().toString();
        events.send(
                new ObjectionFiled(
                        objectionId, fact.getEventId(), unit, "4.1", "JGW", "理由", today(), "u", unit, daysAgo(2)),
                unit);
        awaitApplied(unit, 4);

        String path = "/api/v1/units/" + unit + "/events";
        List<?> asUnit = (List<?>) ok(path, TestTokens.token(unit, "UNIT")).get("events");
        assertThat(asUnit).hasSize(2);
        Map<?, ?> newest = (Map<?, ?>) asUnit.get(0);
        assertThat(newest.get("eventId")).isEqualTo(fact.getEventId()); // newest first
        assertThat(newest.get("status")).isEqualTo("UNDER_OBJECTION");
        assertThat(newest.get("late")).isEqualTo(true);
        assertThat(newest.get("indicator")).isEqualTo("4.1");
        assertThat(newest.get("outcome")).isEqualTo("TALK_OR_CRITICISM");
        assertThat(newest.get("occurredOn")).isEqualTo(today().minusDays(9).toString());
        assertThat(newest.get("recordedAt")).isNotNull();
        assertThat(names(newest)).containsExactly("张*", "李**", "欧***");
        assertThat(((Map<?, ?>) asUnit.get(1)).get("status")).isEqualTo("COUNTED");

        assertThat(names((Map<?, ?>) ((List<?>) ok(path, creditOffice()).get("events")).get(0)))
                .containsExactly("张三", "李小明", "欧阳娜娜");
        assertThat(names((Map<?, ?>)
                        ((List<?>) ok(path, TestTokens.token("JGW", "PROVIDER")).get("events")).get(0)))
                .containsExactly("张三", "李小明", "欧阳娜娜");
        assertThat(names((Map<?, ?>)
                        ((List<?>) ok(path, consumer("CZJ"), "HONOURS").get("events")).get(0)))
                .containsExactly("张*", "李**", "欧***");
        // Not any role of the provider's org, nor a credit-office role outside the credit office (review Z3).
        assertThat(names((Map<?, ?>)
                        ((List<?>) ok(path, consumer("JGW"), "HONOURS").get("events")).get(0)))
                .containsExactly("张*", "李**", "欧***");
        String dcbBothRoles = TestTokens.token("DCB", "CONSUMER", "CREDIT_OFFICE");
        assertThat(names(
                        (Map<?, ?>) ((List<?>) ok(path, dcbBothRoles, "HONOURS").get("events")).get(0)))
                .containsExactly("张*", "李**", "欧***");

        // Found not true: counted again, no longer under objection.
        events.send(
                ObjectionDecided.newBuilder()
                        .setObjectionId(objectionId)
                        .setEventId(fact.getEventId())
                        .setUnitId(unit)
                        .setFinding(ObjectionFinding.NOT_TRUE)
                        .setBy("jgw")
                        .setByOrg("JGW")
                        .setAt(Events.now())
                        .build(),
                unit);
        awaitApplied(unit, 5);
        assertThat(((Map<?, ?>) ((List<?>) ok(path, creditOffice()).get("events")).get(0)).get("status"))
                .isEqualTo("COUNTED");
        // Yesterday it was under objection.
        assertThat(status(unit, fact.getEventId(), 1)).isEqualTo("UNDER_OBJECTION");
    }

    /**
     * Review Z1: one out-of-window fact let any provider read a unit's whole file. Now a provider sees the facts it
     * provided, and nothing else of the unit.
     */
    @Test
    void aProviderReadsOnlyTheFactsItProvided() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(3));
        events.send(fact(unit, "4.1", "LIGHT_DISCIPLINE", today().minusDays(2), 1), unit); // JGW's
        CreditFact wmb = CreditFact.newBuilder(
                        Events.fact(unit, "3.4", "ASSESSED", new BigDecimal("2"), today().minusYears(4)))
                .setProviderOrg("WMB")
                .build();
        events.send(wmb, unit);
        awaitApplied(unit, 3);
        String path = "/api/v1/units/" + unit + "/events";

        List<?> asWmb = (List<?>) ok(path, TestTokens.token("WMB", "PROVIDER")).get("events");
        assertThat(asWmb).hasSize(1);
        assertThat(((Map<?, ?>) asWmb.get(0)).get("eventId")).isEqualTo(wmb.getEventId());
        assertThat((List<?>) ok(path, TestTokens.token("SFJ", "PROVIDER")).get("events"))
                .isEmpty();
        assertThat((List<?>) ok(path, TestTokens.token(unit, "UNIT")).get("events"))
                .hasSize(2);
        assertProblem(get("/api/v1/units/" + unit + "/score", TestTokens.token("WMB", "PROVIDER")), 403);
        assertProblem(get(path, TestTokens.token("WMB", "UNIT")), 403);
    }

    /**
     * Review D1: one unit asking for every date since 2021 queued every other reader behind a global lock. Now a
     * caller computes at most two dates at once (429 with Retry-After beyond), and others are answered meanwhile.
     */
    @Test
    void manyDatesAtOnceFromOneCallerAreRefusedBeyondItsShareNeverFailed() {
        List<Integer> statuses = scoresAtOnce(60, i -> today().minusDays(i));
        assertThat(statuses).hasSize(60).allMatch(s -> s == 200 || s == 429);
        // The credit office is answered as usual.
        ok("/api/v1/rankings", creditOffice());
    }

    /**
     * Many requests of one caller for the same date while it is computed wait for that one computation: joining it
     * costs nothing, so none is refused (at province scale a refresh takes long enough for hundreds to arrive).
     */
    @Test
    void requestsForADateAlreadyBeingComputedJoinItWithoutSpendingTheFairShare() {
        LocalDate date = today().minusDays(123);
        assertThat(scoresAtOnce(40, i -> date)).hasSize(40).containsOnly(200);
    }

    /**
     * The statuses of {@code n} requests sent at once by a new unit for its own score on {@code date(i)}; a 429 must
     * say when to retry.
     */
    private List<Integer> scoresAtOnce(int n, IntFunction<LocalDate> date) {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(400));
        awaitApplied(unit, 1);
        String token = TestTokens.token(unit, "UNIT");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        return Flux.range(1, n)
                .flatMap(
                        i -> client.get()
                                .uri("/api/v1/units/{unit}/score?asOf={date}", unit, date.apply(i))
                                .header("Authorization", "Bearer " + token)
                                .exchangeToMono(r -> {
                                    if (r.statusCode().value() == 429) {
                                        assertThat(r.headers().header("Retry-After"))
                                                .containsExactly("1");
                                    }
                                    return r.releaseBody()
                                            .thenReturn(r.statusCode().value());
                                }),
                        n)
                .collectList()
                .block(Duration.ofSeconds(60));
    }

    private static List<String> names(Map<?, ?> event) {
        return ((List<?>) event.get("persons"))
                .stream().map(p -> (String) ((Map<?, ?>) p).get("name")).toList();
    }

    @Test
    void rightsAndThePurposeRule() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(3));
        events.send(fact(unit, "4.1", "TALK_OR_CRITICISM", today().minusDays(2), 1), unit);
        awaitApplied(unit, 2);
        String score = "/api/v1/units/" + unit + "/score";

        get(score, TestTokens.token(unit, "UNIT")).expectStatus().isOk();
        assertProblem(get(score, TestTokens.token("SFJ", "UNIT")), 403, "may not read the score");
        // SCORING.md §7.6: providers read the facts they provided, never a score — not even of a unit they reported on.
        assertProblem(get(score, TestTokens.token("JGW", "PROVIDER")), 403);
        assertProblem(get(score, TestTokens.token("SFJ", "PROVIDER")), 403);
        assertProblem(get(score, consumer("CZJ")), 400, "X-Query-Purpose");
        assertProblem(get(score, consumer("CZJ"), "CURIOSITY"), 400, "X-Query-Purpose");
        get(score, consumer("CZJ"), "CADRE_SELECTION").expectStatus().isOk();
        assertProblem(get("/api/v1/rankings", TestTokens.token(unit, "UNIT")), 403);
        assertProblem(get("/api/v1/rankings", consumer("CZJ")), 400, "X-Query-Purpose");
        assertProblem(get("/api/v1/units/NOSUCHUNIT/score", creditOffice()), 404);
        assertProblem(get(score + "?asOf=2020-12-31", creditOffice()), 400, "\"field\":\"asOf\"");
        assertProblem(get(score + "?asOf=" + today().plusDays(1), creditOffice()), 400, "\"field\":\"asOf\"");
        assertProblem(get(score + "?asOf=yesterday", creditOffice()), 400, "\"field\":\"asOf\"");
        http.get().uri(score).exchange().expectStatus().isUnauthorized();
    }
}
