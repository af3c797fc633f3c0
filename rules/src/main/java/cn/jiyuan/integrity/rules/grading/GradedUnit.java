package cn.jiyuan.integrity.rules.grading;

import java.math.BigDecimal;

/** A unit's grade and rank among all active units on one date. */
public record GradedUnit(String unitId, BigDecimal score, Grade grade, int rank) {}
