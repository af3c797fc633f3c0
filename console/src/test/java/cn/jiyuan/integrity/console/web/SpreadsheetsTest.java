package cn.jiyuan.integrity.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class SpreadsheetsTest {

    private final List<List<Object>> table =
            List.of(List.of("名次", "单位代码", "单位名称", "得分"), List.of(1, "KJZ", "克井镇人民政府, 北区", new BigDecimal("97.50")));

    @Test
    void csvIsUtf8WithAByteOrderMarkSoExcelReadsTheChinese() {
        byte[] csv = Spreadsheets.csv(table);
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("名次,单位代码,单位名称,得分\r\n1,KJZ,\"克井镇人民政府, 北区\",97.50\r\n");
    }

    @Test
    void xlsxKeepsHeadersAsTextAndScoresAsNumbers() throws Exception {
        try (XSSFWorkbook book =
                new XSSFWorkbook(new ByteArrayInputStream(Spreadsheets.xlsx("排名 2026-11-27", table)))) {
            Sheet sheet = book.getSheet("排名 2026-11-27");
            assertThat(sheet.getRow(0).getCell(2).getStringCellValue()).isEqualTo("单位名称");
            assertThat(sheet.getRow(1).getCell(3).getNumericCellValue()).isEqualTo(97.5);
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue()).isEqualTo("克井镇人民政府, 北区");
        }
    }
}
