package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.ReferenceKind;
import cn.jiyuan.integrity.support.testing.ReferenceDocuments;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Issue 16 §5: the credit office uploads next year's working-day notice and a revised catalog; each is checked as the
 * rules library checks its own data, kept as an event on integrity.reference-data.v1 and in force at once.
 */
class ReferenceDataIntegrationTest extends QueryTestBase {

    private WebTestClient.ResponseSpec putNotice(String year, String token, Object body) {
        return http.put()
                .uri("/api/v1/calendar/" + year)
                .header("Authorization", "Bearer " + token)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec postCatalog(String token, String body) {
        return http.post()
                .uri("/api/v1/catalog/versions")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void nextYearsNoticeIsCheckedKeptAsAnEventAndInForceAtOnce() {
        String office = creditOffice();
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.REFERENCE_DATA)) {
            clock.setTo(Instant.parse("2026-12-02T02:00:00Z"));
            Map<?, ?> before = ok("/api/v1/calendar", TestTokens.token("FGTJJ", "UNIT"));
            assertThat(before.get("nextYearCovered")).isEqualTo(false);
            assertThat((String) before.get("warning")).contains("2027年的法定节假日安排尚未录入");
            assertThat((List<?>) before.get("years"))
                    .hasSize(6)
                    .allSatisfy(y -> assertThat(((Map<?, ?>) y).get("shipped")).isEqualTo(true));

            // Refused, each naming its field; nothing goes on the topic.
            assertProblem(putNotice("2027", TestTokens.token("SFJ", "PROVIDER"), Map.of("off", List.of("01-01"))), 403);
            assertProblem(putNotice("20x7", office, Map.of("off", List.of("01-01"))), 400, "\"year\"");
            assertProblem(putNotice("2027", office, Map.of()), 400, "\"off\"", "is required");
            assertProblem(
                    putNotice("2027", office, Map.of("off", List.of("01-01", "05-05..05-01"))),
                    400,
                    "\"off[1]\"",
                    "ends before it starts");
            assertProblem(
                    putNotice("2027", office, Map.of("off", List.of("01-01"), "makeUp", List.of("01-04"))),
                    400,
                    "\"makeUp[0]\"",
                    "not a Saturday or Sunday");
            assertProblem(putNotice("2027", office, Map.of("off", List.of("01-01"), "holidays", 1)), 400, "holidays");

            // The notice for 2027, its New Year holiday begun on Thursday 2026-12-31.
            Map<?, ?> created = putNotice(
                            "2027",
                            office,
                            Map.of(
                                    "off", List.of("12-31..01-03", "02-06..02-14"),
                                    "makeUp", List.of("02-20"),
                                    "source", "国办发明电〔2026〕7号"))
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(created.get("shipped")).isEqualTo(false);
            assertThat(created.get("uploadedBy")).isEqualTo("test-xyb");
            Map<?, ?> after = ok("/api/v1/calendar", office);
            assertThat(after.get("nextYearCovered")).isEqualTo(true);
            assertThat(after.containsKey("warning")).isFalse();
            Map<?, ?> y2027 = (Map<?, ?>) ((List<?>) after.get("years"))
                    .stream()
                            .map(y -> (Map<?, ?>) y)
                            .filter(y -> y.get("year").equals(2027))
                            .findFirst()
                            .orElseThrow();
            assertThat(y2027.get("source")).isEqualTo("国办发明电〔2026〕7号");

            // The same again is a conflict; a different one replaces it only with a reason.
            assertProblem(
                    putNotice(
                            "2027",
                            office,
                            Map.of("off", List.of("12-31..01-03", "02-06..02-14"), "makeUp", List.of("02-20"))),
                    409);
            assertProblem(putNotice("2027", office, Map.of("off", List.of("01-01..01-03"))), 400, "\"reason\"");
            putNotice("2027", office, Map.of("off", List.of("01-01..01-03"), "reason", "通知更正：春节安排另行公布"))
                    .expectStatus()
                    .isOk();

            var records = topic.readUntil(r -> r instanceof ReferenceDocument d && d.getReason() != null);
            List<ReferenceDocument> documents = records.stream()
                    .map(r -> (ReferenceDocument) r.value())
                    .filter(d -> d.getName().equals("2027"))
                    .toList();
            assertThat(documents).hasSize(2);
            assertThat(documents.get(0).getKind()).isEqualTo(ReferenceKind.CALENDAR_NOTICE);
            assertThat(documents.get(0).getContent()).contains("12-31..01-03");
            assertThat(documents.get(0).getSha256())
                    .isEqualTo(sha256(documents.get(0).getContent()));
            assertThat(records.get(records.size() - 1).key()).isEqualTo("CALENDAR_NOTICE:2027");
        } finally {
            clock.reset();
        }
    }

    @Test
    void aRevisedCatalogTakesEffectOnItsDayAndIsRefusedForThePast() {
        String office = creditOffice();
        assertProblem(postCatalog(office, "{ not json"), 400, "not valid JSON");
        assertProblem(postCatalog(office, "{}"), 400, "organisations");
        assertProblem(
                postCatalog(office, ReferenceDocuments.catalogText("jgb-2026-x", today().toString())),
                400,
                "\"effectiveFrom\"");
        assertProblem(
                postCatalog(office, ReferenceDocuments.catalogText("jgb-2022-44", "2099-01-01")),
                409,
                "exists already");
        assertProblem(
                postCatalog(
                        TestTokens.token("XYB", "CONSUMER"), ReferenceDocuments.catalogText("jgb-2099", "2099-01-01")),
                400);

        Map<?, ?> created = postCatalog(office, ReferenceDocuments.catalogText("jgb-2099", "2099-01-01"))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(created.get("effectiveFrom")).isEqualTo("2099-01-01");
        Map<?, ?> versions = ok("/api/v1/catalog/versions", TestTokens.token("SFJ", "PROVIDER"));
        assertThat(((List<?>) versions.get("versions"))
                        .stream()
                                .map(v -> String.valueOf(((Map<?, ?>) v).get("version")))
                                .toList())
                .containsExactly("jgb-2022-44", "jgb-2099");
        assertThat(((Map<?, ?>) ((List<?>) versions.get("versions")).get(0)).get("inForce"))
                .isEqualTo(true);
        assertThat(ok("/api/v1/catalog", office).toString()).contains("jgb-2022-44");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
