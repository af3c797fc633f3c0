package cn.jiyuan.integrity.rules.facts;

/** The remedies of 第十四条 once the credit office approves them. */
public enum CorrectionKind {
    DELETE,
    AMEND;
}
