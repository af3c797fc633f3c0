package cn.jiyuan.integrity.rules.objections;

/** The provider's finding on an objection: 属实 (TRUE) or 不属实 (NOT_TRUE). */
public enum Finding {
    TRUE,
    NOT_TRUE;
}
