package cn.jiyuan.integrity.rules.rights;

/** Which objections a caller lists (SCORING.md §7.6). */
public enum ObjectionScope {
    /** Every objection: the credit office. */
    ALL,
    /** Those filed by the caller's org (a unit) or addressed to it (a provider). */
    OWN_ORG,
    /** None. */
    NONE
}
