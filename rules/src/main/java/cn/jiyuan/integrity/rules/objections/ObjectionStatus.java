package cn.jiyuan.integrity.rules.objections;

/** API.md objection states. */
public enum ObjectionStatus {
    AWAITING_PROVIDER,
    AWAITING_REVIEW,
    CLOSED_NOT_TRUE,
    CLOSED_CORRECTED;

    public boolean isOpen() {
        return this == AWAITING_PROVIDER || this == AWAITING_REVIEW;
    }
}
