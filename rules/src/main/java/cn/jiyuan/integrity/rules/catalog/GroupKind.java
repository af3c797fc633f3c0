package cn.jiyuan.integrity.rules.catalog;

/** Groups 1–5 are scored from full marks; group 6 subtracts from the total, group 7 adds to it (第四条). */
public enum GroupKind {
    SCORED,
    PENALTY,
    BONUS;
}
