package cn.jiyuan.integrity.rules.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** The corrected content of a fact: new outcome, points (where the effect takes them) and occurredOn. */
public record Amendment(String outcome, BigDecimal points, LocalDate occurredOn) {

    public Amendment {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(occurredOn, "occurredOn");
    }
}
