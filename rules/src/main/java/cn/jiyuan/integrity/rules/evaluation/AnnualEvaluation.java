package cn.jiyuan.integrity.rules.evaluation;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a year's official result may be frozen and how long its 公示 lasts. The measures name neither; these are the
 * platform's readings (docs/api-tour.md, "The evaluation year"):
 *
 * <ul>
 *   <li>the result of year Y is the evaluation of one date in Y, by default 12-31 (第七条: scores are annual);
 *   <li>that date must have passed — before today in China — since facts recorded later on the same day still count
 *       for it (第八条: recordedAt's date ≤ D);
 *   <li>公示 lasts {@value #DEFAULT_PUBLICITY_WORKING_DAYS} working days unless the credit office says otherwise
 *       (between {@value #MIN_PUBLICITY_WORKING_DAYS} and {@value #MAX_PUBLICITY_WORKING_DAYS}), counted like every
 *       deadline: the day of publication itself not counted;
 *   <li>the result rests on the facts recorded by that date (第八条) <em>as corrected by the time of the freeze</em>:
 *       a correction approved after the date (an objection upheld during 公示, 第十四条) corrects the year's result
 *       — frozen again, it is the next version — while a fact recorded after the date still counts from its own
 *       date only ({@link #asCorrectedAtFreeze}).
 * </ul>
 */
public final class AnnualEvaluation {

    public static final int DEFAULT_PUBLICITY_WORKING_DAYS = 5;
    public static final int MIN_PUBLICITY_WORKING_DAYS = 1;
    public static final int MAX_PUBLICITY_WORKING_DAYS = 30;

    private static final MonthDay YEAR_END = MonthDay.of(12, 31);

    private AnnualEvaluation() {}

    public static LocalDate defaultDate(int year) {
        return YEAR_END.atYear(year);
    }

    /** Why {@code asOf} cannot be frozen as the result of {@code year} on {@code today}, if it cannot. */
    public static Optional<String> refusal(int year, LocalDate asOf, LocalDate today) {
        if (year < ChinaTime.FIRST_ACCEPTED_DAY.getYear()) {
            return Optional.of("the measures apply from " + ChinaTime.FIRST_ACCEPTED_DAY.getYear());
        }
        if (asOf.getYear() != year) {
            return Optional.of("the date evaluated must lie in " + year + ", not " + asOf);
        }
        if (!asOf.isBefore(today)) {
            return Optional.of("the date evaluated must have passed (today is " + today + "): facts recorded on " + asOf
                    + " still count for it");
        }
        return Optional.empty();
    }

    /**
     * The facts a freeze of {@code asOf} folds: {@code facts} with every correction recorded after {@code asOf} taken
     * as recorded at the end of {@code asOf} (in the order they were recorded), so it corrects the date's result;
     * everything else as recorded.
     */
    public static List<Fact> asCorrectedAtFreeze(List<Fact> facts, LocalDate asOf) {
        Instant unknownFrom = ScoreFold.unknownFrom(asOf);
        List<Correction> late = new ArrayList<>();
        List<Fact> result = new ArrayList<>(facts.size());
        for (Fact f : facts) {
            if (f instanceof Correction c && !c.recordedAt().isBefore(unknownFrom)) {
                late.add(c);
            } else {
                result.add(f);
            }
        }
        late.sort(Comparator.comparing(Correction::recordedAt).thenComparing(Correction::correctionId));
        // Timestamps are whole milliseconds: the last millisecond of the date holds them all, in order.
        for (int i = 0; i < late.size(); i++) {
            Correction c = late.get(i);
            result.add(new Correction(
                    c.correctionId(),
                    c.eventId(),
                    c.unitId(),
                    c.kind(),
                    c.amendment(),
                    unknownFrom.minusNanos(late.size() - i)));
        }
        return result;
    }

    /** Why {@code workingDays} is no publicity period, if it is not. */
    public static Optional<String> publicityRefusal(int workingDays) {
        return workingDays < MIN_PUBLICITY_WORKING_DAYS || workingDays > MAX_PUBLICITY_WORKING_DAYS
                ? Optional.of("must be between " + MIN_PUBLICITY_WORKING_DAYS + " and " + MAX_PUBLICITY_WORKING_DAYS
                        + " working days")
                : Optional.empty();
    }

    /** The last day of 公示 for a result published on {@code publishedOn}. */
    public static LocalDate publicityEndsOn(LocalDate publishedOn, int workingDays, WorkdayCalendar calendar) {
        return calendar.plusWorkingDays(publishedOn, workingDays);
    }
}
