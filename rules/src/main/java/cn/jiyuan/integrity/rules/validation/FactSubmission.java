package cn.jiyuan.integrity.rules.validation;

import cn.jiyuan.integrity.rules.facts.Person;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A fact as a sender submits it (API.md, {@code POST /api/v1/events}), before validation. Any field may be null.
 */
public record FactSubmission(
        String eventId,
        String unitId,
        String indicator,
        String outcome,
        BigDecimal points,
        String period,
        LocalDate occurredOn,
        String reference,
        String summary,
        List<Person> persons) {}
