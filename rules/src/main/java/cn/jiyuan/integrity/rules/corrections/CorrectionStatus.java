package cn.jiyuan.integrity.rules.corrections;

/** Where a correction request stands (SCORING.md §7.5). */
public enum CorrectionStatus {
    /** A provider's request, waiting for the credit office. */
    AWAITING_REVIEW,
    /** Approved, or made by the credit office itself: the correction applies from then on. */
    APPLIED,
    /** Returned by the credit office with a comment; the provider may ask again. */
    RETURNED
}
