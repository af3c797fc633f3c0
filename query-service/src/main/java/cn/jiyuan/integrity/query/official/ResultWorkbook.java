package cn.jiyuan.integrity.query.official;

import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.evaluation.OfficialUnit;
import cn.jiyuan.integrity.rules.grading.Grade;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A year's official result as the spreadsheet a credit office hands over: a sheet 说明 (what this is, its checksum),
 * one sheet per grade (优良, 较好, 一般: rank, unit, score), and 指标明细 with every unit's 35 indicator scores.
 * Scores are numbers (two decimals), not text, so they can be summed.
 */
public final class ResultWorkbook {

    private ResultWorkbook() {}

    public static byte[] of(ResultVersion v, List<OfficialUnit> units, Catalog catalog) {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle twoDecimals = book.createCellStyle();
            twoDecimals.setDataFormat(book.createDataFormat().getFormat("0.00"));

            Sheet about = book.createSheet("说明");
            String[][] lines = {
                {"标题", v.year() + "年度政务诚信综合监测评价结果"},
                {"年度", String.valueOf(v.year())},
                {"版本", String.valueOf(v.version())},
                {"评价日期", v.asOf().toString()},
                {"参评单位数", String.valueOf(units.size())},
                {"指标目录版本", v.catalogVersion()},
                {"校验值 (SHA-256)", v.checksum()},
                {"签发人", v.signedOffBy()},
                {"冻结时间 (UTC)", v.frozenAt().toString()},
                {
                    "公示",
                    v.publication() == null ? "未公示" : "公示至 " + v.publication().publicityEndsOn()
                },
                {"核验", "GET /api/v1/evaluations/" + v.year() + "?version=" + v.version() + " 返回的 checksum 应与上方校验值一致"}
            };
            for (int i = 0; i < lines.length; i++) {
                Row row = about.createRow(i);
                row.createCell(0).setCellValue(lines[i][0]);
                row.getCell(0).setCellStyle(bold);
                row.createCell(1).setCellValue(lines[i][1]);
            }
            about.setColumnWidth(0, 20 * 256);
            about.setColumnWidth(1, 80 * 256);

            for (Grade grade : Grade.values()) {
                Sheet sheet = book.createSheet(ResultText.grade(grade));
                header(sheet, bold, List.of("排名", "单位代码", "单位名称", "得分", "未封顶得分", "失信被执行人"));
                int r = 1;
                for (OfficialUnit u : units) {
                    if (u.grade() != grade) {
                        continue;
                    }
                    Row row = sheet.createRow(r++);
                    row.createCell(0).setCellValue(u.rank());
                    row.createCell(1).setCellValue(u.unitId());
                    row.createCell(2).setCellValue(u.name());
                    number(row, 3, u.score().doubleValue(), twoDecimals);
                    number(row, 4, u.rawScore().doubleValue(), twoDecimals);
                    row.createCell(5).setCellValue(u.debtorListed() ? "是" : "否");
                }
                sheet.setColumnWidth(2, 30 * 256);
            }

            Sheet detail = book.createSheet("指标明细");
            List<String> columns = new ArrayList<>(List.of("排名", "单位代码", "单位名称", "等级", "得分"));
            List<Indicator> indicators = List.copyOf(catalog.indicators());
            indicators.forEach(i -> columns.add(i.code() + " " + i.nameZh() + "（" + i.weight() + "分）"));
            header(detail, bold, columns);
            int r = 1;
            for (OfficialUnit u : units) {
                Row row = detail.createRow(r++);
                row.createCell(0).setCellValue(u.rank());
                row.createCell(1).setCellValue(u.unitId());
                row.createCell(2).setCellValue(u.name());
                row.createCell(3).setCellValue(ResultText.grade(u.grade()));
                number(row, 4, u.score().doubleValue(), twoDecimals);
                int c = 5;
                for (IndicatorScore s : u.indicators()) {
                    number(row, c++, s.score().doubleValue(), twoDecimals);
                }
            }
            detail.createFreezePane(3, 1);
            detail.setColumnWidth(2, 30 * 256);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(Sheet sheet, CellStyle bold, List<String> names) {
        Row row = sheet.createRow(0);
        for (int i = 0; i < names.size(); i++) {
            row.createCell(i).setCellValue(names.get(i));
            row.getCell(i).setCellStyle(bold);
        }
        sheet.createFreezePane(0, 1);
    }

    private static void number(Row row, int column, double value, CellStyle style) {
        row.createCell(column).setCellValue(value);
        row.getCell(column).setCellStyle(style);
    }
}
