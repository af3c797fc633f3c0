package cn.jiyuan.integrity.support.facts;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * The bytes of {@link PackedFacts}: varints, zigzagged numbers, decimals, dates, instants and texts, written and read
 * back equal.
 */
final class PackedBytes {

    private PackedBytes() {}

    private static final SharedTexts SHARED = new SharedTexts();

    // A text is one varint, then its content: 0 null; 1 a UUID in canonical form (two longs); 2 + 2n a number in the
    // shared table; 3 + 2n n bytes of UTF-8.
    /** What {@link Reader#epochDay} reads for a null date (no date is that many days from the epoch). */
    static final long NO_DATE = Long.MIN_VALUE;

    private static final int NULL = 0;
    private static final int UUID_TEXT = 1;

    static final class Writer {
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
            raw(content, content.length);
        }

        void raw(byte[] content, int length) {
            room(length);
            System.arraycopy(content, 0, bytes, size, length);
            size += length;
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

    static final class Reader {
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
            long day = epochDay();
            return day == NO_DATE ? null : LocalDate.ofEpochDay(day);
        }

        /** A date as {@link #date} reads it, as its epoch day ({@link #NO_DATE} for null): nothing is made. */
        long epochDay() {
            long head = varlong();
            if (head == 0) {
                return NO_DATE;
            }
            long v = head - 1;
            return (v >>> 1) ^ -(v & 1);
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
