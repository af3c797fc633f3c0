package cn.jiyuan.integrity.rules.scoring;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a store still holds on a date (SCORING.md §2, purge): a credit fact beyond retention goes, and with it every
 * record about it — its corrections, the steps of objections to it. A record about a fact that was recorded on or
 * before the retention limit is about a fact beyond retention too (a fact occurs before anything is recorded about
 * it), so a store that no longer has the fact still knows to drop it.
 */
public final class Retention {

    private Retention() {}

    /** The eventIds of the credit facts among {@code facts} that are beyond retention on {@code date}. */
    public static Set<String> purgedFacts(Collection<? extends Fact> facts, LocalDate date) {
        Set<String> purged = new HashSet<>();
        for (Fact f : facts) {
            if (f instanceof CreditFact c && Window.beyondRetention(c.occurredOn(), date)) {
                purged.add(c.eventId());
            }
        }
        return purged;
    }

    /** Whether a record about fact {@code eventId}, recorded at {@code recordedAt}, is still held on {@code date}. */
    public static boolean holds(String eventId, Instant recordedAt, Set<String> purgedFacts, LocalDate date) {
        return !purgedFacts.contains(eventId) && ChinaTime.dateOf(recordedAt).isAfter(Window.retentionLimit(date));
    }

    /**
     * The last evaluation date that a purge on {@code date} can change, given the corrections it purged: a purged fact
     * counted at most up to {@link Window#lastDateCounting} of the retention limit, and a purged amendment at most up
     * to that of the date it amended the fact to. A store of past evaluations keeps every later date as it is.
     */
    public static LocalDate lastDateChangedByPurging(LocalDate date, Collection<Correction> purgedCorrections) {
        LocalDate last = Window.lastDateCounting(Window.retentionLimit(date));
        for (Correction c : purgedCorrections) {
            if (c.amendment() != null) {
                LocalDate amended = Window.lastDateCounting(c.amendment().occurredOn());
                if (amended.isAfter(last)) {
                    last = amended;
                }
            }
        }
        return last;
    }

    /**
     * The date from which {@code fact}'s age is counted: a credit fact's occurrence, a correction's recording (in
     * China); null for a debtor listing, which no age takes away.
     */
    public static LocalDate ageDate(Fact fact) {
        if (fact instanceof CreditFact c) {
            return c.occurredOn();
        }
        if (fact instanceof Correction x) {
            return ChinaTime.dateOf(x.recordedAt());
        }
        return null;
    }

    /**
     * Whether facts whose earliest {@link #ageDate} is {@code earliestAgeDate} (null: none has one) are all still held
     * on {@code date}, so that a store can skip them without reading them: exactly when {@link #retained} would keep
     * every one.
     */
    public static boolean allHeld(LocalDate earliestAgeDate, LocalDate date) {
        return earliestAgeDate == null || earliestAgeDate.isAfter(Window.retentionLimit(date));
    }

    /** The facts still held on {@code date}: {@code facts} without those beyond retention and what is about them. */
    public static List<Fact> retained(List<Fact> facts, LocalDate date) {
        Set<String> purged = purgedFacts(facts, date);
        return facts.stream()
                .filter(f -> {
                    if (f instanceof CreditFact c) {
                        return !purged.contains(c.eventId());
                    }
                    if (f instanceof Correction x) {
                        return holds(x.eventId(), x.recordedAt(), purged, date);
                    }
                    return true;
                })
                .toList();
    }
}
