package cn.jiyuan.integrity.console.provider;

import cn.jiyuan.integrity.console.web.Spreadsheets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * 批量上报's spreadsheet: the template's Chinese headers, reading an uploaded XLSX or CSV (UTF-8, or GB18030 as Excel
 * saves it on a Chinese Windows), and each row as the body of one event of {@code POST /api/v1/events/batch}.
 *
 * <p>A row without an event id gets one derived from the department and the row's content (a name-based UUID), so
 * uploading the same file again sends the same ids and the ingest service answers "already stored" instead of storing
 * the facts twice. Two rows with identical content in one file are therefore one fact.
 */
final class FactSheet {

    /** At most this many facts per upload, as the batch endpoint takes. */
    static final int MAX_ROWS = 1000;

    /** The template's columns: header → the API's field. */
    static final Map<String, String> COLUMNS = columns();

    private static Map<String, String> columns() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("信息编号（可留空）", "eventId");
        c.put("单位代码", "unitId");
        c.put("指标", "indicator");
        c.put("情形代码", "outcome");
        c.put("分值", "points");
        c.put("评价期", "period");
        c.put("发生日期", "occurredOn");
        c.put("文号或案号", "reference");
        c.put("摘要", "summary");
        c.put("涉及人员姓名", "personName");
        c.put("涉及人员职务", "personPosition");
        return Collections.unmodifiableMap(c);
    }

    /** An upload the sheet cannot read at all (not a row's fault: the file's). */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private FactSheet() {}

    /** The template, with one example row a department can overwrite. */
    static List<List<Object>> template() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(COLUMNS.keySet()));
        rows.add(
                List.of("", "KJZ", "4.1", "TALK_OR_CRITICISM", "", "", "2026-11-20", "济纪发〔2026〕7号", "示例：谈话提醒", "", ""));
        return rows;
    }

    /** The rows of an upload, each as field → text (blank cells left out), in file order. */
    static List<Map<String, String>> read(String fileName, byte[] content) throws Unreadable {
        List<List<String>> cells = fileName.toLowerCase().endsWith(".xlsx") ? xlsx(content) : csv(content);
        if (cells.isEmpty()) {
            throw new Unreadable("文件是空的");
        }
        List<String> header = cells.get(0);
        List<String> fields = new ArrayList<>();
        for (String h : header) {
            String field = COLUMNS.get(h == null ? "" : h.trim());
            fields.add(field);
        }
        if (!fields.contains("unitId") || !fields.contains("indicator")) {
            throw new Unreadable("第一行须为模板的表头（单位代码、指标、情形代码……），请下载模板填写");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> line : cells.subList(1, cells.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < line.size() && i < fields.size(); i++) {
                String v = line.get(i);
                if (fields.get(i) != null && v != null && !v.isBlank()) {
                    row.put(fields.get(i), v.trim());
                }
            }
            if (!row.isEmpty()) {
                rows.add(row);
            }
        }
        if (rows.size() > MAX_ROWS) {
            throw new Unreadable("一次最多上报 " + MAX_ROWS + " 条，本文件有 " + rows.size() + " 条");
        }
        return rows;
    }

    /** The event for a row: its id (given, or derived from the department and the content) and its fields. */
    static Map<String, Object> event(String providerOrg, Map<String, String> row) {
        Map<String, Object> event = new LinkedHashMap<>();
        String eventId = row.get("eventId");
        event.put("eventId", eventId != null ? eventId : stableId(providerOrg, row));
        for (String field : List.of("unitId", "indicator", "outcome", "period", "occurredOn", "reference", "summary")) {
            if (row.containsKey(field)) {
                event.put(field, row.get(field));
            }
        }
        if (row.containsKey("points")) {
            String p = row.get("points");
            try {
                event.put("points", new BigDecimal(p));
            } catch (NumberFormatException e) {
                event.put("points", p); // the service names the field and says why
            }
        }
        if (row.containsKey("personName")) {
            Map<String, String> person = new LinkedHashMap<>();
            person.put("name", row.get("personName"));
            if (row.containsKey("personPosition")) {
                person.put("position", row.get("personPosition"));
            }
            event.put("persons", List.of(person));
        }
        return event;
    }

    static String stableId(String providerOrg, Map<String, String> row) {
        StringBuilder key = new StringBuilder("integrity-console-batch|").append(providerOrg);
        for (String field : COLUMNS.values()) {
            if (!field.equals("eventId")) {
                key.append('|').append(row.getOrDefault(field, ""));
            }
        }
        return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static List<List<String>> xlsx(byte[] content) throws Unreadable {
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            Sheet sheet = book.getSheetAt(0);
            DataFormatter text = new DataFormatter();
            List<List<String>> rows = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(row.getLastCellNum(), 0); c++) {
                    cells.add(cell(row.getCell(c), text));
                }
                rows.add(cells);
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("无法读取该 Excel 文件：它不是 .xlsx 工作簿，或已损坏。请用模板另存为 .xlsx");
        }
    }

    /** A date cell as 2026-11-20, anything else as Excel shows it. */
    private static String cell(Cell cell, DataFormatter text) {
        if (cell == null) {
            return null;
        }
        if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            return cell.getLocalDateTimeCellValue().toLocalDate().toString();
        }
        return text.formatCellValue(cell);
    }

    private static List<List<String>> csv(byte[] content) throws Unreadable {
        String text = decode(content);
        try {
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : CSVFormat.EXCEL.parse(new StringReader(text))) {
                rows.add(record.toList());
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("无法读取该 CSV 文件：" + e.getMessage());
        }
    }

    /** UTF-8 (with or without a byte-order mark), else GB18030, the encoding Excel writes on Chinese Windows. */
    static String decode(byte[] content) {
        int start = content.length >= 3
                        && (content[0] & 0xFF) == 0xEF
                        && (content[1] & 0xFF) == 0xBB
                        && (content[2] & 0xFF) == 0xBF
                ? 3
                : 0;
        ByteBuffer bytes = ByteBuffer.wrap(content, start, content.length - start);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(content, Charset.forName("GB18030"));
        }
    }

    /** The template as a file. */
    static byte[] templateXlsx() {
        return Spreadsheets.xlsx("批量上报", template());
    }
}
