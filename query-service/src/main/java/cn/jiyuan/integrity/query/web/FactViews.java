package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.rules.masking.Masking;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.reference.ReferenceData;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * How a fact is shown in a unit's {@code events} and in the {@code facts} list (API.md). Its deadline and lateness are
 * those ingest recorded, unless they were counted through a year the calendar then lacked (Monday to Friday stood in):
 * then they are counted again with the calendar in force, and flagged {@code deadlineProvisional} while that year's
 * notice is still missing (SCORING.md §2, issue 16 §5).
 */
@Component
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
            boolean deadlineProvisional,
            String status,
            String providerOrg,
            String reference,
            String summary,
            List<PersonView> persons,
            OriginalView original) {}

    private final ReferenceData reference;

    FactViews(ReferenceData reference) {
        this.reference = reference;
    }

    private record Deadline(LocalDate on, boolean late, boolean provisional) {}

    /**
     * The deadline of a fact that occurred on {@code occurredOn}: the recorded one ({@code recordedOn} null for an
     * amendment, which is always counted anew) if it was counted without the fallback, else counted now.
     */
    private Deadline deadline(LocalDate occurredOn, Instant recordedAt, LocalDate recordedDeadline, boolean late) {
        if (recordedDeadline != null && !reference.calendarAt(recordedAt).onFallback(occurredOn, recordedDeadline)) {
            return new Deadline(recordedDeadline, late, false);
        }
        WorkdayCalendar calendar = reference.calendar();
        LocalDate on = calendar.reportingDeadline(occurredOn);
        return new Deadline(on, ChinaTime.dateOf(recordedAt).isAfter(on), calendar.onFallback(occurredOn, on));
    }

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
        LocalDate occurredOn = amended ? now.occurredOn() : f.getOccurredOn();
        Deadline deadline = amended
                ? deadline(occurredOn, f.getRecordedAt(), null, false)
                : deadline(occurredOn, f.getRecordedAt(), f.getDeadline(), f.getLate());
        return new EventView(
                f.getEventId(),
                f.getUnitId(),
                f.getIndicator(),
                amended ? now.outcome() : f.getOutcome(),
                amended ? now.points() : f.getPoints(),
                amended ? now.period() : f.getPeriod(),
                occurredOn,
                f.getRecordedAt(),
                deadline.late(),
                deadline.on(),
                deadline.provisional(),
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
