package cn.jiyuan.integrity.console.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.console.web.Spreadsheets;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class FactSheetTest {

    private static final String HEADER = "单位代码,指标,情形代码,分值,评价期,发生日期,文号或案号\n";

    @Test
    void theTemplateReadsBackAsItsExampleRow() throws Exception {
        List<Map<String, String>> rows = FactSheet.read("模板.xlsx", FactSheet.templateXlsx());
        assertThat(rows)
                .containsExactly(Map.of(
                        "unitId", "KJZ",
                        "indicator", "4.1",
                        "outcome", "TALK_OR_CRITICISM",
                        "occurredOn", "2026-11-20",
                        "reference", "济纪发〔2026〕7号",
                        "summary", "示例：谈话提醒"));
        assertThat(FactSheet.read("模板.csv", Spreadsheets.csv(FactSheet.template())))
                .isEqualTo(rows);
    }

    @Test
    void theSameRowGetsTheSameEventIdInEveryUploadAndAnotherRowAnother() throws Exception {
        byte[] file = (HEADER + "KJZ,4.1,TALK_OR_CRITICISM,,,2026-11-20,济纪发〔2026〕7号\n"
                        + "KJZ,4.1,TALK_OR_CRITICISM,,,2026-11-20,济纪发〔2026〕8号\n")
                .getBytes(StandardCharsets.UTF_8);
        List<Map<String, String>> first = FactSheet.read("a.csv", file);
        List<Map<String, String>> again = FactSheet.read("a.csv", file);
        Object id = FactSheet.event("JGW", first.get(0)).get("eventId");
        assertThat(FactSheet.event("JGW", again.get(0))).containsEntry("eventId", id);
        assertThat(FactSheet.event("JGW", first.get(1)).get("eventId")).isNotEqualTo(id);
        // another department's identical row is another fact
        assertThat(FactSheet.event("SFJ", first.get(0)).get("eventId")).isNotEqualTo(id);
    }

    @Test
    void aGivenEventIdIsKeptAndPointsBecomeNumbersOrStayAsTypedForTheServiceToRefuse() throws Exception {
        byte[] file = ("信息编号（可留空）,单位代码,指标,情形代码,分值,评价期,发生日期\n"
                        + "0f8fad5b-d9cb-469f-a165-70867728950e,KJZ,2.3,ASSESSED,3.5,2025,2026-01-10\n"
                        + ",KJZ,2.3,ASSESSED,三点五,2025,2026-01-10\n")
                .getBytes(StandardCharsets.UTF_8);
        List<Map<String, String>> rows = FactSheet.read("b.csv", file);
        Map<String, Object> given = FactSheet.event("ZWFWJ", rows.get(0));
        assertThat(given)
                .containsEntry("eventId", "0f8fad5b-d9cb-469f-a165-70867728950e")
                .containsEntry("points", new BigDecimal("3.5"))
                .containsEntry("period", "2025");
        assertThat(FactSheet.event("ZWFWJ", rows.get(1))).containsEntry("points", "三点五");
    }

    @Test
    void aCsvSavedByExcelOnChineseWindowsIsReadAsGb18030() throws Exception {
        byte[] gbk =
                (HEADER + "KJZ,4.1,LIGHT_DISCIPLINE,,,2026-11-20,济纪发〔2026〕9号\n").getBytes(Charset.forName("GB18030"));
        assertThat(FactSheet.read("gbk.csv", gbk).get(0)).containsEntry("reference", "济纪发〔2026〕9号");
    }

    @Test
    void aDateCellIsReadAsADate() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet();
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("单位代码");
            header.createCell(1).setCellValue("指标");
            header.createCell(2).setCellValue("发生日期");
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("KJZ");
            row.createCell(1).setCellValue("4.1");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy/m/d"));
            var cell = row.createCell(2);
            cell.setCellValue(LocalDate.of(2026, 3, 14));
            cell.setCellStyle(date);
            book.write(out);
            assertThat(FactSheet.read("d.xlsx", out.toByteArray()).get(0)).containsEntry("occurredOn", "2026-03-14");
        }
    }

    @Test
    void aFileWithoutTheTemplatesHeaderOrWithTooManyRowsIsRefusedAsAWhole() {
        assertThatThrownBy(() -> FactSheet.read("x.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FactSheet.Unreadable.class)
                .hasMessageContaining("表头");
        StringBuilder many = new StringBuilder(HEADER);
        for (int i = 0; i <= FactSheet.MAX_ROWS; i++) {
            many.append("KJZ,4.1,TALK_OR_CRITICISM,,,2026-11-20,").append(i).append('\n');
        }
        assertThatThrownBy(() -> FactSheet.read("many.csv", many.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FactSheet.Unreadable.class)
                .hasMessageContaining("1001");
        assertThatThrownBy(() -> FactSheet.read("bad.xlsx", new byte[] {1, 2, 3}))
                .isInstanceOf(FactSheet.Unreadable.class)
                .hasMessageContaining("另存为 .xlsx")
                .message()
                .as("what the person reads names no class of the console's libraries")
                .doesNotContainIgnoringCase("exception");
    }
}
