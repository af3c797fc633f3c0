package cn.jiyuan.integrity.ingest;

import static cn.jiyuan.integrity.ingest.IngestApi.fact;
import static cn.jiyuan.integrity.ingest.IngestApi.with;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Every refusal of API.md's ingest part, each as problem+json naming the reason, and none writes to Kafka. */
class IngestRefusalsIntegrationTest extends IngestTestBase {

    private static final LocalDate TODAY = LocalDate.now(ChinaTime.ZONE);

    /**
     * A change to the valid fact (sent by the indicator's own provider, prefixed as "@ORG" when not JGW), the field
     * the 400 must name, and words its message must contain.
     */
    static Stream<Arguments> invalidFacts() {
        return Stream.of(
                Arguments.of(new Object[] {"indicator", "9.9"}, "indicator", "unknown indicator"),
                Arguments.of(new Object[] {"outcome", "FINED"}, "outcome", "unknown outcome"),
                Arguments.of(
                        new Object[] {"@", "ZWFWJ", "indicator", "1.3", "outcome", "DEDUCTED"},
                        "points",
                        "is required"),
                Arguments.of(new Object[] {"points", 1}, "points", "must be absent"),
                Arguments.of(
                        new Object[] {"@", "DGWBGS", "indicator", "6.4", "outcome", "PENALISED", "points", 5.5},
                        "points",
                        "at most 5"),
                Arguments.of(
                        new Object[] {"@", "GWHBGS", "indicator", "2.3", "outcome", "ASSESSED", "points", 3},
                        "period",
                        "is required"),
                Arguments.of(
                        new Object[] {
                            "@", "GWHBGS", "indicator", "2.3", "outcome", "ASSESSED", "points", 3, "period", "2025-Q1"
                        },
                        "period",
                        "does not fit"),
                Arguments.of(new Object[] {"occurredOn", "2020-12-31"}, "occurredOn", "2021-01-01"),
                Arguments.of(new Object[] {"occurredOn", TODAY.plusDays(1).toString()}, "occurredOn", "future"),
                Arguments.of(new Object[] {"occurredOn", "14/03/2025"}, "occurredOn", "must be a date"),
                Arguments.of(new Object[] {"eventId", "42"}, "eventId", "UUID"),
                Arguments.of(new Object[] {"reference", "x".repeat(201)}, "reference", "at most 200"),
                Arguments.of(new Object[] {"summary", "长".repeat(4001)}, "summary", "at most 4000"),
                Arguments.of(
                        new Object[] {"persons", List.of(Map.of("position", "局长"))}, "persons[0].name", "is required"),
                Arguments.of(new Object[] {"unitId", "有 空格"}, "unitId", "letters, digits"),
                // Text PostgreSQL cannot store, or that hides what a reader sees (reliability probe D1, review I4).
                Arguments.of(new Object[] {"reference", "济纪发\u0000"}, "reference", "control characters"),
                Arguments.of(new Object[] {"summary", "约谈\u0000"}, "summary", "control characters"),
                Arguments.of(new Object[] {"unitId", "KJZ\u0000"}, "unitId", "control characters"),
                Arguments.of(
                        new Object[] {"persons", List.of(Map.of("name", "张\u202E三"))}, "persons[0].name", "direction"),
                Arguments.of(
                        new Object[] {"persons", List.of(Map.of("name", "张三", "position", "副\n局长"))},
                        "persons[0].position",
                        "line breaks"),
                Arguments.of(new Object[] {"point", 2}, "point", "not a field"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("invalidFacts")
    void invalidFactsAre400WithTheFieldAndWriteNothing(Object[] change, String field, String words) {
        String token = JGW;
        if (change.length > 0 && change[0].equals("@")) {
            token = TestTokens.token((String) change[1], "PROVIDER");
            change = Arrays.copyOfRange(change, 2, change.length);
        }
        Map<String, Object> body = with(fact(unit), change);
        String sender = token;
        var written = recordsWrittenBy(() -> api.post(sender, body)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:jiyuan-integrity:problem:bad-request")
                .jsonPath("$.status")
                .isEqualTo(400)
                .jsonPath("$.title")
                .isEqualTo("Invalid request")
                .jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains(field))
                .jsonPath("$.errors[?(@.field == '" + field + "')].message")
                .value(m -> assertThat(m.toString()).contains(words)));
        assertThat(written).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        api.http
                .post()
                .uri("/api/v1/events")
                .header("Authorization", "Bearer " + JGW)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"eventId\": ")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("body");
    }

    /** Refusals speak of the request, never of Java types or libraries (reliability probe D9). */
    @Test
    void aMissingBodyOrAnotherMediaTypeIsRefusedInTheClientsTerms() {
        api.http
                .post()
                .uri("/api/v1/events")
                .header("Authorization", "Bearer " + JGW)
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("body")
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat(m.toString()).doesNotContain("reactor", "Mono", "cn.jiyuan"));
        api.http
                .post()
                .uri("/api/v1/events")
                .header("Authorization", "Bearer " + JGW)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the body must be application/json");
        api.http
                .post()
                .uri("/api/v1/events")
                .header("Authorization", "Bearer " + JGW)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[".repeat(600) + "]".repeat(600))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat(m.toString()).doesNotContain("StreamReadConstraints"));
    }

    /** Numbers and bytes JSON allows but the platform cannot take: 400 naming the field, never 500 (D5, I2). */
    @Test
    void pointsAreReadAsWrittenNotThroughABinaryDouble() {
        // audit D9: 2.000000000000000001 is 2.0 as a double and passed as two decimals
        String fact = """
                {"eventId":"%s","unitId":"%s","indicator":"6.4","outcome":"PENALISED","points":2.000000000000000001,
                 "occurredOn":"%s","reference":"fz"}""".formatted(java.util.UUID.randomUUID(), unit, TODAY);
        var written = recordsWrittenBy(() -> api.http
                .post()
                .uri("/api/v1/events")
                .header("Authorization", "Bearer " + TestTokens.token("DGWBGS", "PROVIDER"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(fact)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("points")
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat(m.toString()).contains("two decimal places")));
        assertThat(written).isEmpty();
    }

    @Test
    void hugeNumbersAndInvalidUtf8Are400() {
        String fact = """
                {"eventId":"%s","unitId":"%s","indicator":"6.4","outcome":"PENALISED","points":1e400,
                 "occurredOn":"%s","reference":"fz"}""".formatted(java.util.UUID.randomUUID(), unit, TODAY);
        for (String points : new String[] {"1e400", "1e1000000", "-1e400"}) {
            api.http
                    .post()
                    .uri("/api/v1/events")
                    .header("Authorization", "Bearer " + TestTokens.token("DGWBGS", "PROVIDER"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(fact.replace("1e400", points))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("points");
        }
        byte[] latin1 = fact.replace("\"fz\"", "\"f\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        api.http
                .post()
                .uri("/api/v1/events")
                .header("Authorization", "Bearer " + TestTokens.token("DGWBGS", "PROVIDER"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(latin1)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("body")
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat(m.toString()).doesNotContain("jackson", "tools.", "reactor", "cn.jiyuan"));
    }

    @Test
    void aUnitNameWithANulCharacterIs400() {
        api.http
                .put()
                .uri("/api/v1/units/{id}", "PZN1")
                .header("Authorization", "Bearer " + IngestApi.creditOffice())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "a\u0000b", "active", true))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("name");
        api.http
                .post()
                .uri("/api/v1/debtor-listings")
                .header("Authorization", "Bearer " + TestTokens.token("SFY", "PROVIDER"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("caseNumber", "c\u0000", "unitId", unit, "status", "LISTED"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("caseNumber");
    }

    @Test
    void occurredOnBeyondFiveYearsIs400() {
        // Today minus five years is the last day beyond retention; it stays after 2021-01-01 from 2026-01-02 on.
        LocalDate beyond = TODAY.minusYears(5);
        if (beyond.isBefore(ChinaTime.FIRST_ACCEPTED_DAY)) {
            return; // before 2026: such dates are refused as before 2021-01-01 (covered above)
        }
        api.post(JGW, with(fact(unit), "occurredOn", beyond.toString()))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat(m.toString()).contains("retention"));
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("malformed", "not-a-jwt"),
                Arguments.of("expired", TestTokens.expired("JGW", "PROVIDER")),
                Arguments.of(
                        "wrongly signed",
                        TestTokens.signedWith("another-secret-0123456789abcdef0123456789", "JGW", "PROVIDER")),
                Arguments.of("without org", TestTokens.withoutOrg("PROVIDER")));
    }

    @ParameterizedTest(name = "{0} token → 401")
    @MethodSource("badTokens")
    void badTokensAre401AndWriteNothing(String what, String token) {
        Map<String, Object> body = fact(unit);
        var written = recordsWrittenBy(() -> {
            WebTestClient.RequestBodySpec request =
                    api.http.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(401);
        });
        assertThat(written).isEmpty();
    }

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("SFJ is not a provider of 4.1", TestTokens.token("SFJ", "PROVIDER"), new Object[] {}),
                Arguments.of("JGW without role PROVIDER", TestTokens.token("JGW", "CONSUMER"), new Object[] {}),
                Arguments.of("a unit reports 7.4 about another unit", TestTokens.token("SFJ", "UNIT"), new Object[] {
                    "indicator", "7.4", "outcome", "NATIONAL"
                }),
                Arguments.of(
                        "a provider reports the self-reported 7.2",
                        TestTokens.token("JGW", "PROVIDER"),
                        new Object[] {"indicator", "7.2", "outcome", "NATION"}));
    }

    @ParameterizedTest(name = "{0} → 403")
    @MethodSource("forbidden")
    void factsOutsideTheCallersRightsAre403AndWriteNothing(String what, String token, Object[] change) {
        Map<String, Object> body = with(fact(unit), change);
        var written = recordsWrittenBy(() -> api.post(token, body)
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isNotEmpty());
        assertThat(written).isEmpty();
    }

    @Test
    void aUnitReportsItsOwnHonour() {
        api.post(TestTokens.token(unit, "UNIT"), with(fact(unit), "indicator", "7.4", "outcome", "NATIONAL"))
                .expectStatus()
                .isAccepted();
    }

    @Test
    void onlyTheCreditOfficeRegistersUnitsAndOnlyCourtsListDebtors() {
        var written = recordsWrittenBy(() -> {
            api.http
                    .put()
                    .uri("/api/v1/units/{id}", newUnitId())
                    .header("Authorization", "Bearer " + TestTokens.token("JGW", "PROVIDER"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "某单位", "active", true))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            api.http
                    .post()
                    .uri("/api/v1/debtor-listings")
                    .header("Authorization", "Bearer " + TestTokens.token("SFJ", "PROVIDER"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("caseNumber", "(2026)豫9001执1号", "unitId", unit, "status", "LISTED"))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        });
        assertThat(written).isEmpty();
    }

    @Test
    void invalidRegistrationsAndListingsAre400() {
        api.http
                .put()
                .uri("/api/v1/units/{id}", "有 空格")
                .header("Authorization", "Bearer " + IngestApi.creditOffice())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("active", "yes"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field")
                .value(f -> assertThat(f.toString()).contains("unitId", "name", "active"));
        api.http
                .post()
                .uri("/api/v1/debtor-listings")
                .header("Authorization", "Bearer " + TestTokens.token("ZJFY", "PROVIDER"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("caseNumber", " ", "unitId", unit, "status", "LIFTED"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field")
                .value(f -> assertThat(f.toString()).contains("caseNumber", "status"));
    }

    @Test
    void factsAboutUnknownOrInactiveUnitsAre404AndWriteNothing() {
        String inactive = newUnitId();
        api.registerUnit(inactive, "已撤销的单位", false).expectStatus().isOk();
        var written = recordsWrittenBy(() -> {
            api.post(JGW, fact("NEVER_REGISTERED"))
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat(d.toString()).contains("not registered"));
            api.post(JGW, fact(inactive))
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat(d.toString()).contains("not active"));
            api.http
                    .post()
                    .uri("/api/v1/debtor-listings")
                    .header("Authorization", "Bearer " + TestTokens.token("SFY", "PROVIDER"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("caseNumber", "(2026)豫9001执9号", "unitId", "NEVER_REGISTERED", "status", "LISTED"))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            // like a fact, a listing needs an active unit (audit D7)
            api.http
                    .post()
                    .uri("/api/v1/debtor-listings")
                    .header("Authorization", "Bearer " + TestTokens.token("SFY", "PROVIDER"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("caseNumber", "(2026)豫9001执9号", "unitId", inactive, "status", "LISTED"))
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat(d.toString()).contains("not active"));
        });
        assertThat(written).isEmpty();
    }

    @Test
    void bodiesAboveTheLimitAre413AndWriteNothing() {
        String huge = "{\"eventId\":\"" + "x".repeat(300 * 1024) + "\"}";
        var written = recordsWrittenBy(() -> {
            api.http
                    .post()
                    .uri("/api/v1/events")
                    .header("Authorization", "Bearer " + JGW)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(huge)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(413)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            api.http
                    .post()
                    .uri("/api/v1/events/batch")
                    .header("Authorization", "Bearer " + JGW)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"events\":[\"" + "y".repeat(17 * 1024 * 1024) + "\"]}")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(413);
        });
        assertThat(written).isEmpty();
    }

    /** Review I3: a body without a length was read up to 16 MB on every endpoint, whatever its own limit. */
    @Test
    void aChunkedBodyOverTheEndpointsLimitIs413() {
        var written = recordsWrittenBy(() -> {
            for (String[] endpoint :
                    new String[][] {{"POST", "/api/v1/events", "300"}, {"PUT", "/api/v1/units/CHUNKY", "70"}}) {
                byte[] chunk = ("\"" + "x".repeat(1022) + "\",").getBytes(StandardCharsets.UTF_8);
                var body = Flux.range(0, Integer.parseInt(endpoint[2]))
                        .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk))
                        .cast(DataBuffer.class);
                api.http
                        .method(HttpMethod.valueOf(endpoint[0]))
                        .uri(endpoint[1])
                        .header(
                                "Authorization",
                                "Bearer " + (endpoint[0].equals("PUT") ? IngestApi.creditOffice() : JGW))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body, DataBuffer.class)
                        .exchange()
                        .expectStatus()
                        .isEqualTo(413);
            }
        });
        assertThat(written).isEmpty();
    }

    /**
     * Probe: a client that sends its whole body before reading (Python's urllib) got a reset connection instead of
     * the 413. The service now reads and throws the body away before it closes.
     */
    @Test
    void aClientThatSendsItsWholeOversizeBodyCanReadThe413() throws Exception {
        int size = 20 * 1024 * 1024;
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/events/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + JGW
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[64 * 1024];
            Arrays.fill(piece, (byte) ' ');
            for (int sent = 0; sent < size; sent += piece.length) {
                out.write(piece); // a reset connection would throw here
            }
            out.flush();
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).startsWith("HTTP/1.1 413 ");
        }
    }

    @Test
    void aBatchAboveAThousandOrEmptyIs400() {
        List<Map<String, Object>> tooMany =
                Stream.generate(() -> fact(unit)).limit(1001).toList();
        var written = recordsWrittenBy(() -> {
            api.batch(JGW, tooMany)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("events");
            api.batch(JGW, List.of()).expectStatus().isBadRequest();
        });
        assertThat(written).isEmpty();
    }
}
