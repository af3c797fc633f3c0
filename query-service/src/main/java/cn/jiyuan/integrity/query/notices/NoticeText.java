package cn.jiyuan.integrity.query.notices;

import cn.jiyuan.integrity.rules.catalog.Catalog;
import java.time.LocalDate;

/** How the notices say things, in Chinese: grades, dates, organisations and indicators by their names. */
final class NoticeText {

    private final Catalog catalog;

    NoticeText(Catalog catalog) {
        this.catalog = catalog;
    }

    static String date(LocalDate d) {
        return d == null ? "" : d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    static String grade(String grade) {
        if (grade == null) {
            return "未参评";
        }
        return switch (grade) {
            case "EXCELLENT" -> "优良";
            case "GOOD" -> "较好";
            case "FAIR" -> "一般";
            default -> grade;
        };
    }

    String org(String code) {
        String name = catalog.organisations().get(code);
        return name == null ? code : name + "（" + code + "）";
    }

    String indicator(String code) {
        return catalog.indicator(code).map(i -> code + " " + i.nameZh()).orElse(code);
    }

    String outcome(String indicator, String outcome) {
        return catalog.indicator(indicator)
                .flatMap(i -> i.outcome(outcome))
                .map(o -> o.nameZh())
                .orElse(outcome);
    }
}
