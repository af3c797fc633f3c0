package cn.jiyuan.integrity.ingest;

import static cn.jiyuan.integrity.ingest.IngestApi.fact;
import static cn.jiyuan.integrity.ingest.IngestApi.with;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The ingest API on a real KRaft broker and the machine's PostgreSQL: what is accepted, and what is on the topic. */
class IngestIntegrationTest extends IngestTestBase {

    @Test
    void anAcceptedFactIsOnTheTopicAndDecodesWithTheSchemas() {
        Map<String, Object> body = fact(unit);
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            var answer = api.post(JGW, body)
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(answer)
                    .containsEntry("eventId", body.get("eventId"))
                    .containsEntry("late", false)
                    .containsEntry("deadlineProvisional", false); // this year's notice is in
            LocalDate occurred = LocalDate.parse((String) body.get("occurredOn"));
            assertThat(answer.get("deadline"))
                    .isEqualTo(WorkdayCalendar.standard()
                            .reportingDeadline(occurred)
                            .toString());

            var records = topic.readUntil(
                    r -> r instanceof CreditFact f && f.getEventId().equals(body.get("eventId")));
            CreditFact fact = (CreditFact) records.get(records.size() - 1).value();
            assertThat(records.get(records.size() - 1).key()).isEqualTo(unit);
            assertThat(fact.getUnitId()).isEqualTo(unit);
            assertThat(fact.getIndicator()).isEqualTo("4.1");
            assertThat(fact.getOutcome()).isEqualTo("LIGHT_DISCIPLINE");
            assertThat(fact.getOccurredOn()).isEqualTo(occurred);
            assertThat(fact.getProviderOrg()).isEqualTo("JGW");
            assertThat(fact.getSubmittedBy()).isEqualTo("test-jgw");
            assertThat(fact.getRecordedAt()).isEqualTo(Instant.parse((String) answer.get("recordedAt")));
            // persons travel sealed (PersonKeysIntegrationTest opens them)
            assertThat(fact.getPersons()).isEmpty();
            assertThat(fact.getSealedPersons()).isNotNull();
            assertThat(fact.getCatalogVersion()).isEqualTo("jgb-2022-44");
        }
    }

    @Test
    void theSameFactAgainIsTheFirstAnswerAndOtherContentIsAConflict() {
        Map<String, Object> body = fact(unit);
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            String first = api.post(JGW, body)
                    .expectStatus()
                    .isAccepted()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            String again = api.post(JGW, body)
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(again).isEqualTo(first);
            api.post(JGW, with(body, "summary", "另一件事"))
                    .expectStatus()
                    .isEqualTo(409)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            Map<String, Object> sentinel = fact(unit);
            api.post(JGW, sentinel).expectStatus().isAccepted();
            var records = topic.readUntil(
                    r -> r instanceof CreditFact f && f.getEventId().equals(sentinel.get("eventId")));
            // The repeat re-sends the identical record (completing a first attempt a crash may have cut short);
            // consumers keep one per eventId. The conflicting content never reaches the topic.
            var sameId = records.stream()
                    .map(r -> (CreditFact) r.value())
                    .filter(f -> f.getEventId().equals(body.get("eventId")))
                    .toList();
            assertThat(sameId).hasSize(2).allSatisfy(f -> assertThat(f).isEqualTo(sameId.get(0)));
            assertThat(sameId.get(0).getSummary()).isEqualTo(body.get("summary"));
        }
    }

    @Test
    void aLateFactIsAcceptedAndFlagged() {
        LocalDate occurred = LocalDate.now(ChinaTime.ZONE).minusDays(40);
        Map<String, Object> body = with(fact(unit), "occurredOn", occurred.toString());
        var answer = api.post(JGW, body)
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).containsEntry("late", true);
        assertThat(answer.get("deadline"))
                .isEqualTo(
                        WorkdayCalendar.standard().reportingDeadline(occurred).toString());
    }

    @Test
    void aBatchAnswersEveryFactInOrder() {
        Map<String, Object> good = fact(unit);
        Map<String, Object> invalid = with(fact(unit), "outcome", "NO_SUCH_OUTCOME");
        Map<String, Object> notJgws = with(fact(unit), "indicator", "1.1", "outcome", "ENFORCEMENT_REVOKED");
        Map<String, Object> unknownUnit = fact("NOBODY");
        Map<String, Object> sameAgain = good;
        Map<String, Object> conflicting = with(good, "summary", "不同的内容");
        var written = recordsWrittenBy(() -> {
            var results = api.batch(JGW, List.of(good, invalid, notJgws, unknownUnit, sameAgain, conflicting))
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) results.get("results");
            assertThat(list).extracting(r -> r.get("status")).containsExactly(202, 400, 403, 404, 200, 409);
            assertThat(list)
                    .extracting(r -> r.get("eventId"))
                    .containsExactly(
                            good.get("eventId"),
                            invalid.get("eventId"),
                            notJgws.get("eventId"),
                            unknownUnit.get("eventId"),
                            good.get("eventId"),
                            good.get("eventId"));
            assertThat(list.get(4).get("recordedAt")).isEqualTo(list.get(0).get("recordedAt"));
            assertThat(list.get(1)).containsKey("errors");
        });
        assertThat(written)
                .singleElement()
                .satisfies(
                        r -> assertThat(((CreditFact) r.value()).getEventId()).isEqualTo(good.get("eventId")));
    }

    @Test
    void aBatchOfAThousandFits() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(fact(unit));
        }
        Set<String> ids = events.stream().map(e -> (String) e.get("eventId")).collect(Collectors.toSet());
        var written = recordsWrittenBy(() -> {
            var results = api.batch(JGW, events)
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) results.get("results");
            assertThat(list)
                    .hasSize(1000)
                    .allSatisfy(r -> assertThat(r.get("status")).isEqualTo(202));
        });
        assertThat(written.stream()
                        .map(r -> ((CreditFact) r.value()).getEventId())
                        .collect(Collectors.toSet()))
                .isEqualTo(ids);
    }

    @Test
    void aUnitRegistrationIsOnTheCompactedTopicAndInTheRegistrationHistory() {
        String id = newUnitId();
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.UNITS);
                TopicReader history =
                        new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.UNIT_REGISTRATIONS)) {
            api.registerUnit(id, "济源示范区财政金融局", false)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.active")
                    .isEqualTo(false)
                    .jsonPath("$.recordedAt")
                    .exists();
            var records = topic.readUntil(
                    r -> r instanceof UnitRegistration u && u.getUnitId().equals(id));
            UnitRegistration u =
                    (UnitRegistration) records.get(records.size() - 1).value();
            assertThat(u.getName()).isEqualTo("济源示范区财政金融局");
            assertThat(u.getActive()).isFalse();
            assertThat(u.getRegisteredBy()).isEqualTo("test-xyb");
            // audit D3: the same record in the uncompacted history, kept after the directory has compacted
            var kept = history.readUntil(
                    r -> r instanceof UnitRegistration h && h.getUnitId().equals(id));
            assertThat(kept.get(kept.size() - 1).value()).isEqualTo(u);
        }
    }

    @Test
    void aCourtListsAndShieldsADebtor() {
        String sfy = TestTokens.token("SFY", "PROVIDER");
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            var answer = api.http
                    .post()
                    .uri("/api/v1/debtor-listings")
                    .header("Authorization", "Bearer " + sfy)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("caseNumber", "(2026)豫9001执123号", "unitId", unit, "status", "LISTED"))
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            var records = topic.readUntil(
                    r -> r instanceof DebtorListing l && l.getUnitId().equals(unit));
            DebtorListing listing =
                    (DebtorListing) records.get(records.size() - 1).value();
            assertThat(listing.getStatus()).isEqualTo(DebtorListingStatus.LISTED);
            assertThat(listing.getCaseNumber()).isEqualTo("(2026)豫9001执123号");
            assertThat(listing.getRecordedAt()).isEqualTo(Instant.parse((String) answer.get("recordedAt")));
            assertThat(listing.getProviderOrg()).isEqualTo("SFY");
        }
    }

    /** Audit D7: a court's retry of the same case and status made a second listing record. */
    @Test
    void aRetriedListingIsTheSameListing() {
        String sfy = TestTokens.token("SFY", "PROVIDER");
        Map<String, String> body = Map.of("caseNumber", "(2026)豫9001执124号", "unitId", unit, "status", "LISTED");
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            Map<?, ?> first = listing(sfy, body)
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            Map<?, ?> again = listing(sfy, body)
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(again).isEqualTo(first);
            // a record is sent for every answer (as for facts), always the same one: consumers keep it once
            var records = topic.readUntil(r -> r instanceof DebtorListing l
                    && l.getUnitId().equals(unit)
                    && l.getCaseNumber().equals("(2026)豫9001执124号")
                    && l.getListingId().equals(again.get("listingId")));
            assertThat(records.stream()
                            .map(r -> r.value())
                            .filter(r -> r instanceof DebtorListing l
                                    && l.getCaseNumber().equals("(2026)豫9001执124号"))
                            .map(r -> ((DebtorListing) r).getListingId())
                            .distinct())
                    .containsExactly((String) first.get("listingId"));
        }
        // the other status of the same case is another listing
        Map<?, ?> shielded = listing(
                        sfy, Map.of("caseNumber", "(2026)豫9001执124号", "unitId", unit, "status", "SHIELDED"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(shielded.get("listingId")).isNotNull();
    }

    private WebTestClient.ResponseSpec listing(String token, Map<String, String> body) {
        return api.post("/api/v1/debtor-listings", token, body);
    }
}
