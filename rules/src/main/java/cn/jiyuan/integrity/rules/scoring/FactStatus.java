package cn.jiyuan.integrity.rules.scoring;

/** How a fact known on the evaluation date stands in that date's score. */
public enum FactStatus {
    /** In the window and counted as reported. */
    COUNTED,
    /** Known, but its occurredOn is outside the three-year window (第八条). */
    OUTSIDE_WINDOW,
    /** Removed by an approved DELETE correction (第十四条). */
    RETRACTED,
    /** In the window and counted as an approved AMEND correction changed it. */
    AMENDED,
    /**
     * Its indicator or outcome is not in the catalog in force on the date, so it has no effect. Cannot arise from
     * facts validated at ingest unless a later catalog version drops an indicator.
     */
    NOT_IN_CATALOG;
}
