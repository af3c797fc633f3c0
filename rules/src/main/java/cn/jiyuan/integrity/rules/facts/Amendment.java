package cn.jiyuan.integrity.rules.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The corrected content of a fact: new outcome, points (where the effect takes them), occurredOn and period (where
 * the effect takes one; null in amendments recorded before periods were amended, which keep the fact's period).
 */
public record Amendment(String outcome, BigDecimal points, LocalDate occurredOn, String period) {

    public Amendment {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(occurredOn, "occurredOn");
    }

    /** An amendment naming no period. */
    public Amendment(String outcome, BigDecimal points, LocalDate occurredOn) {
        this(outcome, points, occurredOn, null);
    }
}
