package cn.jiyuan.integrity.rules.rights;

/** Which of a unit's facts a caller reads (SCORING.md §7.6). */
public enum FactScope {
    /** Every fact: the unit itself, the credit office, consumers. */
    ALL,
    /** Only the facts the caller's org provided: a provider. */
    PROVIDED_BY_CALLER,
    /** None. */
    NONE
}
