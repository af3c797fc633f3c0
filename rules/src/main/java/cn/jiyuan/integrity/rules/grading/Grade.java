package cn.jiyuan.integrity.rules.grading;

/** 第七条 credit grades. */
public enum Grade {
    /** 优良: 100 or more and within the 20% quota. */
    EXCELLENT,
    /** 较好: 80 or more and not EXCELLENT. */
    GOOD,
    /** 一般: below 80. */
    FAIR;
}
