package cn.jiyuan.integrity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.ingest.events.FactClaims;
import cn.jiyuan.integrity.ingest.persons.PersonKeys;
import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.persons.PersonSeal;
import cn.jiyuan.integrity.support.retention.DailyPurge;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Personal data on the topics (SCORING.md §2, purge): sealed per fact, the key in the key store alone, handed to the
 * services that show names and to nobody else, and gone when the fact leaves retention.
 */
class PersonKeysIntegrationTest extends IngestTestBase {

    private static final String QUERY_SERVICE = TestTokens.token("query-service", "PERSON_KEYS");

    @Autowired
    PersonKeys keys;

    @Autowired
    FactClaims claims;

    @Autowired
    DailyPurge purge;

    private WebTestClient.ResponseSpec askForKeys(String token, Object body) {
        return api.post("/api/v1/person-keys", token, body);
    }

    private CreditFact sent(Map<String, Object> body) {
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            api.post(JGW, body).expectStatus().is2xxSuccessful();
            List<ConsumerRecord<String, SpecificRecord>> records = topic.readUntil(
                    r -> r instanceof CreditFact f && f.getEventId().equals(body.get("eventId")));
            return (CreditFact) records.get(records.size() - 1).value();
        }
    }

    @Test
    void theNameIsNotOnTheTopicAndOpensWithTheKeyTheQueryServiceGets() {
        Map<String, Object> body = IngestApi.fact(unit);
        String eventId = (String) body.get("eventId");
        CreditFact fact = sent(body);

        byte[] onTheWire = new AvroSingleObjectSerializer().serialize(null, fact);
        assertThat(new String(onTheWire, StandardCharsets.UTF_8))
                .doesNotContain("欧阳娜娜")
                .doesNotContain("副局长");

        Map<?, ?> answer = askForKeys(
                        QUERY_SERVICE,
                        Map.of("eventIds", List.of(eventId, UUID.randomUUID().toString())))
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, String> released = (Map<String, String>) answer.get("keys");
        assertThat(released).containsOnlyKeys(eventId); // an unknown fact has no key
        byte[] key = Base64.getDecoder().decode(released.get(eventId));
        assertThat(PersonSeal.open(eventId, fact.getSealedPersons(), key)).containsExactly(new Person("欧阳娜娜", "副局长"));

        // a retry seals the same bytes with the same key
        assertThat(sent(body).getSealedPersons()).isEqualTo(fact.getSealedPersons());
    }

    @Test
    void aFactNamingNobodyHasNoKey() {
        Map<String, Object> body = IngestApi.with(IngestApi.fact(unit), "persons", null);
        CreditFact fact = sent(body);

        assertThat(fact.getSealedPersons()).isNull();
        assertThat(keys.keys(List.of(UUID.fromString((String) body.get("eventId"))))
                        .block(Duration.ofSeconds(10)))
                .isEmpty();
    }

    @Test
    void noPersonsTokenOpensTheKeysTheCreditOfficesIncluded() {
        Map<String, Object> body = IngestApi.fact(unit);
        sent(body);
        Map<String, Object> ask = Map.of("eventIds", List.of(body.get("eventId")));

        for (String token : List.of(
                IngestApi.creditOffice(),
                JGW,
                TestTokens.token("XYB", "OPERATOR"),
                TestTokens.token("CZJ", "CONSUMER"))) {
            askForKeys(token, ask).expectStatus().isForbidden();
        }
        api.http
                .post()
                .uri("/api/v1/person-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ask)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void thePurgeDestroysOnlyTheKeysOfFactsBeyondTheLimit() {
        UUID old = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        LocalDate limit = LocalDate.of(2021, 11, 27);
        keys.keysFor(Map.of(old, limit, young, LocalDate.of(2026, 11, 24))).block(Duration.ofSeconds(10));

        keys.destroyThrough(limit).block(Duration.ofSeconds(10));

        assertThat(keys.keys(List.of(old, young)).block(Duration.ofSeconds(10))).containsOnlyKeys(young);
    }

    @Test
    void aBadRequestForKeysNamesTheField() {
        for (Object body : List.of(
                Map.of(),
                Map.of("eventIds", "not a list"),
                Map.of("eventIds", List.of("not-a-uuid")),
                Map.of(
                        "eventIds",
                        IntStream.range(0, 1001)
                                .mapToObj(i -> UUID.randomUUID().toString())
                                .toList()))) {
            askForKeys(QUERY_SERVICE, body)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("eventIds");
        }
    }

    @Test
    void whenTheFactLeavesRetentionItsKeyAndClaimGoAndItsNameOpensNowhere() {
        Map<String, Object> body = IngestApi.fact(unit);
        UUID eventId = UUID.fromString((String) body.get("eventId"));
        LocalDate occurredOn = LocalDate.parse((String) body.get("occurredOn"));
        Map<String, Object> other = IngestApi.fact(unit);
        sent(body);
        sent(IngestApi.with(other, "occurredOn", occurredOn.plusDays(1).toString()));
        assertThat(keys.keys(List.of(eventId)).block(Duration.ofSeconds(10))).containsKey(eventId);

        // the purge of the day occurredOn + 5 years (its retention limit is occurredOn)
        assertThat(keys.destroyThrough(occurredOn).block(Duration.ofSeconds(10)))
                .isPositive();
        assertThat(claims.forgetThrough(occurredOn).block(Duration.ofSeconds(10)))
                .isPositive();

        assertThat(keys.keys(List.of(eventId)).block(Duration.ofSeconds(10))).isEmpty();
        askForKeys(QUERY_SERVICE, Map.of("eventIds", List.of(eventId.toString())))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.keys")
                .isEmpty();
        // a fact a day younger keeps its key
        UUID younger = UUID.fromString((String) other.get("eventId"));
        assertThat(keys.keys(List.of(younger)).block(Duration.ofSeconds(10))).containsKey(younger);
        // the service's own daily purge has run at start, with today's limit
        assertThat(purge.lastPurged()).isNotNull();
    }
}
