package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.rules.masking.Masking;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** How a fact is shown in a unit's {@code events} and in the {@code facts} list (API.md). */
final class FactViews {

    record PersonView(String name, String position) {}

    /** What a fact said before an approved amendment (SCORING.md §7.3: the original stays in the log). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OriginalView(
            String outcome, BigDecimal points, String period, LocalDate occurredOn, boolean late, LocalDate deadline) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(
            String eventId,
            String unitId,
            String indicator,
            String outcome,
            BigDecimal points,
            String period,
            LocalDate occurredOn,
            Instant recordedAt,
            boolean late,
            LocalDate deadline,
            String status,
            String providerOrg,
            String reference,
            String summary,
            List<PersonView> persons,
            OriginalView original) {}

    private final WorkdayCalendar calendar = WorkdayCalendar.standard();

    /**
     * A fact as it stands on the date: an AMENDED fact with its amended outcome, points, period and occurredOn (and
     * the deadline and lateness that follow from them), the original beside it.
     */
    EventView view(CreditFact f, FactState state, boolean underObjection, List<Person> persons, boolean namesInClear) {
        String status = underObjection && state.status() == FactStatus.COUNTED
                ? "UNDER_OBJECTION"
                : state.status().name();
        cn.jiyuan.integrity.rules.facts.CreditFact now = state.effective();
        boolean amended = state.status() == FactStatus.AMENDED;
        LocalDate recordedOn = ChinaTime.dateOf(f.getRecordedAt());
        return new EventView(
                f.getEventId(),
                f.getUnitId(),
                f.getIndicator(),
                amended ? now.outcome() : f.getOutcome(),
                amended ? now.points() : f.getPoints(),
                amended ? now.period() : f.getPeriod(),
                amended ? now.occurredOn() : f.getOccurredOn(),
                f.getRecordedAt(),
                amended ? calendar.isLate(now.occurredOn(), recordedOn) : f.getLate(),
                amended ? calendar.reportingDeadline(now.occurredOn()) : f.getDeadline(),
                status,
                f.getProviderOrg(),
                f.getReference(),
                f.getSummary(),
                Masking.forReader(persons, namesInClear).stream()
                        .map(p -> new PersonView(p.name(), p.position()))
                        .toList(),
                amended
                        ? new OriginalView(
                                f.getOutcome(),
                                f.getPoints(),
                                f.getPeriod(),
                                f.getOccurredOn(),
                                f.getLate(),
                                f.getDeadline())
                        : null);
    }
}
