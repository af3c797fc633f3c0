package cn.jiyuan.integrity.rules.evaluation;

import java.time.LocalDate;

/** Where one version of a year's official result stands. */
public enum ResultStatus {
    /** Frozen, not published: the credit office's working copy. */
    FROZEN,
    /** Published, its 公示 not over. */
    IN_PUBLICITY,
    /** Published and its 公示 over: the year's official result. */
    FINAL,
    /** Published, and a later version of the same year has been published since. */
    SUPERSEDED;

    /**
     * @param publicityEndsOn null while unpublished
     * @param latestPublished the year's latest published version, null if none
     */
    public static ResultStatus of(int version, LocalDate publicityEndsOn, Integer latestPublished, LocalDate today) {
        if (publicityEndsOn == null) {
            return FROZEN;
        }
        if (latestPublished != null && latestPublished > version) {
            return SUPERSEDED;
        }
        return today.isAfter(publicityEndsOn) ? FINAL : IN_PUBLICITY;
    }

    public boolean published() {
        return this != FROZEN;
    }
}
