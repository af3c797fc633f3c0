package cn.jiyuan.integrity.rules.facts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A credit fact reported by a provider (or by the unit itself for 7.2/7.4), as far as scoring is concerned.
 *
 * @param points the fact's points where its effect takes them, else null
 * @param period the assessed period for ASSESS/SET facts, else null
 */
public record CreditFact(
        String eventId,
        String unitId,
        String indicator,
        String outcome,
        BigDecimal points,
        String period,
        LocalDate occurredOn,
        Instant recordedAt,
        String providerOrg)
        implements Fact {

    public CreditFact {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(indicator, "indicator");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(occurredOn, "occurredOn");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    @Override
    public String id() {
        return eventId;
    }

    /**
     * The fact as {@code amendment} corrects it. Its period is the amendment's; an amendment that names none keeps the
     * fact's period where the new outcome takes one ({@code takesPeriod}), and has none otherwise.
     */
    public CreditFact amendedBy(Amendment amendment, boolean takesPeriod) {
        return new CreditFact(
                eventId,
                unitId,
                indicator,
                amendment.outcome(),
                amendment.points(),
                amendment.period() != null ? amendment.period() : (takesPeriod ? period : null),
                amendment.occurredOn(),
                recordedAt,
                providerOrg);
    }
}
