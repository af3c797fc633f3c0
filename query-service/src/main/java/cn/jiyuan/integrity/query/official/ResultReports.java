package cn.jiyuan.integrity.query.official;

import cn.jiyuan.integrity.query.official.ReportPages.Column;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.catalog.Outcome;
import cn.jiyuan.integrity.rules.evaluation.OfficialUnit;
import cn.jiyuan.integrity.rules.evaluation.ResultChecksum;
import cn.jiyuan.integrity.rules.evaluation.ResultStatus;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.grading.Grade;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.awt.Color;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The two PDF reports of an official result, in Chinese with the font embedded: the year's report (cover, method on
 * one page, the grade distribution and score histogram, the table of units) and a unit's 信用评价报告 (score, the 35
 * indicators, the facts that counted — without personal data: no names, no free text — and the checksums a reader
 * checks against the API).
 */
public final class ResultReports {

    private static final Color[] GRADE_COLOURS = {
        new Color(0x2E, 0x7D, 0x32), new Color(0x15, 0x65, 0xC0), new Color(0xEF, 0x6C, 0x00)
    };

    private ResultReports() {}

    public static byte[] year(ResultVersion v, ResultStatus status, List<OfficialUnit> units) {
        String title = v.year() + "年度济源示范区政务诚信综合监测评价结果";
        try (ReportPages pdf = new ReportPages(title, footer(v))) {
            pdf.space(160);
            pdf.centred("济源示范区", 16, ReportPages.MUTED);
            pdf.centred(v.year() + "年度政务诚信综合监测评价结果", 24, ReportPages.INK);
            pdf.space(40);
            pdf.facts(
                    List.of(
                            row("评价日期", ChinaDates.of(v.asOf())),
                            row("版本", "第 " + v.version() + " 版（" + ResultText.status(status) + "）"),
                            row("参评单位", units.size() + " 个"),
                            row("签发", v.signedOffBy() + "（" + ChinaDates.of(ChinaTime.dateOf(v.frozenAt())) + " 冻结）"),
                            row(
                                    "公示",
                                    v.publication() == null
                                            ? "未公示"
                                            : ChinaDates.of(ChinaTime.dateOf(
                                                            v.publication().publishedAt())) + " 起，至 "
                                                    + ChinaDates.of(
                                                            v.publication().publicityEndsOn()) + " 止"),
                            row("指标目录", v.catalogVersion()),
                            row("校验值", v.checksum())),
                    11);

            pdf.newPage();
            pdf.heading("评价方法", 16);
            for (String p : METHOD) {
                pdf.paragraph(p, 10.5f, ReportPages.INK);
            }
            pdf.paragraph(
                    "核验：本报告所载结果的校验值为 " + v.checksum() + "。以 GET /api/v1/evaluations/" + v.year() + "?version="
                            + v.version() + " 查询所得 checksum 与之相同，即本报告与平台所存结果一致；校验值的计算方法见平台说明"
                            + "（docs/api-tour.md，“The evaluation year”）。",
                    10.5f,
                    ReportPages.MUTED);

            pdf.newPage();
            pdf.heading("等级分布", 16);
            gradeBars(pdf, units);
            pdf.heading("得分分布", 16);
            histogram(pdf, units);

            pdf.newPage();
            pdf.heading("参评单位得分与等级", 16);
            List<List<String>> rows = new ArrayList<>();
            for (OfficialUnit u : units) {
                rows.add(List.of(
                        String.valueOf(u.rank()),
                        u.unitId(),
                        u.name(),
                        u.score().setScale(2).toPlainString(),
                        ResultText.grade(u.grade()),
                        u.debtorListed() ? "是" : ""));
            }
            pdf.table(
                    List.of(
                            new Column("排名", 40, true),
                            new Column("单位代码", 80, false),
                            new Column("单位名称", 195, false),
                            new Column("得分", 60, true),
                            new Column("等级", 50, false),
                            new Column("失信被执行人", 70, false)),
                    rows,
                    9.5f);
            return pdf.finish();
        }
    }

    /** A unit's report; {@code facts} are the counted facts still held (a fact past retention is shown by id only). */
    public static byte[] unit(
            ResultVersion v, ResultStatus status, OfficialUnit u, Map<String, CreditFact> facts, Catalog catalog) {
        String title = u.name() + " " + v.year() + "年度信用评价报告";
        try (ReportPages pdf = new ReportPages(title, footer(v))) {
            pdf.centred("政务诚信信用评价报告", 20, ReportPages.INK);
            pdf.centred(
                    v.year() + "年度 · 第 " + v.version() + " 版（" + ResultText.status(status) + "）",
                    11,
                    ReportPages.MUTED);
            pdf.space(14);
            pdf.facts(
                    List.of(
                            row("单位", u.name() + "（" + u.unitId() + "）"),
                            row("评价日期", ChinaDates.of(v.asOf())),
                            row(
                                    "得分",
                                    u.score().setScale(2).toPlainString() + " 分"
                                            + (u.debtorListed()
                                                    ? "（被列为失信被执行人，第九条：未封顶得分 "
                                                            + u.rawScore()
                                                                    .setScale(2)
                                                                    .toPlainString() + "）"
                                                    : "")),
                            row("信用等级", ResultText.grade(u.grade())),
                            row("排名", "第 " + u.rank() + " 名（共 " + v.unitCount() + " 个参评单位）")),
                    11);

            pdf.heading("指标得分", 14);
            List<List<String>> rows = new ArrayList<>();
            for (IndicatorScore s : u.indicators()) {
                Indicator i = catalog.indicator(s.code()).orElse(null);
                rows.add(List.of(
                        s.code(),
                        i == null ? "" : i.nameZh(),
                        s.score().setScale(2).toPlainString(),
                        s.max().setScale(2).toPlainString(),
                        s.score().compareTo(s.max()) < 0
                                        && i != null
                                        && i.group().number() <= 5
                                ? s.max().subtract(s.score()).setScale(2).toPlainString()
                                : ""));
            }
            pdf.table(
                    List.of(
                            new Column("指标", 40, true),
                            new Column("名称", 275, false),
                            new Column("得分", 60, true),
                            new Column("满分/分值", 60, true),
                            new Column("失分", 60, true)),
                    rows,
                    9);

            pdf.heading("计入评价的信息（" + u.factIds().size() + " 条）", 14);
            List<List<String>> factRows = new ArrayList<>();
            for (String id : u.factIds()) {
                CreditFact f = facts.get(id);
                if (f == null) {
                    factRows.add(List.of(id, "", "已超过保存期", "", ""));
                    continue;
                }
                Outcome outcome = catalog.indicator(f.indicator())
                        .map(i -> i.outcomes().get(f.outcome()))
                        .orElse(null);
                factRows.add(List.of(
                        id,
                        f.indicator(),
                        outcome == null ? f.outcome() : outcome.nameZh(),
                        f.occurredOn().toString(),
                        f.providerOrg()));
            }
            pdf.table(
                    List.of(
                            new Column("信息编号", 200, false),
                            new Column("指标", 35, true),
                            new Column("结果", 150, false),
                            new Column("发生日期", 70, false),
                            new Column("报送单位", 40, false)),
                    factRows,
                    8);
            pdf.paragraph(
                    "本报告不含个人信息。核验：GET /api/v1/evaluations/" + v.year() + "/units/" + u.unitId() + "?version="
                            + v.version() + " 返回的 unitChecksum 应为 " + ResultChecksum.ofUnit(u) + "，result.checksum 应为 "
                            + v.checksum() + "。",
                    9,
                    ReportPages.MUTED);
            return pdf.finish();
        }
    }

    private static final List<String> METHOD = List.of(
            "依据《济源示范区政务诚信综合监测评价办法（试行）》，对参评单位按七个方面、35 项指标进行评价。各单位初始分值为 100 分，"
                    + "第一至五方面按指标扣分（各指标扣至 0 分为止），第六方面为扣分项，第七方面为加分项（每项每年加分不超过该项分值）。",
            "参与评价的信息为评价日前三年内发生、且在评价日当日或之前归集到平台的信息（第八条）；" + "评价日之后经异议核实予以更正的信息，以冻结结果时的更正为准；评价日之后才归集的信息不计入本年度结果。",
            "参评单位被列为失信被执行人的，自归集之日起得分为 80 分以下（第九条），屏蔽后恢复原有评分。",
            "信用等级（第七条）：100 分（含）以上且在参评单位 20% 比例内为“优良”；100 分（含）以上未被确定为优良及 "
                    + "80 分（含）至 100 分为“较好”；80 分以下为“一般”。同分单位名次相同；同分单位超出比例时均不确定为优良。",
            "结果由市信用办冻结、签发，经公示后作为正式结果，在目标绩效考核、财政资金安排、文明单位评选、综合治理先进单位创建、"
                    + "表彰荣誉授予、营商环境评价、工作人员考核、选拔任用等领域查询应用（第十条）。"
                    + "公示期间对评价信息有异议的，按第十四条提出；更正后重新冻结的结果为新版本，并列明与前一版本的差异。");

    private static void gradeBars(ReportPages pdf, List<OfficialUnit> units) {
        Map<Grade, Integer> counts = new EnumMap<>(Grade.class);
        units.forEach(u -> counts.merge(u.grade(), 1, Integer::sum));
        int max = Math.max(
                1, counts.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        pdf.need(130);
        float base = pdf.y() - 120;
        float barWidth = 80;
        int i = 0;
        for (Grade g : Grade.values()) {
            int n = counts.getOrDefault(g, 0);
            float h = 90f * n / max;
            float x = ReportPages.MARGIN + 40 + i * 150;
            pdf.box(x, base, barWidth, Math.max(h, 0.5f), GRADE_COLOURS[i]);
            pdf.text(x, base + h + 5, n + " 个", 10, ReportPages.INK);
            pdf.text(x, base - 14, ResultText.grade(g), 10, ReportPages.INK);
            i++;
        }
        pdf.space(150);
    }

    private static void histogram(ReportPages pdf, List<OfficialUnit> units) {
        // bins of 5 points from below 70 to 105 and above
        String[] labels = {"<70", "70", "75", "80", "85", "90", "95", "100", "≥105"};
        int[] bins = new int[labels.length];
        for (OfficialUnit u : units) {
            BigDecimal s = u.score();
            int b;
            if (s.compareTo(BigDecimal.valueOf(70)) < 0) {
                b = 0;
            } else if (s.compareTo(BigDecimal.valueOf(105)) >= 0) {
                b = labels.length - 1;
            } else {
                b = 1 + (s.intValue() - 70) / 5;
            }
            bins[b]++;
        }
        int max = 1;
        for (int n : bins) {
            max = Math.max(max, n);
        }
        pdf.need(150);
        float base = pdf.y() - 130;
        float w = ReportPages.WIDTH / labels.length;
        for (int i = 0; i < labels.length; i++) {
            float h = 100f * bins[i] / max;
            float x = ReportPages.MARGIN + i * w;
            pdf.box(x + 4, base, w - 8, Math.max(h, 0.5f), new Color(0x15, 0x65, 0xC0));
            if (bins[i] > 0) {
                pdf.text(x + 6, base + h + 4, String.valueOf(bins[i]), 9, ReportPages.INK);
            }
            pdf.text(x + 6, base - 12, labels[i], 9, ReportPages.MUTED);
        }
        pdf.space(160);
        pdf.paragraph("横轴为得分区间（每 5 分一档，标注为区间下限），纵轴为单位数。", 9, ReportPages.MUTED);
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    private static String footer(ResultVersion v) {
        return v.year() + "年度政务诚信综合监测评价结果 第 " + v.version() + " 版 · 校验值 " + v.checksum();
    }

    /** Dates as the reports write them: 2026年11月27日. */
    static final class ChinaDates {
        private ChinaDates() {}

        static String of(LocalDate d) {
            return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
        }
    }
}
