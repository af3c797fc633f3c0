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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    private static final PackedFacts EMPTY = new PackedFacts(new byte[0], 0, NO_AGE_DATE);

    private final byte[] bytes;
    private final int count;

    /**
     * The epoch day of the earliest {@link Retention#ageDate} of the facts, so that a daily purge skips the packs that
     * have nothing beyond retention without unpacking them ({@link #earliestAgeDate}).
     */
    private final int earliestAgeDay;

    private PackedFacts(byte[] bytes, int count, int earliestAgeDay) {
        this.bytes = bytes;
        this.count = count;
        this.earliestAgeDay = earliestAgeDay;
    }

    public static PackedFacts of(Collection<? extends Fact> facts) {
        return of(facts, Map.of());
    }

    /** The facts, each credit fact with its status in {@code statuses} (by eventId) if it has one there. */
    public static PackedFacts of(Collection<? extends Fact> facts, Map<String, FactStatus> statuses) {
        if (facts.isEmpty()) {
            return EMPTY;
        }
        Writer out = new Writer(facts.size() * 48);
        int earliest = NO_AGE_DATE;
        for (Fact fact : facts) {
            write(out, fact, fact instanceof CreditFact c ? statuses.get(c.eventId()) : null);
            earliest = Math.min(earliest, ageDay(fact));
        }
        return new PackedFacts(Arrays.copyOf(out.bytes, out.size), facts.size(), earliest);
    }

    /** A new pack: these facts and then {@code fact} (without a status), appended without unpacking these. */
    public PackedFacts with(Fact fact) {
        Writer out = new Writer(48);
        write(out, fact, null);
        byte[] more = Arrays.copyOf(bytes, bytes.length + out.size);
        System.arraycopy(out.bytes, 0, more, bytes.length, out.size);
        return new PackedFacts(more, count + 1, Math.min(earliestAgeDay, ageDay(fact)));
    }

    private static int ageDay(Fact fact) {
        LocalDate date = Retention.ageDate(fact);
        return date == null ? NO_AGE_DATE : Math.toIntExact(date.toEpochDay());
    }

    private static void write(Writer out, Fact fact, FactStatus status) {
        if (fact instanceof CreditFact c) {
            out.varint(CREDIT_FACT | (status == null ? 0 : status.ordinal() + 1) << 2);
            out.id(c.eventId());
            out.shared(c.indicator());
            out.shared(c.outcome());
            out.decimal(c.points());
            out.shared(c.period());
            out.date(c.occurredOn());
            out.instant(c.recordedAt());
            out.shared(c.providerOrg());
        } else if (fact instanceof DebtorListing l) {
            out.varint(DEBTOR_LISTING | l.status().ordinal() << 2);
            out.id(l.listingId());
            out.id(l.caseNumber());
            out.instant(l.recordedAt());
            out.shared(l.providerOrg());
        } else {
            Correction x = (Correction) fact;
            out.varint(CORRECTION | x.kind().ordinal() << 2);
            out.id(x.correctionId());
            out.id(x.eventId());
            out.instant(x.recordedAt());
            Amendment a = x.amendment();
            if (a != null) {
                out.shared(a.outcome());
                out.decimal(a.points());
                out.date(a.occurredOn());
                out.shared(a.period());
            }
        }
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

    /** Each fact of {@code unitId} in the order packed, with its status (null if it has none or is not a credit fact). */
    public void forEach(String unitId, BiConsumer<Fact, FactStatus> each) {
        Reader in = new Reader(bytes);
        for (int n = 0; n < count; n++) {
            int head = in.varint();
            int detail = head >>> 2;
            switch (head & 3) {
                case CREDIT_FACT -> {
                    CreditFact c = new CreditFact(
                            in.id(),
                            unitId,
                            in.shared(),
                            in.shared(),
                            in.decimal(),
                            in.shared(),
                            in.date(),
                            in.instant(),
                            in.shared());
                    each.accept(c, detail == 0 ? null : STATUSES[detail - 1]);
                }
                case DEBTOR_LISTING -> {
                    String listingId = in.id();
                    String caseNumber = in.id();
                    Instant recordedAt = in.instant();
                    each.accept(
                            new DebtorListing(
                                    listingId, caseNumber, unitId, DEBTOR_STATUSES[detail], recordedAt, in.shared()),
                            null);
                }
                case CORRECTION -> {
                    CorrectionKind kind = CORRECTION_KINDS[detail];
                    String correctionId = in.id();
                    String eventId = in.id();
                    Instant recordedAt = in.instant();
                    Amendment amendment = kind == CorrectionKind.AMEND
                            ? new Amendment(in.shared(), in.decimal(), in.date(), in.shared())
                            : null;
                    each.accept(new Correction(correctionId, eventId, unitId, kind, amendment, recordedAt), null);
                }
                default -> throw new IllegalStateException("not a packed fact: " + head);
            }
        }
    }

    private static final SharedTexts SHARED = new SharedTexts();

    // A text is one varint, then its content: 0 null; 1 a UUID in canonical form (two longs); 2 + 2n a number in the
    // shared table; 3 + 2n n bytes of UTF-8.
    private static final int NULL = 0;
    private static final int UUID_TEXT = 1;

    private static final class Writer {
        byte[] bytes;
        int size;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        private void room(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        void varint(long value) {
            room(10);
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        void zigzag(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        void raw(byte[] content) {
            room(content.length);
            System.arraycopy(content, 0, bytes, size, content.length);
            size += content.length;
        }

        void longBits(long value) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }

        void id(String text) {
            if (text == null) {
                varint(NULL);
                return;
            }
            UUID uuid = canonicalUuid(text);
            if (uuid != null) {
                varint(UUID_TEXT);
                longBits(uuid.getMostSignificantBits());
                longBits(uuid.getLeastSignificantBits());
            } else {
                inline(text);
            }
        }

        void shared(String text) {
            if (text == null) {
                varint(NULL);
                return;
            }
            int number = SHARED.numberOf(text);
            if (number >= 0) {
                varint(2 + 2L * number);
            } else {
                inline(text);
            }
        }

        private void inline(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            varint(3 + 2L * utf8.length);
            raw(utf8);
        }

        /** 0 for null; else 1 + the scale, zigzagged, then the unscaled value (zigzag, or its bytes when it is long). */
        void decimal(BigDecimal value) {
            if (value == null) {
                varint(0);
                return;
            }
            BigInteger unscaled = value.unscaledValue();
            boolean small = unscaled.bitLength() < 64;
            varint(1 + ((long) zigzagInt(value.scale()) << 1 | (small ? 0 : 1)));
            if (small) {
                zigzag(unscaled.longValue());
            } else {
                byte[] twosComplement = unscaled.toByteArray();
                varint(twosComplement.length);
                raw(twosComplement);
            }
        }

        void date(LocalDate date) {
            if (date == null) {
                varint(0);
            } else {
                varint(1 + zigzagLong(date.toEpochDay()));
            }
        }

        void instant(Instant instant) {
            zigzag(instant.getEpochSecond());
            varint(instant.getNano());
        }

        private static long zigzagInt(int value) {
            return Integer.toUnsignedLong((value << 1) ^ (value >> 31));
        }

        private static long zigzagLong(long value) {
            return (value << 1) ^ (value >> 63);
        }
    }

    private static final class Reader {
        final byte[] bytes;
        int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long varlong() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[at++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        int varint() {
            return (int) varlong();
        }

        long zigzag() {
            long v = varlong();
            return (v >>> 1) ^ -(v & 1);
        }

        long longBits() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (bytes[at++] & 0xFF);
            }
            return value;
        }

        String id() {
            return text();
        }

        String shared() {
            return text();
        }

        private String text() {
            long head = varlong();
            if (head == NULL) {
                return null;
            }
            if (head == UUID_TEXT) {
                return new UUID(longBits(), longBits()).toString();
            }
            if ((head & 1) == 0) {
                return SHARED.text((int) ((head - 2) >>> 1));
            }
            int length = (int) ((head - 3) >>> 1);
            String text = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }

        BigDecimal decimal() {
            long head = varlong();
            if (head == 0) {
                return null;
            }
            long bits = head - 1;
            long scaleZigzag = bits >>> 1;
            int scale = (int) ((scaleZigzag >>> 1) ^ -(scaleZigzag & 1));
            if ((bits & 1) == 0) {
                return BigDecimal.valueOf(zigzag(), scale);
            }
            int length = varint();
            BigInteger unscaled = new BigInteger(bytes, at, length);
            at += length;
            return new BigDecimal(unscaled, scale);
        }

        LocalDate date() {
            long head = varlong();
            if (head == 0) {
                return null;
            }
            long v = head - 1;
            return LocalDate.ofEpochDay((v >>> 1) ^ -(v & 1));
        }

        Instant instant() {
            long seconds = zigzag();
            return Instant.ofEpochSecond(seconds, varlong());
        }
    }

    /** The UUID whose canonical text is exactly {@code text} (lower-case, hyphens in place), or null. */
    static UUID canonicalUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char ch = text.charAt(i);
            boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphen ? ch != '-' : !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return null;
            }
        }
        return UUID.fromString(text);
    }
}
