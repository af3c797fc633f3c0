package cn.jiyuan.integrity.query.official;

import cn.jiyuan.integrity.rules.evaluation.ResultStatus;
import cn.jiyuan.integrity.rules.grading.Grade;

/** The words the exports use: grades as 第七条 names them, a result's status. */
final class ResultText {

    private ResultText() {}

    static String grade(Grade grade) {
        return switch (grade) {
            case EXCELLENT -> "优良";
            case GOOD -> "较好";
            case FAIR -> "一般";
        };
    }

    static String status(ResultStatus status) {
        return switch (status) {
            case FROZEN -> "已冻结，未公示";
            case IN_PUBLICITY -> "公示中";
            case FINAL -> "公示期满，正式结果";
            case SUPERSEDED -> "已被新版本取代";
        };
    }
}
