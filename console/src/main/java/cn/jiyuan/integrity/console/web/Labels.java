package cn.jiyuan.integrity.console.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The words the pages use for the API's codes, in 简体中文, and its dates as 2026年11月27日. Templates reach it as
 * {@code ${@labels…}}. Words only: which grade a score earns, or who may do what, the services decide.
 */
@Component("labels")
public class Labels {

    /** The eight purposes of 第十条, in its order. */
    public static final Map<String, String> PURPOSES = purposeNames();

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm").withZone(CHINA);

    private static Map<String, String> purposeNames() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("PERFORMANCE_ASSESSMENT", "目标绩效考核");
        p.put("FISCAL_FUNDING", "财政资金安排");
        p.put("CIVILISED_UNIT", "文明单位评选");
        p.put("GOVERNANCE_AWARD", "综合治理先进单位创建");
        p.put("HONOURS", "表彰荣誉授予");
        p.put("BUSINESS_ENVIRONMENT", "营商环境评价");
        p.put("STAFF_ASSESSMENT", "机关事业单位工作人员考核");
        p.put("CADRE_SELECTION", "选拔任用");
        return Collections.unmodifiableMap(p);
    }

    public static String roleName(String role) {
        return switch (role == null ? "" : role) {
            case "CREDIT_OFFICE" -> "信用办";
            case "PROVIDER" -> "报送部门";
            case "UNIT" -> "参评单位";
            case "CONSUMER" -> "结果应用部门";
            case "OPERATOR" -> "运维";
            default -> role;
        };
    }

    public String role(String role) {
        return roleName(role);
    }

    public String grade(String grade) {
        if (grade == null) {
            return "—";
        }
        return switch (grade) {
            case "EXCELLENT" -> "优良";
            case "GOOD" -> "较好";
            case "FAIR" -> "一般";
            default -> grade;
        };
    }

    /** Where a version of an official result stands. */
    public String resultStatus(String status) {
        if (status == null) {
            return "—";
        }
        return switch (status) {
            case "FROZEN" -> "已冻结，未公示";
            case "IN_PUBLICITY" -> "公示中";
            case "FINAL" -> "正式结果";
            case "SUPERSEDED" -> "已被新版本取代";
            default -> status;
        };
    }

    /** A CSS class per grade, for its colour. */
    public String gradeClass(String grade) {
        return grade == null ? "grade" : "grade grade-" + grade.toLowerCase();
    }

    public String factStatus(String status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case "COUNTED" -> "计分";
            case "OUTSIDE_WINDOW" -> "超出计分期";
            case "UNDER_OBJECTION" -> "异议中";
            case "RETRACTED" -> "已撤销";
            case "AMENDED" -> "已更正";
            default -> status;
        };
    }

    public String objectionStatus(String status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case "AWAITING_PROVIDER" -> "待报送部门核实";
            case "AWAITING_REVIEW" -> "待信用办复核";
            case "CLOSED_NOT_TRUE" -> "已办结（异议不成立）";
            case "CLOSED_CORRECTED" -> "已办结（已更正）";
            default -> status;
        };
    }

    public String correctionStatus(String status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case "AWAITING_REVIEW" -> "待信用办复核";
            case "APPLIED" -> "已生效";
            case "RETURNED" -> "已退回";
            default -> status;
        };
    }

    public String step(String step) {
        if (step == null) {
            return "";
        }
        return switch (step) {
            case "FILED" -> "提出异议";
            case "FOUND_NOT_TRUE" -> "核实：异议不成立";
            case "REMEDY_PROPOSED" -> "核实：建议更正";
            case "REMEDY_APPROVED" -> "复核：同意";
            case "REMEDY_RETURNED" -> "复核：退回";
            default -> step;
        };
    }

    public String remedy(String remedy) {
        if (remedy == null) {
            return "";
        }
        return switch (remedy) {
            case "DELETE" -> "删除该信息";
            case "AMEND" -> "更正该信息";
            default -> remedy;
        };
    }

    public String purpose(String purpose) {
        return purpose == null ? "" : PURPOSES.getOrDefault(purpose, purpose);
    }

    public Map<String, String> purposes() {
        return PURPOSES;
    }

    public String frequency(String frequency) {
        if (frequency == null) {
            return "";
        }
        return switch (frequency) {
            case "AS_IT_OCCURS" -> "随时";
            case "MONTHLY" -> "按月";
            case "QUARTERLY" -> "按季度";
            case "HALF_YEARLY" -> "按半年";
            case "YEAR_END" -> "年终";
            default -> frequency;
        };
    }

    /** How a period is written for an indicator of this frequency (API.md: period only for ASSESS/SET). */
    public String periodFormat(String frequency) {
        if (frequency == null) {
            return "";
        }
        return switch (frequency) {
            case "MONTHLY" -> "2026-10";
            case "QUARTERLY" -> "2026-Q3";
            case "HALF_YEARLY" -> "2026-H1";
            default -> "2026";
        };
    }

    /** What an outcome does, in words: 每起扣2分, 该项不得分, 评分（0–4分）… */
    public String effect(String kind, BigDecimal amount, BigDecimal weight) {
        if (kind == null) {
            return "";
        }
        String a = amount == null ? "" : number(amount);
        return switch (kind) {
            case "CASE" -> "每起扣" + a + "分";
            case "DEDUCT" -> "扣分，最多" + a + "分";
            case "ZERO" -> "该项不得分";
            case "ASSESS" -> "评分，0–" + (weight == null ? "" : number(weight)) + "分";
            case "SET" -> "该项得" + a + "分";
            case "PENALTY" -> "扣" + a + "分";
            case "PENALTY_UP_TO" -> "扣分，最多" + a + "分";
            case "BONUS" -> "加" + a + "分";
            default -> kind;
        };
    }

    public String number(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    /** Scores as the API writes them: two decimals. */
    public String score(BigDecimal value) {
        return value == null ? "—" : value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    public String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    public String instant(Instant instant) {
        return instant == null ? "" : INSTANT.format(instant);
    }
}
