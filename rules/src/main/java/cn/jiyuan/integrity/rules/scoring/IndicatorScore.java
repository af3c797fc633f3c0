package cn.jiyuan.integrity.rules.scoring;

import java.math.BigDecimal;

/**
 * One indicator's part of a score.
 *
 * @param score the indicator score for groups 1–5; minus the penalties for group 6; the bonuses for group 7
 * @param max full marks for groups 1–5; the annex's nominal value for groups 6 and 7 (not a cap: SCORING.md §4)
 */
public record IndicatorScore(String code, BigDecimal score, BigDecimal max) {}
