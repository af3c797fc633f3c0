package cn.jiyuan.integrity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.AuditedRead;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * History (第五条) imported by an operator: registrations and facts with the instants the earlier platform recorded
 * them, checked by the rules as of those days, idempotent, and for nobody else.
 */
class HistoryImportIntegrationTest extends IngestTestBase {

    private static final String OPERATOR = TestTokens.token("XYB", "OPERATOR");

    @Autowired
    UnitDirectory units;

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> results(WebTestClient.ResponseSpec response) {
        Map<String, Object> body = response.expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) body.get("results");
    }

    private static Map<String, Object> historicFact(String unit, LocalDate occurredOn, Instant recordedAt) {
        return IngestApi.with(
                IngestApi.fact(unit),
                "occurredOn",
                occurredOn.toString(),
                "providerOrg",
                "JGW",
                "recordedAt",
                recordedAt.toString());
    }

    @Test
    void aFactRecordedTwoYearsAgoIsOnTheTopicWithThatInstantAndItsLatenessThen() {
        LocalDate occurredOn = ChinaTime.dateOf(Instant.now()).minusYears(2);
        Instant recordedAt = occurredOn
                .plusDays(30)
                .atStartOfDay(ChinaTime.ZONE)
                .plusHours(10)
                .toInstant();
        Map<String, Object> fact = historicFact(unit, occurredOn, recordedAt);
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            Map<String, Object> result = results(
                            api.post("/api/v1/history/facts", OPERATOR, Map.of("facts", List.of(fact))))
                    .get(0);
            assertThat(result).containsEntry("status", 202).containsEntry("late", true);
            assertThat(result.get("deadline"))
                    .isEqualTo(WorkdayCalendar.standard()
                            .reportingDeadline(occurredOn)
                            .toString());

            var records = topic.readUntil(
                    r -> r instanceof CreditFact f && f.getEventId().equals(fact.get("eventId")));
            CreditFact sent = (CreditFact) records.get(records.size() - 1).value();
            assertThat(sent.getRecordedAt()).isEqualTo(recordedAt);
            assertThat(sent.getProviderOrg()).isEqualTo("JGW");
            assertThat(sent.getSubmittedBy()).isEqualTo("test-xyb");
            assertThat(sent.getLate()).isTrue();
            assertThat(sent.getSealedPersons()).isNotNull();
        }
        // imported again: the same fact; with another recording instant: a conflict
        assertThat(results(api.post("/api/v1/history/facts", OPERATOR, Map.of("facts", List.of(fact))))
                        .get(0))
                .containsEntry("status", 200);
        Map<String, Object> moved =
                IngestApi.with(fact, "recordedAt", recordedAt.plusSeconds(1).toString());
        assertThat(results(api.post("/api/v1/history/facts", OPERATOR, Map.of("facts", List.of(moved))))
                        .get(0))
                .containsEntry("status", 409);
    }

    @Test
    void eachRecordIsCheckedAsOnItsDayAndAgainstRetentionToday() {
        Instant now = Instant.now();
        LocalDate today = ChinaTime.dateOf(now);
        Map<String, Object> future = historicFact(unit, today.minusDays(1), now.plus(Duration.ofDays(1)));
        Map<String, Object> beforeItHappened = historicFact(unit, today.minusDays(10), now.minus(Duration.ofDays(20)));
        Map<String, Object> pastRetention = historicFact(unit, today.minusYears(5), now.minus(Duration.ofDays(1)));
        Map<String, Object> notTheProvider = IngestApi.with(
                historicFact(unit, today.minusDays(40), now.minus(Duration.ofDays(30))), "providerOrg", "SFJ");
        Map<String, Object> noProvider = IngestApi.with(
                historicFact(unit, today.minusDays(40), now.minus(Duration.ofDays(30))), "providerOrg", null);
        Map<String, Object> unknownUnit =
                historicFact("NOSUCHUNIT", today.minusDays(40), now.minus(Duration.ofDays(30)));

        List<Map<String, Object>> results = results(api.post(
                "/api/v1/history/facts",
                OPERATOR,
                Map.of(
                        "facts",
                        List.of(future, beforeItHappened, pastRetention, notTheProvider, noProvider, unknownUnit))));

        assertThat(results).extracting(r -> r.get("status")).containsExactly(400, 400, 400, 403, 400, 404);
        assertThat(results.get(0).toString()).contains("recordedAt").contains("future");
        assertThat(results.get(1).toString()).contains("occurredOn");
        assertThat(results.get(2).toString()).contains("occurredOn");
        assertThat(results.get(4).toString()).contains("providerOrg");
    }

    @Test
    void anImportAsLargeAsABatchOfFactsFits() {
        Instant recordedAt = Instant.now().minus(Duration.ofDays(30));
        LocalDate occurredOn = ChinaTime.dateOf(recordedAt).minusDays(2);
        List<Map<String, Object>> facts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            facts.add(historicFact(unit, occurredOn, recordedAt)); // > 64 KB, the limit of other endpoints
        }
        assertThat(results(api.post("/api/v1/history/facts", OPERATOR, Map.of("facts", facts))))
                .hasSize(400)
                .allSatisfy(r -> assertThat(r).containsEntry("status", 202));
    }

    @Test
    void aCourtsListingAndShieldingAreImportedOnceEachFromCourtsOnly() {
        Map<String, Object> listed = Map.of(
                "caseNumber",
                "(2023)豫9001执77号",
                "unitId",
                unit,
                "status",
                "LISTED",
                "providerOrg",
                "SFY",
                "recordedAt",
                "2023-04-03T02:00:00Z");
        Map<String, Object> shielded = Map.of(
                "caseNumber",
                "(2023)豫9001执77号",
                "unitId",
                unit,
                "status",
                "SHIELDED",
                "providerOrg",
                "SFY",
                "recordedAt",
                "2023-09-01T02:00:00Z");
        Map<String, Object> notACourt = Map.of(
                "caseNumber",
                "(2023)豫9001执78号",
                "unitId",
                unit,
                "status",
                "LISTED",
                "providerOrg",
                "JGW",
                "recordedAt",
                "2023-04-03T02:00:00Z");
        Map<String, Object> noInstant =
                Map.of("caseNumber", "(2023)豫9001执79号", "unitId", unit, "status", "LISTED", "providerOrg", "SFY");
        Map<String, Object> unknownUnit = Map.of(
                "caseNumber",
                "(2023)豫9001执80号",
                "unitId",
                "NOSUCHUNIT",
                "status",
                "LISTED",
                "providerOrg",
                "SFY",
                "recordedAt",
                "2023-04-03T02:00:00Z");
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            List<Map<String, Object>> results = results(api.post(
                    "/api/v1/history/listings",
                    OPERATOR,
                    Map.of("listings", List.of(listed, shielded, notACourt, noInstant, unknownUnit))));

            assertThat(results).extracting(r -> r.get("status")).containsExactly(202, 202, 403, 400, 404);
            assertThat(results.get(0)).containsEntry("recordedAt", "2023-04-03T02:00:00Z");
            assertThat(results.get(3).toString()).contains("recordedAt");
            var records = topic.readUntil(r -> r instanceof DebtorListing l
                    && l.getListingId().equals(results.get(1).get("listingId")));
            var shielding = (DebtorListing) records.get(records.size() - 1).value();
            assertThat(shielding.getRecordedAt()).isEqualTo(Instant.parse("2023-09-01T02:00:00Z"));
            assertThat(shielding.getProviderOrg()).isEqualTo("SFY");
        }
        assertThat(results(api.post("/api/v1/history/listings", OPERATOR, Map.of("listings", List.of(listed))))
                        .get(0))
                .containsEntry("status", 200);
    }

    @Test
    void anImportIsInTheAuditTrail() {
        Map<String, Object> fact = historicFact(
                unit,
                ChinaTime.dateOf(Instant.now()).minusDays(40),
                Instant.now().minus(Duration.ofDays(30)));
        try (TopicReader audit = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.AUDIT)) {
            results(api.post("/api/v1/history/facts", OPERATOR, Map.of("facts", List.of(fact))));
            var records = audit.readUntil(
                    r -> r instanceof AuditedRead a && a.getService().equals("ingest-service"));
            var read = (AuditedRead) records.get(records.size() - 1).value();
            assertThat(read.getMethod()).isEqualTo("POST");
            assertThat(read.getResource()).isEqualTo("/api/v1/history/facts");
            assertThat(read.getOrg()).isEqualTo("XYB");
            assertThat(read.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void onlyAnOperatorImportsAndABadListIsAClearError() {
        Map<String, Object> fact = historicFact(
                unit,
                ChinaTime.dateOf(Instant.now()).minusDays(40),
                Instant.now().minus(Duration.ofDays(30)));
        for (String token : List.of(JGW, IngestApi.creditOffice(), TestTokens.token(unit, "UNIT"))) {
            api.post("/api/v1/history/facts", token, Map.of("facts", List.of(fact)))
                    .expectStatus()
                    .isForbidden();
        }
        api.post("/api/v1/history/facts", OPERATOR, Map.of("facts", List.of()))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("facts");
        api.post("/api/v1/history/units", OPERATOR, Map.of("nothing", 1))
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void registrationsGoToTheHistoryAndTheDirectoryKeepsTheLatest() {
        String imported = newUnitId();
        Instant first = Instant.parse("2022-03-01T02:00:00Z");
        Instant renamed = Instant.parse("2023-07-01T02:00:00Z");
        try (TopicReader history =
                new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.UNIT_REGISTRATIONS)) {
            List<Map<String, Object>> results = results(api.post(
                    "/api/v1/history/units",
                    OPERATOR,
                    Map.of(
                            "units",
                            List.of(
                                    Map.of(
                                            "unitId",
                                            imported,
                                            "name",
                                            "新名称",
                                            "active",
                                            true,
                                            "recordedAt",
                                            renamed.toString()),
                                    Map.of(
                                            "unitId",
                                            imported,
                                            "name",
                                            "旧名称",
                                            "active",
                                            true,
                                            "recordedAt",
                                            first.toString()),
                                    Map.of(
                                            "unitId",
                                            imported,
                                            "name",
                                            "明天",
                                            "active",
                                            true,
                                            "recordedAt",
                                            Instant.now()
                                                    .plus(Duration.ofDays(1))
                                                    .toString())))));
            assertThat(results).extracting(r -> r.get("status")).containsExactly(202, 202, 400);

            var records = history.readUntil(r -> r instanceof UnitRegistration u
                    && u.getUnitId().equals(imported)
                    && u.getRecordedAt().equals(renamed));
            assertThat(records.stream()
                            .map(r -> (UnitRegistration) r.value())
                            .filter(u -> u.getUnitId().equals(imported))
                            .map(UnitRegistration::getName))
                    .containsExactly("旧名称", "新名称");
        }
        assertThat(units.find(imported))
                .hasValueSatisfying(u -> assertThat(u.getName()).isEqualTo("新名称"));

        // an older change imported later does not overwrite the directory
        results(api.post(
                "/api/v1/history/units",
                OPERATOR,
                Map.of(
                        "units",
                        List.of(Map.of(
                                "unitId",
                                imported,
                                "name",
                                "更旧",
                                "active",
                                false,
                                "recordedAt",
                                "2021-06-01T02:00:00Z")))));
        assertThat(units.find(imported))
                .hasValueSatisfying(u -> assertThat(u.getName()).isEqualTo("新名称"));
    }
}
