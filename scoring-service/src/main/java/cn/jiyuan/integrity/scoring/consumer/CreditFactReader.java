package cn.jiyuan.integrity.scoring.consumer;

import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads a credit fact written with the current {@code CreditFact} schema straight into the rules' fact, skipping the
 * fields scoring does not use (reference, summary, persons, submittedBy, late, deadline, catalogVersion) instead of
 * building them — the largest share of decoding in a replay. Any other writer schema (an older published version) is
 * left to the general decoder ({@link #read} returns null). The layout below is CreditFact v1's field order: a new
 * version turns the shortcut off by its fingerprint, and a test fails until this reader is brought up to date.
 */
final class CreditFactReader {

    static final Schema SCHEMA = cn.jiyuan.integrity.schemas.avro.CreditFact.getClassSchema();
    static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(SCHEMA);

    /** The schema version whose field order {@link #read} follows (CreditFact v1). */
    static final long WRITTEN_FOR = 0xc087f08f54e3176dL;

    /** A changed schema turns the shortcut off (everything still decodes, through the general path). */
    static final boolean ENABLED = FINGERPRINT == WRITTEN_FOR;

    private CreditFactReader() {}

    /**
     * The rules' fact, or null when the record is not a current-schema credit fact on the credit-events topic. The
     * repeated values (all but the event id) are taken from {@code shared} when it is given.
     */
    static CreditFact read(String topic, byte[] data, SharedStrings shared) throws IOException {
        if (!ENABLED
                || !IntegrityTopics.CREDIT_EVENTS.name().equals(topic)
                || !AvroSingleObjectDeserializer.isFramed(data)
                || AvroSingleObjectDeserializer.fingerprint(data) != FINGERPRINT) {
            return null;
        }
        int header = AvroSingleObjectDeserializer.HEADER_LENGTH;
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(data, header, data.length - header, null);
        String eventId = in.readString();
        String unitId = in.readString();
        String indicator = in.readString();
        String outcome = in.readString();
        BigDecimal points = null;
        if (in.readIndex() == 1) {
            ByteBuffer unscaled = in.readBytes(null);
            byte[] bytes = new byte[unscaled.remaining()];
            unscaled.get(bytes);
            points = new BigDecimal(new BigInteger(bytes), 2);
        }
        String period = in.readIndex() == 1 ? in.readString() : null;
        LocalDate occurredOn = LocalDate.ofEpochDay(in.readInt());
        skipOptionalString(in); // reference
        skipOptionalString(in); // summary
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) { // persons
            for (long i = 0; i < n; i++) {
                in.skipString(); // name
                skipOptionalString(in); // position
            }
        }
        Instant recordedAt = Instant.ofEpochMilli(in.readLong());
        String providerOrg = in.readString();
        in.skipString(); // submittedBy
        in.readBoolean(); // late
        in.readInt(); // deadline
        in.skipString(); // catalogVersion
        if (!in.isEnd()) {
            throw new IOException("trailing bytes after the record");
        }
        if (shared != null) {
            unitId = shared.of(unitId);
            indicator = shared.of(indicator);
            outcome = shared.of(outcome);
            period = shared.of(period);
            providerOrg = shared.of(providerOrg);
        }
        return new CreditFact(eventId, unitId, indicator, outcome, points, period, occurredOn, recordedAt, providerOrg);
    }

    private static void skipOptionalString(BinaryDecoder in) throws IOException {
        if (in.readIndex() == 1) {
            in.skipString();
        }
    }
}
