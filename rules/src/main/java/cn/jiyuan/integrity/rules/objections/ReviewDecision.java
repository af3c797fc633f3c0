package cn.jiyuan.integrity.rules.objections;

/** The credit office's review of a proposed remedy. */
public enum ReviewDecision {
    APPROVE,
    RETURN;
}
