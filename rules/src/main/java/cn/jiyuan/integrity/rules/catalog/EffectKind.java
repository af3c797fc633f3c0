package cn.jiyuan.integrity.rules.catalog;

/** What an outcome does to a unit's score (SCORING.md §3). */
public enum EffectKind {
    /** Deducts a fixed amount per fact from the indicator. */
    CASE,
    /** Deducts the fact's points (0 < points ≤ amount) from the indicator. */
    DEDUCT,
    /** The indicator scores 0. */
    ZERO,
    /** Sets the indicator's base to the fact's points (0 ≤ points ≤ weight). */
    ASSESS,
    /** Sets the indicator's base to a fixed value. */
    SET,
    /** Subtracts a fixed amount from the total. */
    PENALTY,
    /** Subtracts the fact's points (0 < points ≤ amount) from the total. */
    PENALTY_UP_TO,
    /** Adds a fixed amount to the total. */
    BONUS;
}
