package cn.jiyuan.integrity.rules.rights;

/** Roles carried in a token's {@code roles} claim (API.md). */
public enum Role {
    PROVIDER,
    UNIT,
    CREDIT_OFFICE,
    CONSUMER,
    OPERATOR,
    /**
     * A service's role, never a person's: may fetch the data keys that open a fact's personal data (SCORING.md §2,
     * purge) — given to the query service, which shows names to the credit office and the fact's provider.
     */
    PERSON_KEYS;
}
