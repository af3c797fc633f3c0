package cn.jiyuan.integrity.rules.catalog;

/** 信息归集周期: how often an indicator's information is collected. It fixes the allowed kinds of {@code period}. */
public enum Frequency {
    AS_IT_OCCURS,
    MONTHLY,
    QUARTERLY,
    HALF_YEARLY,
    YEAR_END;
}
