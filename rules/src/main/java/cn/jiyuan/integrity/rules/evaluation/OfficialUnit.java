package cn.jiyuan.integrity.rules.evaluation;

import cn.jiyuan.integrity.rules.grading.Grade;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.math.BigDecimal;
import java.util.List;

/**
 * One active unit in an official annual result: what the evaluation of the result's date gave it, and the ids of the
 * facts that counted (status COUNTED or AMENDED) — never a fact's content, so the result holds no personal data.
 *
 * @param factIds sorted
 */
public record OfficialUnit(
        String unitId,
        String name,
        BigDecimal score,
        BigDecimal rawScore,
        Grade grade,
        int rank,
        boolean debtorListed,
        List<IndicatorScore> indicators,
        List<String> factIds) {

    public OfficialUnit {
        indicators = List.copyOf(indicators);
        factIds = factIds.stream().sorted().toList();
    }
}
