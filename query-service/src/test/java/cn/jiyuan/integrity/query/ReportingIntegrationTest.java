package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Issue 16 §2 (第十二条): facts reported late by how many working days, and periodic information never sent. */
class ReportingIntegrationTest extends QueryTestBase {

    private static Instant noon(LocalDate day) {
        return day.atTime(LocalTime.NOON).atZone(ChinaTime.ZONE).toInstant();
    }

    @Test
    void aProvidersLateFactsAndTheAssessmentsItNeverSent() throws Exception {
        int year = today().getYear() - 1;
        String unit = Events.newUnitId();
        events.register(unit, true, noon(LocalDate.of(year, 1, 2)));
        // ZWFWJ assesses 4.2 (monthly) for March only, and late: due 7 working days after 03-31.
        LocalDate recorded = LocalDate.of(year, 5, 12);
        CreditFact march = CreditFact.newBuilder(Events.fact(
                        UUID.randomUUID().toString(),
                        unit,
                        "4.2",
                        "ASSESSED",
                        new BigDecimal("3.5"),
                        LocalDate.of(year, 3, 31),
                        noon(recorded)))
                .setPeriod(year + "-03")
                .setProviderOrg("ZWFWJ")
                .build();
        events.send(march, unit);
        awaitApplied(unit, 2);
        String office = creditOffice();

        Map<?, ?> late = ok("/api/v1/reports/late?from=" + recorded + "&to=" + recorded + "&providerOrg=ZWFWJ", office);
        List<?> providers = (List<?>) late.get("providers");
        assertThat(providers).hasSize(1);
        Map<?, ?> zwfwj = (Map<?, ?>) providers.get(0);
        assertThat(zwfwj.get("providerOrg")).isEqualTo("ZWFWJ");
        assertThat(zwfwj.get("name")).asString().contains("政务服务");
        int daysLate = WorkdayCalendar.standard().workingDaysLate(LocalDate.of(year, 3, 31), recorded);
        assertThat(daysLate).isPositive();
        Map<?, ?> indicator = (Map<?, ?>) ((List<?>) zwfwj.get("indicators")).get(0);
        assertThat(indicator.get("indicator")).isEqualTo("4.2");
        assertThat(indicator.get("reported")).isEqualTo(1);
        assertThat(indicator.get("late")).isEqualTo(1);
        assertThat(indicator.get("maxWorkingDaysLate")).isEqualTo(daysLate);

        Map<?, ?> missing = ok("/api/v1/reports/missing?year=" + year, office);
        assertThat(missing.get("year")).isEqualTo(year);
        // 4.2's March is settled for the unit; its other months are missing, charged to ZWFWJ …
        assertThat(periodsOf(missing, "ZWFWJ", "4.2", year + "-01")).contains((Object) unit);
        assertThat(periodsOf(missing, "ZWFWJ", "4.2", year + "-03")).doesNotContain((Object) unit);
        // … and 3.4 (monthly, WMB and XZFWZX) was never assessed at all: missing for both its providers.
        assertThat(periodsOf(missing, "WMB", "3.4", year + "-12")).contains((Object) unit);
        assertThat(periodsOf(missing, "XZFWZX", "3.4", year + "-12")).contains((Object) unit);
        assertThat(periodsOf(missing, "ZWFWJ", "2.3", String.valueOf(year))).isEmpty(); // not ZWFWJ's indicator

        // A provider reads its own report, and only that.
        String zwfwjToken = TestTokens.token("ZWFWJ", "PROVIDER");
        Map<?, ?> own = ok("/api/v1/reports/missing?year=" + year, zwfwjToken);
        assertThat((List<?>) own.get("providers"))
                .allSatisfy(p -> assertThat(((Map<?, ?>) p).get("providerOrg")).isEqualTo("ZWFWJ"));
        assertProblem(get("/api/v1/reports/missing?providerOrg=WMB", zwfwjToken), 403, "its own");
        assertProblem(get("/api/v1/reports/late", TestTokens.token(unit, "UNIT")), 403, "credit office");
        // Bad input names its field.
        assertProblem(get("/api/v1/reports/late?from=x", office), 400, "from");
        assertProblem(get("/api/v1/reports/late?from=2026-02-01&to=2026-01-01", office), 400, "from");
        assertProblem(get("/api/v1/reports/missing?year=2019", office), 400, "year");
        assertProblem(get("/api/v1/reports/missing?providerOrg=NOPE", office), 400, "providerOrg");

        // The same as spreadsheets.
        try (var book = new XSSFWorkbook(new ByteArrayInputStream(bytes(
                "/api/v1/reports/late.xlsx?from=" + recorded + "&to=" + recorded + "&providerOrg=ZWFWJ", office)))) {
            var sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(5).getStringCellValue()).isEqualTo("迟报条数");
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue()).isEqualTo("4.2");
            assertThat(sheet.getRow(1).getCell(6).getNumericCellValue()).isEqualTo(daysLate);
        }
        try (var book = new XSSFWorkbook(
                new ByteArrayInputStream(bytes("/api/v1/reports/missing.xlsx?year=" + year, zwfwjToken)))) {
            var sheet = book.getSheetAt(0);
            boolean found = false;
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                var row = sheet.getRow(r);
                assertThat(row.getCell(0).getStringCellValue()).isEqualTo("ZWFWJ");
                found |= row.getCell(6).getStringCellValue().equals(unit)
                        && row.getCell(4).getStringCellValue().equals(year + "-01");
            }
            assertThat(found).isTrue();
        }
    }

    private static List<Object> periodsOf(Map<?, ?> report, String provider, String indicator, String period) {
        for (Object p : (List<?>) report.get("providers")) {
            Map<?, ?> m = (Map<?, ?>) p;
            if (!provider.equals(m.get("providerOrg"))) {
                continue;
            }
            for (Object q : (List<?>) m.get("periods")) {
                Map<?, ?> missing = (Map<?, ?>) q;
                if (indicator.equals(missing.get("indicator")) && period.equals(missing.get("period"))) {
                    return List.copyOf((List<?>) missing.get("unitIds"));
                }
            }
        }
        return List.of();
    }

    private byte[] bytes(String path, String token) {
        return get(path, token)
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
    }
}
