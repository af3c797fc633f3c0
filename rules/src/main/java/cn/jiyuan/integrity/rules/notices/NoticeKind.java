package cn.jiyuan.integrity.rules.notices;

import cn.jiyuan.integrity.rules.rights.Role;

/** What a notice tells, and in which role its organisation receives it. */
public enum NoticeKind {
    /** A unit: a new fact about it was recorded. */
    NEW_FACT(Role.UNIT),
    /** A unit: its grade changed (or it entered or left the ranking). */
    GRADE_CHANGED(Role.UNIT),
    /** A provider: an objection to one of its facts awaits its decision (第十四条). */
    OBJECTION_FILED(Role.PROVIDER),
    /** A provider: the credit office returned its remedy; the objection awaits its decision again. */
    OBJECTION_RETURNED(Role.PROVIDER),
    /** A provider: two working days are left to decide an objection. */
    OBJECTION_DUE_SOON(Role.PROVIDER),
    /** A provider: its deadline to decide an objection has passed. */
    OBJECTION_OVERDUE(Role.PROVIDER),
    /** The credit office: an objection went past its provider's deadline. */
    OBJECTION_OVERDUE_OFFICE(Role.CREDIT_OFFICE),
    /** The credit office: a remedy or a correction request awaits its review. */
    REVIEW_QUEUED(Role.CREDIT_OFFICE),
    /** A provider: the credit office returned its correction request. */
    CORRECTION_RETURNED(Role.PROVIDER),
    /** A provider: a closed period's assessment was not sent for some units (第十二条). */
    PERIODIC_MISSING(Role.PROVIDER);

    private final Role audience;

    NoticeKind(Role audience) {
        this.audience = audience;
    }

    /** The role in which the recipient organisation reads it. */
    public Role audience() {
        return audience;
    }
}
