package cn.jiyuan.integrity.scoring.consumer;

import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Reads a credit fact written with the current {@code CreditFact} schema straight from the record's bytes into the
 * rules' fact, skipping the fields scoring does not use (reference, summary, persons, sealedPersons, submittedBy, late, deadline,
 * catalogVersion) instead of building them — the largest share of decoding in a replay — and taking repeated values
 * from {@link SharedStrings} by their bytes, without a string per field. Any other writer schema (an older published version) is
 * left to the general decoder ({@link #read} returns null). The layout below is CreditFact v2's field order: a new
 * version turns the shortcut off by its fingerprint, and a test fails until this reader is brought up to date.
 */
final class CreditFactReader {

    static final Schema SCHEMA = cn.jiyuan.integrity.schemas.avro.CreditFact.getClassSchema();
    static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(SCHEMA);

    /** The schema version whose field order {@link #read} follows (CreditFact v2: persons sealed). */
    static final long WRITTEN_FOR = 0xa0124589fabeebdcL;

    /** A changed schema turns the shortcut off (everything still decodes, through the general path). */
    static final boolean ENABLED = FINGERPRINT == WRITTEN_FOR;

    private CreditFactReader() {}

    /**
     * The rules' fact, or null when the record is not a current-schema credit fact on the credit-events topic. The
     * repeated values (all but the event id) are taken from {@code shared} when it is given. Damaged input (cut
     * short, trailing bytes, a union branch the schema does not have) throws: the general decoder then says what is
     * wrong.
     */
    static CreditFact read(String topic, byte[] data, SharedStrings shared) throws IOException {
        if (!ENABLED
                || !IntegrityTopics.CREDIT_EVENTS.name().equals(topic)
                || !AvroSingleObjectDeserializer.isFramed(data)
                || AvroSingleObjectDeserializer.fingerprint(data) != FINGERPRINT) {
            return null;
        }
        Binary in = new Binary(data, AvroSingleObjectDeserializer.HEADER_LENGTH, shared);
        String eventId = in.string();
        String unitId = in.repeatedString();
        String indicator = in.repeatedString();
        String outcome = in.repeatedString();
        BigDecimal points = null;
        if (in.optional()) {
            int length = in.length();
            points = new BigDecimal(new BigInteger(data, in.skip(length), length), 2);
        }
        String period = in.optional() ? in.repeatedString() : null;
        LocalDate occurredOn = LocalDate.ofEpochDay(in.readInt());
        if (in.optional()) { // reference
            in.skip(in.length());
        }
        if (in.optional()) { // summary
            in.skip(in.length());
        }
        for (long n = in.blockCount(); n != 0; n = in.blockCount()) { // persons
            for (long i = 0; i < n; i++) {
                in.skip(in.length()); // name
                if (in.optional()) { // position
                    in.skip(in.length());
                }
            }
        }
        if (in.optional()) { // sealedPersons
            in.skip(in.length()); // nonce
            in.skip(in.length()); // ciphertext
        }
        Instant recordedAt = Instant.ofEpochMilli(in.readLong());
        String providerOrg = in.repeatedString();
        in.skip(in.length()); // submittedBy
        in.skip(1); // late
        in.readInt(); // deadline
        in.skip(in.length()); // catalogVersion
        if (in.at != data.length) {
            throw new IOException("trailing bytes after the record");
        }
        return new CreditFact(eventId, unitId, indicator, outcome, points, period, occurredOn, recordedAt, providerOrg);
    }

    /** Avro's binary encoding read straight from the record's bytes (zig-zag varints, length-prefixed strings). */
    private static final class Binary {

        private final byte[] data;
        private final SharedStrings shared;
        private int at;

        Binary(byte[] data, int from, SharedStrings shared) {
            this.data = data;
            this.at = from;
            this.shared = shared;
        }

        long readLong() throws IOException {
            long raw = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= data.length) {
                    throw new EOFException("the record ends inside a number");
                }
                int b = data[at++];
                raw |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new IOException("a number longer than 64 bits");
        }

        int readInt() throws IOException {
            long n = readLong();
            if (n != (int) n) {
                throw new IOException("an int out of range: " + n);
            }
            return (int) n;
        }

        /** A string's or bytes' length, checked against what is left. */
        int length() throws IOException {
            int n = readInt();
            if (n < 0 || n > data.length - at) {
                throw new EOFException("a length of " + n + " with " + (data.length - at) + " bytes left");
            }
            return n;
        }

        /** Moves past {@code n} bytes; returns where they start. */
        int skip(int n) throws IOException {
            if (n > data.length - at) {
                throw new EOFException("the record ends early");
            }
            int from = at;
            at += n;
            return from;
        }

        /** A ["null", T] union: whether T follows. */
        boolean optional() throws IOException {
            int branch = readInt();
            if (branch != 0 && branch != 1) {
                throw new IOException("union branch " + branch + " of a two-branch union");
            }
            return branch == 1;
        }

        /** The item count of the next array block (0 ends the array); a negative count is followed by a byte size. */
        long blockCount() throws IOException {
            long n = readLong();
            if (n < 0) {
                readLong();
                return -n;
            }
            return n;
        }

        String string() throws IOException {
            int n = length();
            return new String(data, skip(n), n, StandardCharsets.UTF_8);
        }

        String repeatedString() throws IOException {
            if (shared == null) {
                return string();
            }
            int n = length();
            return shared.of(data, skip(n), n);
        }
    }
}
