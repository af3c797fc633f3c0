package cn.jiyuan.integrity.support.facts;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One unit's facts in a form a service can hold for a whole province: a byte array of about 40 bytes a credit fact,
 * where the facts as objects take about 500. A province's 25 million facts then fit in about a gigabyte, and a unit's
 * facts are unpacked when it is folded (microseconds) instead of read back from PostgreSQL (milliseconds). Each credit
 * fact may carry its status in the unit's last fold. Immutable and safe to share between threads.
 *
 * <p>What is packed is unpacked equal: every field, nulls, a {@link BigDecimal}'s scale and an {@link Instant}'s
 * nanoseconds. Identifiers in the canonical form of a UUID take 16 bytes; indicator codes, outcomes, periods and
 * providers, which repeat, take a number from one table shared by the process (bounded: past {@link #SHARED_LIMIT}
 * distinct values they are written out).
 */
public final class PackedFacts {

    static final int SHARED_LIMIT = 1 << 16;

    private static final int CREDIT_FACT = 0;
    private static final int DEBTOR_LISTING = 1;
    private static final int CORRECTION = 2;

    private static final FactStatus[] STATUSES = FactStatus.values();
    private static final DebtorStatus[] DEBTOR_STATUSES = DebtorStatus.values();
    private static final CorrectionKind[] CORRECTION_KINDS = CorrectionKind.values();

    /** The earliest age date of a pack in which no fact ages. */
    private static final int NO_AGE_DATE = Integer.MAX_VALUE;

    /** A date's bounds as {@link #factsScoredOn} reads them: computed once for the many units a ranking unpacks. */
    private record ScoredOn(LocalDate date, Instant unknownFrom, long tooEarlyDay) {}

    private static volatile ScoredOn lastScoredOn = new ScoredOn(LocalDate.MIN, Instant.MIN, Long.MIN_VALUE);

    private static final PackedFacts EMPTY = new PackedFacts(new byte[0], 0, NO_AGE_DATE, false);

    private final byte[] bytes;
    private final int count;

    /**
     * The epoch day of the earliest {@link Retention#ageDate} of the facts, so that a daily purge skips the packs that
     * have nothing beyond retention without unpacking them ({@link #earliestAgeDate}).
     */
    private final int earliestAgeDay;

    /** Whether a correction is packed: then no credit fact is left out for its occurrence ({@link #factsScoredOn}). */
    private final boolean corrected;

    private PackedFacts(byte[] bytes, int count, int earliestAgeDay, boolean corrected) {
        this.bytes = bytes;
        this.count = count;
        this.earliestAgeDay = earliestAgeDay;
        this.corrected = corrected;
    }

    public static PackedFacts of(Collection<? extends Fact> facts) {
        return of(facts, Map.of());
    }

    /** The facts, each credit fact with its status in {@code statuses} (by eventId) if it has one there. */
    public static PackedFacts of(Collection<? extends Fact> facts, Map<String, FactStatus> statuses) {
        if (facts.isEmpty()) {
            return EMPTY;
        }
        PackedBytes.Writer out = new PackedBytes.Writer(facts.size() * 48);
        PackedBytes.Writer scratch = new PackedBytes.Writer(64);
        int earliest = NO_AGE_DATE;
        boolean corrected = false;
        for (Fact fact : facts) {
            write(out, scratch, fact, fact instanceof CreditFact c ? statuses.get(c.eventId()) : null);
            earliest = Math.min(earliest, ageDay(fact));
            corrected |= fact instanceof Correction;
        }
        return new PackedFacts(Arrays.copyOf(out.bytes, out.size), facts.size(), earliest, corrected);
    }

    /** A new pack: these facts and then {@code fact} (without a status), appended without unpacking these. */
    public PackedFacts with(Fact fact) {
        PackedBytes.Writer out = new PackedBytes.Writer(48);
        write(out, new PackedBytes.Writer(48), fact, null);
        byte[] more = Arrays.copyOf(bytes, bytes.length + out.size);
        System.arraycopy(out.bytes, 0, more, bytes.length, out.size);
        return new PackedFacts(
                more, count + 1, Math.min(earliestAgeDay, ageDay(fact)), corrected || fact instanceof Correction);
    }

    private static int ageDay(Fact fact) {
        LocalDate date = Retention.ageDate(fact);
        return date == null ? NO_AGE_DATE : Math.toIntExact(date.toEpochDay());
    }

    /**
     * A fact is its head (kind and status), its recordedAt, the length of the rest and the rest: a reader that wants
     * only the facts recorded before an instant skips the others without reading them. A credit fact's rest begins
     * with its occurrence, so that one too early for a date is skipped too, its rest read no further.
     */
    private static void write(PackedBytes.Writer out, PackedBytes.Writer rest, Fact fact, FactStatus status) {
        rest.size = 0;
        int head;
        if (fact instanceof CreditFact c) {
            head = CREDIT_FACT | (status == null ? 0 : status.ordinal() + 1) << 2;
            rest.date(c.occurredOn());
            rest.id(c.eventId());
            rest.shared(c.indicator());
            rest.shared(c.outcome());
            rest.decimal(c.points());
            rest.shared(c.period());
            rest.shared(c.providerOrg());
        } else if (fact instanceof DebtorListing l) {
            head = DEBTOR_LISTING | l.status().ordinal() << 2;
            rest.id(l.listingId());
            rest.id(l.caseNumber());
            rest.shared(l.providerOrg());
        } else {
            Correction x = (Correction) fact;
            head = CORRECTION | x.kind().ordinal() << 2;
            rest.id(x.correctionId());
            rest.id(x.eventId());
            Amendment a = x.amendment();
            if (a != null) {
                rest.shared(a.outcome());
                rest.decimal(a.points());
                rest.date(a.occurredOn());
                rest.shared(a.period());
            }
        }
        out.varint(head);
        out.instant(fact.recordedAt());
        out.varint(rest.size);
        out.raw(rest.bytes, rest.size);
    }

    /**
     * The earliest date from which one of the facts ages ({@link Retention#ageDate}), null if none does: with
     * {@link Retention#allHeld} it tells whether a purge would keep every one, without unpacking them.
     */
    public LocalDate earliestAgeDate() {
        return earliestAgeDay == NO_AGE_DATE ? null : LocalDate.ofEpochDay(earliestAgeDay);
    }

    /** How many facts are packed. */
    public int count() {
        return count;
    }

    /** The heap this takes, roughly: the array and its header. */
    public long bytes() {
        return bytes.length + 32L;
    }

    /** The facts of {@code unitId}, in the order they were packed. */
    public List<Fact> facts(String unitId) {
        List<Fact> facts = new ArrayList<>(count);
        forEach(unitId, (fact, status) -> facts.add(fact));
        return facts;
    }

    /**
     * The facts of {@code unitId} recorded before {@code recordedBefore}, in the order they were packed: with the
     * rules' {@code ScoreFold.unknownFrom} of a date, the facts a fold on that date reads (the others are skipped
     * unread).
     */
    public List<Fact> factsRecordedBefore(String unitId, Instant recordedBefore) {
        List<Fact> facts = new ArrayList<>(count);
        forEach(unitId, recordedBefore, Long.MIN_VALUE, (fact, status) -> facts.add(fact));
        return facts;
    }

    /**
     * The facts of {@code unitId} that the rules' {@link ScoreFold#scoreOnly} reads on {@code date}, in the order they
     * were packed: those recorded before {@link ScoreFold#unknownFrom} the date, without the credit facts that occurred
     * by {@link ScoreFold#tooEarlyUpTo} it unless a correction is packed (the others are skipped unread). Only for
     * packs whose credit facts have distinct eventIds, as the rules require of this (the query service's: one stored
     * record per unit, kind and id).
     */
    public List<Fact> factsScoredOn(String unitId, LocalDate date) {
        ScoredOn on = lastScoredOn;
        if (!on.date().equals(date)) {
            on = new ScoredOn(
                    date,
                    ScoreFold.unknownFrom(date),
                    ScoreFold.tooEarlyUpTo(date).toEpochDay());
            lastScoredOn = on;
        }
        List<Fact> facts = new ArrayList<>(count);
        forEach(unitId, on.unknownFrom(), corrected ? Long.MIN_VALUE : on.tooEarlyDay(), (f, status) -> facts.add(f));
        return facts;
    }

    /** Each fact of {@code unitId} in the order packed, with its status (null if it has none or is not a credit fact). */
    public void forEach(String unitId, BiConsumer<Fact, FactStatus> each) {
        forEach(unitId, null, Long.MIN_VALUE, each);
    }

    /** Skipping the facts recorded from {@code recordedBefore} on and the credit facts occurred by {@code tooEarly}. */
    private void forEach(String unitId, Instant recordedBefore, long tooEarly, BiConsumer<Fact, FactStatus> each) {
        long beforeSecond = recordedBefore == null ? Long.MAX_VALUE : recordedBefore.getEpochSecond();
        int beforeNano = recordedBefore == null ? 0 : recordedBefore.getNano();
        PackedBytes.Reader in = new PackedBytes.Reader(bytes);
        for (int n = 0; n < count; n++) {
            int head = in.varint();
            long second = in.zigzag();
            int nano = in.varint();
            int length = in.varint();
            if (second > beforeSecond || second == beforeSecond && nano >= beforeNano) {
                in.at += length;
                continue;
            }
            int next = in.at + length;
            int detail = head >>> 2;
            switch (head & 3) {
                case CREDIT_FACT -> {
                    long occurredDay = in.epochDay();
                    if (occurredDay != PackedBytes.NO_DATE && occurredDay <= tooEarly) {
                        in.at = next;
                        continue;
                    }
                    CreditFact c = new CreditFact(
                            in.id(),
                            unitId,
                            in.shared(),
                            in.shared(),
                            in.decimal(),
                            in.shared(),
                            occurredDay == PackedBytes.NO_DATE ? null : LocalDate.ofEpochDay(occurredDay),
                            Instant.ofEpochSecond(second, nano),
                            in.shared());
                    each.accept(c, detail == 0 ? null : STATUSES[detail - 1]);
                }
                case DEBTOR_LISTING -> {
                    String listingId = in.id();
                    String caseNumber = in.id();
                    each.accept(
                            new DebtorListing(
                                    listingId,
                                    caseNumber,
                                    unitId,
                                    DEBTOR_STATUSES[detail],
                                    Instant.ofEpochSecond(second, nano),
                                    in.shared()),
                            null);
                }
                case CORRECTION -> {
                    CorrectionKind kind = CORRECTION_KINDS[detail];
                    String correctionId = in.id();
                    String eventId = in.id();
                    Amendment amendment = kind == CorrectionKind.AMEND
                            ? new Amendment(in.shared(), in.decimal(), in.date(), in.shared())
                            : null;
                    each.accept(
                            new Correction(
                                    correctionId,
                                    eventId,
                                    unitId,
                                    kind,
                                    amendment,
                                    Instant.ofEpochSecond(second, nano)),
                            null);
                }
                default -> throw new IllegalStateException("not a packed fact: " + head);
            }
        }
    }
}
