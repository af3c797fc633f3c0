package cn.jiyuan.integrity.console.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Tables as the files people open in WPS or Excel: CSV in UTF-8 with a byte-order mark, and XLSX. */
public final class Spreadsheets {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Spreadsheets() {}

    /** The first row is the header. */
    public static byte[] csv(List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(UTF8_BOM); // without it, Excel reads UTF-8 Chinese as mojibake
        try (CSVPrinter printer =
                new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.EXCEL)) {
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(v -> v == null ? "" : v).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One sheet; the first row is the header, in bold; numbers stay numbers. */
    public static byte[] xlsx(String sheetName, List<List<Object>> rows) {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet(sheetName.replaceAll("[\\\\/?*\\[\\]:]", "-"));
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    var cell = row.createCell(c);
                    if (v instanceof BigDecimal d) {
                        cell.setCellValue(d.doubleValue());
                    } else if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else {
                        cell.setCellValue(v == null ? "" : v.toString());
                    }
                    if (r == 0) {
                        cell.setCellStyle(bold);
                    }
                }
            }
            if (!rows.isEmpty()) {
                for (int c = 0; c < rows.get(0).size(); c++) {
                    sheet.setColumnWidth(c, 16 * 256);
                }
                sheet.createFreezePane(0, 1);
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
