package cn.jiyuan.integrity.rules.units;

import cn.jiyuan.integrity.rules.ChinaTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.function.Function;

/**
 * SCORING.md §1, §5: a unit takes part on date D as its registration in force at the end of D says — the latest one
 * recorded on or before D (China time) — and not at all before its first. Every service and the replay ask this, so
 * the units, the 20 % quota and the grades of a date are the same everywhere (audit D3).
 */
public final class Registrations {

    private Registrations() {}

    /** The registration in force at the end of {@code date} among {@code registrations} (any order), or null. */
    public static <R> R inForceOn(Collection<R> registrations, Function<R, Instant> recordedAt, LocalDate date) {
        R found = null;
        for (R r : registrations) {
            if (replaces(found == null ? null : recordedAt.apply(found), recordedAt.apply(r), date)) {
                found = r;
            }
        }
        return found;
    }

    /**
     * Whether a registration recorded at {@code candidate} is in force at the end of {@code date} instead of one
     * recorded at {@code current} (null: none yet) — for a reader that sees registrations one at a time. Of two
     * recorded at the same instant, the later read wins, as on the compacted topic.
     */
    public static boolean replaces(Instant current, Instant candidate, LocalDate date) {
        return !ChinaTime.dateOf(candidate).isAfter(date) && (current == null || !candidate.isBefore(current));
    }
}
