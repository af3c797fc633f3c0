package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.query.official.OfficialResults;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.evaluation.ResultChecksum;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.OfficialEvaluation;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Issue 16 §1: a year's official result frozen, versioned, published on its topic, read as scores are. */
@SuppressWarnings("unchecked")
class OfficialResultsIntegrationTest extends QueryTestBase {

    @Autowired
    OfficialResults store;

    private WebTestClient.ResponseSpec post(String path, String token, Object body) {
        return http.post()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .bodyValue(body)
                .exchange();
    }

    private static Map<?, ?> body(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private Map<?, ?> read(String path, String token, String purpose) {
        return body(get(path, token, purpose), 200);
    }

    @Test
    void theCreditOfficeFreezesAndPublishesAYearWhichIsThenReadAsScoresAre() throws Exception {
        String unit = Events.newUnitId();
        String other = Events.newUnitId();
        events.register(unit, true, daysAgo(60));
        events.register(other, true, daysAgo(60));
        CreditFact revoked = CreditFact.newBuilder(
                        Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(40)))
                .setRecordedAt(daysAgo(20))
                .build();
        events.send(revoked, unit);
        awaitApplied(unit, 2);
        awaitApplied(other, 1);
        LocalDate asOf = today().minusDays(1);
        int year = asOf.getYear();
        String path = "/api/v1/evaluations/" + year;
        String office = creditOffice();
        String consumer = consumer("CZJ");

        // Bad requests write nothing, each naming its field.
        assertProblem(post(path, office, Map.of("asOf", asOf.toString())), 400, "signedOffBy");
        assertProblem(post(path, office, Map.of("asOf", today().toString(), "signedOffBy", "张主任")), 400, "asOf");
        assertProblem(post(path, office, Map.of("signedOffBy", "张主任", "extra", 1)), 400, "extra");
        assertProblem(post("/api/v1/evaluations/20x5", office, Map.of("signedOffBy", "张主任")), 400, "year");
        assertProblem(
                post(path, TestTokens.token("SFJ", "PROVIDER"), Map.of("signedOffBy", "张主任")), 403, "credit office");
        assertProblem(get(path, consumer, "FISCAL_FUNDING"), 404, "published");
        assertThat(count("SELECT count(*) FROM official_results WHERE year = " + year))
                .isZero();

        Map<?, ?> frozen = body(post(path, office, Map.of("asOf", asOf.toString(), "signedOffBy", "张主任")), 201);
        Map<?, ?> result = (Map<?, ?>) frozen.get("result");
        assertThat(result.get("version")).isEqualTo(1);
        assertThat(result.get("status")).isEqualTo("FROZEN");
        assertThat(result.get("signedOffBy")).isEqualTo("张主任");
        assertThat(result.get("frozenBy")).isEqualTo("test-xyb");
        assertThat((List<?>) frozen.get("differences")).isEmpty();
        // every active unit of the date, as the ranking of that date has them
        List<?> ranking =
                (List<?>) read("/api/v1/rankings?asOf=" + asOf, office, null).get("units");
        assertThat(result.get("unitCount")).isEqualTo(ranking.size());
        // the checksum is that of the stored units' canonical text
        var units = store.units(year, 1).block();
        assertThat(ResultChecksum.of(year, asOf, (String) result.get("catalogVersion"), units))
                .isEqualTo(result.get("checksum"));

        Map<?, ?> mine = read(path + "/units/" + unit, office, null);
        assertThat(new BigDecimal(mine.get("score").toString())).isEqualByComparingTo("98.00");
        assertThat((List<?>) mine.get("indicators")).hasSize(35);
        assertThat((List<Object>) mine.get("factIds")).containsExactly((Object) revoked.getEventId());
        assertThat(mine.get("unitChecksum"))
                .isEqualTo(ResultChecksum.ofUnit(units.stream()
                        .filter(u -> u.unitId().equals(unit))
                        .findFirst()
                        .orElseThrow()));

        // Before 公示 the result is the credit office's alone.
        assertProblem(get(path + "?version=1", consumer, "FISCAL_FUNDING"), 403, "published");
        assertProblem(get(path + "/units/" + unit, TestTokens.token(unit, "UNIT")), 404, "published");
        // A stored version is never changed.
        assertThatThrownBy(() -> db.sql("UPDATE official_result_units SET score = 100 WHERE year = " + year)
                        .then()
                        .block())
                .hasMessageContaining("never changed");

        String publication = path + "/versions/1/publication";
        assertProblem(post(publication, office, Map.of("publicityWorkingDays", 0)), 400, "publicityWorkingDays");
        assertProblem(post(publication, consumer, Map.of()), 400, "X-Query-Purpose");
        assertProblem(post(path + "/versions/9/publication", office, Map.of()), 404, "version 9");
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.EVALUATIONS)) {
            Map<?, ?> published = body(post(publication, office, Map.of("publicityWorkingDays", 5)), 200);
            assertThat(published.get("status")).isEqualTo("IN_PUBLICITY");
            assertThat(published.get("onTopic")).isEqualTo(true);
            assertThat(LocalDate.parse((String) published.get("publicityEndsOn")))
                    .isAfter(today());

            var records = topic.readUntil(
                    v -> v instanceof OfficialEvaluation e && e.getYear() == year && e.getPart() == e.getParts());
            var parts = records.stream()
                    .map(r -> (OfficialEvaluation) r.value())
                    .filter(e -> e.getYear() == year)
                    .toList();
            assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(String.valueOf(year)));
            assertThat(parts).allSatisfy(e -> {
                assertThat(e.getChecksum()).isEqualTo(result.get("checksum"));
                assertThat(e.getVersion()).isEqualTo(1);
            });
            assertThat(parts.stream().mapToInt(e -> e.getUnits().size()).sum()).isEqualTo(ranking.size());
        }
        assertProblem(post(publication, office, Map.of()), 409, "was published");

        // Published: read as scores are.
        Map<?, ?> official = read(path, consumer, "FISCAL_FUNDING");
        assertThat((List<?>) official.get("units"))
                .anySatisfy(u -> assertThat(((Map<?, ?>) u).get("unitId")).isEqualTo(unit));
        assertThat(read(path + "/units/" + unit, TestTokens.token(unit, "UNIT"), null)
                        .get("unitId"))
                .isEqualTo(unit);
        assertProblem(get(path + "/units/" + other, TestTokens.token(unit, "UNIT")), 403, other);
        assertProblem(get(path + "/units/" + unit, TestTokens.token("SFJ", "PROVIDER")), 403, "providers");
        List<?> listed = (List<?>)
                read("/api/v1/evaluations", consumer, "FISCAL_FUNDING").get("evaluations");
        assertThat(listed)
                .anySatisfy(v -> assertThat(((Map<?, ?>) v).get("year")).isEqualTo(year));
        exportsOf(year, unit, (String) result.get("checksum"), ranking.size());
    }

    /** The exports of the result just published: the XLSX's sheets, the PDFs' text, fonts, and pictures. */
    private void exportsOf(int year, String unit, String checksum, int units) throws Exception {
        String path = "/api/v1/evaluations/" + year;
        byte[] xlsx = bytes(path + "/result.xlsx", creditOffice(), null);
        try (var book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(book.getSheetAt(0).getSheetName()).isEqualTo("说明");
            assertThat(book.getSheet("说明").getRow(6).getCell(1).getStringCellValue())
                    .isEqualTo(checksum);
            int graded = book.getSheet("优良").getLastRowNum()
                    + book.getSheet("较好").getLastRowNum()
                    + book.getSheet("一般").getLastRowNum();
            assertThat(graded).isEqualTo(units);
            var detail = book.getSheet("指标明细");
            assertThat(detail.getRow(0).getLastCellNum()).isEqualTo((short) (5 + 35));
            assertThat(detail.getLastRowNum()).isEqualTo(units);
        }
        Path out = Path.of("target", "official-reports");
        Files.createDirectories(out);
        String yearText = pdfText(bytes(path + "/report.pdf", consumer("CZJ"), "HONOURS"), out.resolve("year"));
        assertThat(yearText).contains(year + "年度政务诚信综合监测评价结果", "评价方法", "等级分布", checksum, "单位" + unit);
        String unitText = pdfText(
                bytes(path + "/units/" + unit + "/report.pdf", TestTokens.token(unit, "UNIT"), null),
                out.resolve("unit"));
        assertThat(unitText).contains("信用评价报告", "单位" + unit, "98.00", "行政执法行为被撤销", checksum);
        assertProblem(get(path + "/units/" + unit + "/report.pdf", TestTokens.token("KJZ", "UNIT")), 403, unit);
    }

    private byte[] bytes(String path, String token, String purpose) {
        return get(path, token, purpose)
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
    }

    /** The PDF's text; its fonts are embedded; its pages rendered to PNG as {@code prefix}-N.png to look at. */
    private static String pdfText(byte[] pdf, Path prefix) throws Exception {
        try (var doc = Loader.loadPDF(pdf)) {
            var renderer = new PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                var resources = doc.getPage(i).getResources();
                for (var name : resources.getFontNames()) {
                    assertThat(resources.getFont(name).isEmbedded())
                            .as("font %s on page %d is embedded", name, i + 1)
                            .isTrue();
                }
                ImageIO.write(
                        renderer.renderImageWithDPI(i, 72),
                        "png",
                        prefix.resolveSibling(prefix.getFileName() + "-" + (i + 1) + ".png")
                                .toFile());
            }
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void aCorrectionApprovedAfterTheDateIsTheNextVersionWithItsDifferences() {
        int year = today().getYear() - 1;
        LocalDate asOf = LocalDate.of(year, 12, 31);
        String unit = Events.newUnitId();
        events.register(
                unit,
                true,
                LocalDate.of(year, 6, 1)
                        .atTime(LocalTime.NOON)
                        .atZone(ChinaTime.ZONE)
                        .toInstant());
        CreditFact revoked = CreditFact.newBuilder(
                        Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, LocalDate.of(year, 11, 3)))
                .setRecordedAt(LocalDate.of(year, 11, 4)
                        .atTime(LocalTime.NOON)
                        .atZone(ChinaTime.ZONE)
                        .toInstant())
                .build();
        events.send(revoked, unit);
        awaitApplied(unit, 2);
        String path = "/api/v1/evaluations/" + year;
        String office = creditOffice();
        body(post(path, office, Map.of("signedOffBy", "张主任")), 201);
        assertThat(new BigDecimal(
                        read(path + "/units/" + unit, office, null).get("score").toString()))
                .isEqualByComparingTo("98.00");
        assertProblem(post(path, office, Map.of("signedOffBy", "张主任", "reason", "复核")), 409, "nothing changed");
        body(post(path + "/versions/1/publication", office, Map.of()), 200);

        // An objection upheld during 公示: the fact is deleted now, after the date.
        events.send(Events.deletion(revoked), unit);
        awaitApplied(unit, 3);
        // Time travel still answers as things were recorded on the date …
        assertThat(new BigDecimal(read("/api/v1/units/" + unit + "/score?asOf=" + asOf, office, null)
                        .get("score")
                        .toString()))
                .isEqualByComparingTo("98.00");
        // … and a new version of the year's result takes the correction.
        assertProblem(post(path, office, Map.of("signedOffBy", "张主任")), 400, "reason");
        Map<?, ?> second = body(post(path, office, Map.of("signedOffBy", "张主任", "reason", "异议属实，删除一条信息")), 201);
        assertThat(((Map<?, ?>) second.get("result")).get("version")).isEqualTo(2);
        Map<?, ?> change = (Map<?, ?>) ((List<?>) second.get("differences"))
                .stream()
                        .filter(c -> ((Map<?, ?>) c).get("unitId").equals(unit))
                        .findFirst()
                        .orElseThrow();
        assertThat(new BigDecimal(
                        ((Map<?, ?>) change.get("before")).get("score").toString()))
                .isEqualByComparingTo("98.00");
        assertThat(new BigDecimal(((Map<?, ?>) change.get("after")).get("score").toString()))
                .isEqualByComparingTo("100.00");
        assertThat((List<Object>) change.get("factsRemoved")).containsExactly((Object) revoked.getEventId());
        Map<?, ?> diff = read(path + "/diff?from=1&to=2", office, null);
        assertThat((List<?>) diff.get("changes")).hasSameSizeAs((List<?>) second.get("differences"));
        assertProblem(get(path + "/diff?from=1", office), 400, "to");

        // Until version 2 is published, readers see version 1; then version 1 is superseded.
        assertThat(((Map<?, ?>) read(path, consumer("CZJ"), "HONOURS").get("result")).get("version"))
                .isEqualTo(1);
        body(post(path + "/versions/2/publication", office, Map.of("publicityWorkingDays", 3)), 200);
        assertThat(((Map<?, ?>) read(path, consumer("CZJ"), "HONOURS").get("result")).get("version"))
                .isEqualTo(2);
        assertThat(((Map<?, ?>) read(path + "?version=1", office, null).get("result")).get("status"))
                .isEqualTo("SUPERSEDED");
        assertThat(new BigDecimal(read(path + "/units/" + unit, TestTokens.token(unit, "UNIT"), null)
                        .get("score")
                        .toString()))
                .isEqualByComparingTo("100.00");
    }
}
