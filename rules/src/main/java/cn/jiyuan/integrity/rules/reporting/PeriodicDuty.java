package cn.jiyuan.integrity.rules.reporting;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.EffectKind;
import cn.jiyuan.integrity.rules.catalog.Frequency;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.catalog.Outcome;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.validation.Period;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 第十二条: periodic information a provider owes. The measures say how often an indicator's information is collected
 * (信息归集周期) but not when a period's information is missing; the platform's reading (docs/api-tour.md, "第十二条"):
 *
 * <ul>
 *   <li>an indicator owes an assessment per period when it has an ASSESS or SET outcome and a frequency other than "as
 *       it occurs": every month, quarter, half-year or year (year end);
 *   <li>the assessment of a period arises on the period's last day, so it is due within 7 working days after it
 *       (第十一条, the last day not counted); the period is <b>closed</b> once that deadline has passed;
 *   <li>every unit active on the period's last day is owed one; an assessment (an ASSESS or SET fact naming the
 *       period, as corrected, not retracted) from any of the indicator's providers settles it — for a monthly
 *       indicator an annual assessment of the year (年终综合评价) settles its months too;
 *   <li>a closed period with no assessment for a unit is <b>missing</b>, charged to every provider of the indicator.
 *       Silence counts as full marks in the score (SCORING.md §4), which is why this report exists.
 * </ul>
 */
public final class PeriodicDuty {

    private PeriodicDuty() {}

    /** One period an indicator owes, and the day its information is due. */
    public record Due(Indicator indicator, Period period, LocalDate deadline) {}

    /** Whether {@code indicator} owes an assessment per period, and of which kind of period. */
    public static Optional<Period.Kind> periodOf(Indicator indicator) {
        boolean assessed = indicator.outcomes().values().stream()
                .map(Outcome::effect)
                .anyMatch(e -> e.kind() == EffectKind.ASSESS || e.kind() == EffectKind.SET);
        if (!assessed) {
            return Optional.empty();
        }
        return switch (indicator.frequency()) {
            case MONTHLY -> Optional.of(Period.Kind.MONTH);
            case QUARTERLY -> Optional.of(Period.Kind.QUARTER);
            case HALF_YEARLY -> Optional.of(Period.Kind.HALF_YEAR);
            case YEAR_END -> Optional.of(Period.Kind.YEAR);
            case AS_IT_OCCURS -> Optional.empty();
        };
    }

    /** The periods of {@code year} owed under {@code catalog} that are closed on {@code today}, indicator by indicator. */
    public static List<Due> closedPeriods(Catalog catalog, int year, LocalDate today, WorkdayCalendar calendar) {
        List<Due> due = new ArrayList<>();
        for (Indicator indicator : catalog.indicators()) {
            Optional<Period.Kind> kind = periodOf(indicator);
            if (kind.isEmpty()) {
                continue;
            }
            for (Period period : Period.of(kind.get(), year)) {
                LocalDate deadline = calendar.reportingDeadline(period.end());
                if (today.isAfter(deadline)) {
                    due.add(new Due(indicator, period, deadline));
                }
            }
        }
        return due;
    }

    /** Whether {@code fact} (as it stands, not retracted) is an assessment settling {@code due}. */
    public static boolean settles(CreditFact fact, Due due) {
        if (!fact.indicator().equals(due.indicator().code()) || fact.period() == null) {
            return false;
        }
        Outcome outcome = due.indicator().outcomes().get(fact.outcome());
        if (outcome == null
                || (outcome.effect().kind() != EffectKind.ASSESS
                        && outcome.effect().kind() != EffectKind.SET)) {
            return false;
        }
        Optional<Period> period = Period.parse(fact.period());
        if (period.isEmpty()) {
            return false;
        }
        Period p = period.get();
        if (p.equals(due.period())) {
            return true;
        }
        return due.indicator().frequency() == Frequency.MONTHLY
                && p.kind() == Period.Kind.YEAR
                && p.year() == due.period().year();
    }
}
