package cn.jiyuan.integrity.schemas;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.util.ClassSecurityValidator;

/** The framing of the Avro specification's single-object encoding: {@code C3 01}, 8-byte LE fingerprint, body. */
final class SingleObjectEncoding {

    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    /** Package of the generated record classes: the only classes decoding may instantiate. */
    static final String GENERATED_PACKAGE = "cn.jiyuan.integrity.schemas.avro.";

    private static final AtomicBoolean TRUSTED = new AtomicBoolean();

    /**
     * Avro's own limits on what a length prefix may ask for, unless the JVM was told otherwise: no record of the
     * platform holds a string or bytes over 1 MiB (Kafka's largest message) or a list of more than 10,000 items, and
     * a 20-byte record must not make a reader allocate gigabytes (review K2). Set before Avro reads them, when the
     * first (de)serializer is made.
     */
    static final Map<String, String> LIMITS = Map.of(
            "org.apache.avro.limits.string.maxLength", Integer.toString(1 << 20),
            "org.apache.avro.limits.bytes.maxLength", Integer.toString(1 << 20),
            "org.apache.avro.limits.collectionItems.maxLength", "10000");

    static {
        LIMITS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }

    private SingleObjectEncoding() {}

    static void writeHeader(byte[] into, long fingerprint) {
        into[0] = MARKER_0;
        into[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            into[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
    }

    static long readFingerprint(byte[] from) {
        long fp = 0;
        for (int i = 0; i < 8; i++) {
            fp |= (from[2 + i] & 0xFFL) << (8 * i);
        }
        return fp;
    }

    /**
     * Avro 1.12 refuses to instantiate classes outside its trusted set. Trust the generated records, in addition to
     * whatever the JVM was told (org.apache.avro.SERIALIZABLE_PACKAGES), once, where a (de)serializer is created.
     */
    static void trustGeneratedClasses() {
        if (TRUSTED.compareAndSet(false, true)) {
            ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    previous, type -> type.getName().startsWith(GENERATED_PACKAGE)));
        }
    }
}
