package cn.jiyuan.integrity.rules.reporting;

import cn.jiyuan.integrity.rules.rights.Purpose;
import java.time.LocalDate;
import java.util.Optional;

/**
 * 第十三条: a department that is to consult the evaluation results for one purpose of 第十条 (the credit office's
 * register). The measures name no number; the platform's reading: the duty is met in a year when the department's
 * answered reads with that purpose, while the duty was in force that year and up to the day of the report, number at
 * least {@code minimumReads} (default 1).
 *
 * @param validUntil the last day in force, null while it is
 */
public record ConsultationDuty(
        String org, Purpose purpose, LocalDate validFrom, LocalDate validUntil, int minimumReads) {

    public static final int DEFAULT_MINIMUM_READS = 1;

    /** The days of {@code year} up to {@code today} on which the duty was in force, if any: [first, last]. */
    public Optional<LocalDate[]> daysIn(int year, LocalDate today) {
        LocalDate first = max(validFrom, LocalDate.of(year, 1, 1));
        LocalDate last = min(LocalDate.of(year, 12, 31), today);
        if (validUntil != null) {
            last = min(last, validUntil);
        }
        return first.isAfter(last) ? Optional.empty() : Optional.of(new LocalDate[] {first, last});
    }

    public boolean metBy(long reads) {
        return reads >= minimumReads;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
