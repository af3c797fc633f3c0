package cn.jiyuan.integrity.rules.rights;

/** Roles carried in a token's {@code roles} claim (API.md). */
public enum Role {
    PROVIDER,
    UNIT,
    CREDIT_OFFICE,
    CONSUMER,
    OPERATOR;
}
