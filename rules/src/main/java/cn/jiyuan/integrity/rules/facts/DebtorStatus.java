package cn.jiyuan.integrity.rules.facts;

/** 第九条: a court lists a unit as a dishonest judgment debtor (失信被执行人), and later shields (屏蔽) the listing. */
public enum DebtorStatus {
    LISTED,
    SHIELDED;
}
