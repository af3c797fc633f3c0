package cn.jiyuan.integrity.rules.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An outcome's effect: its kind and, where the kind has one, its amount (the fixed value, or the upper bound of a
 * fact's points).
 */
public record Effect(EffectKind kind, BigDecimal amount) {

    public Effect {
        Objects.requireNonNull(kind, "kind");
        boolean needsAmount = kind != EffectKind.ZERO && kind != EffectKind.ASSESS;
        if (needsAmount != (amount != null)) {
            throw new IllegalArgumentException(kind + (needsAmount ? " needs an amount" : " takes no amount"));
        }
    }

    /**
     * Parses the catalog notation of SCORING.md §3: {@code CASE 2}, {@code DEDUCT <=3}, {@code ZERO}, {@code ASSESS},
     * {@code SET 4}, {@code PENALTY 5}, {@code PENALTY <=5}, {@code BONUS 3}.
     */
    public static Effect parse(String notation) {
        String[] parts = notation.trim().split("\\s+");
        String word = parts[0];
        String arg = parts.length > 1 ? parts[1] : null;
        if (parts.length > 2) {
            throw new IllegalArgumentException("unknown effect '" + notation + "'");
        }
        boolean upTo = arg != null && arg.startsWith("<=");
        BigDecimal amount = arg == null ? null : new BigDecimal(upTo ? arg.substring(2) : arg);
        EffectKind kind = switch (word) {
            case "CASE" -> fixed(EffectKind.CASE, upTo, notation);
            case "DEDUCT" -> upTo(EffectKind.DEDUCT, upTo, notation);
            case "ZERO" -> EffectKind.ZERO;
            case "ASSESS" -> EffectKind.ASSESS;
            case "SET" -> fixed(EffectKind.SET, upTo, notation);
            case "PENALTY" -> upTo ? EffectKind.PENALTY_UP_TO : EffectKind.PENALTY;
            case "BONUS" -> fixed(EffectKind.BONUS, upTo, notation);
            default -> throw new IllegalArgumentException("unknown effect '" + notation + "'");
        };
        if (amount != null && amount.signum() < 0) {
            throw new IllegalArgumentException("negative amount in effect '" + notation + "'");
        }
        return new Effect(kind, amount);
    }

    private static EffectKind fixed(EffectKind kind, boolean upTo, String notation) {
        if (upTo) {
            throw new IllegalArgumentException(kind + " takes a fixed amount, not '" + notation + "'");
        }
        return kind;
    }

    private static EffectKind upTo(EffectKind kind, boolean upTo, String notation) {
        if (!upTo) {
            throw new IllegalArgumentException(kind + " takes an upper bound (<=n), not '" + notation + "'");
        }
        return kind;
    }

    /** Whether a fact with this effect must carry {@code points} (and no other fact may). */
    public boolean takesPoints() {
        return kind == EffectKind.DEDUCT || kind == EffectKind.ASSESS || kind == EffectKind.PENALTY_UP_TO;
    }

    /** Whether a fact with this effect must carry a {@code period} (and no other fact may). */
    public boolean takesPeriod() {
        return kind == EffectKind.ASSESS || kind == EffectKind.SET;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ZERO, ASSESS -> kind.name();
            case DEDUCT -> "DEDUCT <=" + amount.toPlainString();
            case PENALTY_UP_TO -> "PENALTY <=" + amount.toPlainString();
            default -> kind.name() + " " + amount.toPlainString();
        };
    }
}
