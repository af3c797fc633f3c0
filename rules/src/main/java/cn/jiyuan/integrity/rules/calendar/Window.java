package cn.jiyuan.integrity.rules.calendar;

import java.time.LocalDate;

/** The time rules of 第八条 for an evaluation date (SCORING.md §2). */
public final class Window {

    /** 第八条: information that takes part in evaluation covers three years. */
    public static final int EVALUATION_YEARS = 3;

    /** 第八条: information is kept five years. */
    static final int RETENTION_YEARS = 5;

    private Window() {}

    /**
     * The window and the retention limit of one evaluation date, computed once for the many facts a fold reads on it
     * rather than two subtractions of years for each fact.
     *
     * @param windowAfter D − 3 years: a fact counts if it occurred after it
     * @param date D: a fact counts if it occurred on or before it
     * @param retentionLimit D − 5 years: a fact that occurred on or before it is purged
     */
    public record Bounds(LocalDate windowAfter, LocalDate date, LocalDate retentionLimit) {

        /** {@code D − 3 years < occurredOn ≤ D}. */
        public boolean inWindow(LocalDate occurredOn) {
            return within(occurredOn, windowAfter, date);
        }

        /** {@code occurredOn ≤ D − 5 years}: purged from every store and refused at ingest. */
        public boolean beyondRetention(LocalDate occurredOn) {
            return onOrBefore(occurredOn, retentionLimit);
        }
    }

    /** The bounds of {@code evaluationDate}. */
    public static Bounds on(LocalDate evaluationDate) {
        return new Bounds(evaluationDate.minusYears(EVALUATION_YEARS), evaluationDate, retentionLimit(evaluationDate));
    }

    /** {@code D − 3 years < occurredOn ≤ D}. */
    public static boolean inWindow(LocalDate occurredOn, LocalDate evaluationDate) {
        return within(occurredOn, evaluationDate.minusYears(EVALUATION_YEARS), evaluationDate);
    }

    /**
     * The last evaluation date whose window holds a fact that occurred on {@code occurredOn}: from the day after it, the
     * fact counts for no date to come. A store of past evaluations asks it to know which dates a purge can change (a
     * purged fact counted at most for the dates up to this one).
     */
    public static LocalDate lastDateCounting(LocalDate occurredOn) {
        LocalDate last = occurredOn.plusYears(EVALUATION_YEARS);
        while (!inWindow(occurredOn, last)) { // D − 3 years is not always the inverse of o + 3 years (29 February)
            last = last.minusDays(1);
        }
        while (inWindow(occurredOn, last.plusDays(1))) {
            last = last.plusDays(1);
        }
        return last;
    }

    /** {@code occurredOn ≤ D − 5 years}: purged from every store and refused at ingest. */
    public static boolean beyondRetention(LocalDate occurredOn, LocalDate date) {
        // one subtraction of years, not the three of Bounds: called for every record at ingest and in purges
        return onOrBefore(occurredOn, retentionLimit(date));
    }

    /**
     * The last {@code occurredOn} beyond retention on {@code date}: a store purges every fact that occurred on or
     * before it (for a store that selects by date rather than asking {@link #beyondRetention} fact by fact).
     */
    public static LocalDate retentionLimit(LocalDate date) {
        return date.minusYears(RETENTION_YEARS);
    }

    private static boolean within(LocalDate occurredOn, LocalDate after, LocalDate upTo) {
        return occurredOn.isAfter(after) && !occurredOn.isAfter(upTo);
    }

    private static boolean onOrBefore(LocalDate occurredOn, LocalDate limit) {
        return !occurredOn.isAfter(limit);
    }
}
