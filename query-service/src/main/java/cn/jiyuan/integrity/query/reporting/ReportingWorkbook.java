package cn.jiyuan.integrity.query.reporting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** The 第十二条 reports as spreadsheets with Chinese headers: one row per provider and indicator, or per missing unit. */
public final class ReportingWorkbook {

    private ReportingWorkbook() {}

    public static byte[] timeliness(LocalDate from, LocalDate to, List<ReportingReports.ProviderTimeliness> providers) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("迟报统计 " + from + " 至 " + to);
            header(book, sheet, "报送单位代码", "报送单位", "指标", "指标名称", "报送条数", "迟报条数", "最多迟报工作日", "迟报工作日合计");
            int r = 1;
            for (var p : providers) {
                for (var i : p.indicators()) {
                    Row row = sheet.createRow(r++);
                    row.createCell(0).setCellValue(p.providerOrg());
                    row.createCell(1).setCellValue(p.name());
                    row.createCell(2).setCellValue(i.indicator());
                    row.createCell(3).setCellValue(i.name());
                    row.createCell(4).setCellValue(i.reported());
                    row.createCell(5).setCellValue(i.late());
                    row.createCell(6).setCellValue(i.maxWorkingDaysLate());
                    row.createCell(7).setCellValue(i.workingDaysLate());
                }
            }
            sheet.setColumnWidth(1, 24 * 256);
            sheet.setColumnWidth(3, 24 * 256);
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] missing(int year, LocalDate asOf, List<ReportingReports.ProviderMissing> providers) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet(year + "年漏报 截至" + asOf);
            header(book, sheet, "报送单位代码", "报送单位", "指标", "指标名称", "周期", "报送期限", "未报送的参评单位");
            int r = 1;
            for (var p : providers) {
                for (var period : p.periods()) {
                    for (String unit : period.unitIds()) {
                        Row row = sheet.createRow(r++);
                        row.createCell(0).setCellValue(p.providerOrg());
                        row.createCell(1).setCellValue(p.name());
                        row.createCell(2).setCellValue(period.indicator());
                        row.createCell(3).setCellValue(period.name());
                        row.createCell(4).setCellValue(period.period());
                        row.createCell(5).setCellValue(period.deadline().toString());
                        row.createCell(6).setCellValue(unit);
                    }
                }
            }
            sheet.setColumnWidth(1, 24 * 256);
            sheet.setColumnWidth(3, 24 * 256);
            return bytes(book);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(XSSFWorkbook book, Sheet sheet, String... names) {
        CellStyle bold = book.createCellStyle();
        Font font = book.createFont();
        font.setBold(true);
        bold.setFont(font);
        Row row = sheet.createRow(0);
        for (int i = 0; i < names.length; i++) {
            row.createCell(i).setCellValue(names[i]);
            row.getCell(i).setCellStyle(bold);
        }
        sheet.createFreezePane(0, 1);
    }

    private static byte[] bytes(XSSFWorkbook book) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        return out.toByteArray();
    }
}
