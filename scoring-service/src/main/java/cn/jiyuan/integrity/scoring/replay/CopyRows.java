package cn.jiyuan.integrity.scoring.replay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Rows in PostgreSQL's binary COPY format (each row: a field count, then per field its length and bytes, -1 for null),
 * written big-endian into a growing array. Values that recur in many rows — a unit id, an indicator, an outcome —
 * can be written from a cache of their encoding ({@link #repeated}), keyed by instance: the decoder hands out one
 * instance per such value (SharedStrings), so the cache needs no hashing of the text and holds each value once.
 */
final class CopyRows {

    /** The cache of encodings is cleared when it grows past this (values that were not shared instances after all). */
    private static final int MAX_CACHED = 100_000;

    /** PostgreSQL's epoch, 2000-01-01, in days and seconds since 1970-01-01. */
    private static final long PG_EPOCH_DAY = 10_957;

    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;

    private final Map<String, byte[]> encoded;
    private byte[] bytes;
    private int size;

    /** Rows with a cache of encodings of its own. */
    CopyRows(int capacity) {
        this(capacity, new IdentityHashMap<>());
    }

    /** Rows sharing a cache of encodings with other instances written on the same thread. */
    CopyRows(int capacity, Map<String, byte[]> encoded) {
        this.bytes = new byte[Math.max(64, capacity)];
        this.encoded = encoded;
    }

    /** A new cache for {@link #CopyRows(int, Map)}: not thread-safe. */
    static Map<String, byte[]> cache() {
        return new IdentityHashMap<>();
    }

    int size() {
        return size;
    }

    /** The rows written, as a buffer over this instance's array (no copy): do not write to it afterwards. */
    ByteBuf buffer() {
        return Unpooled.wrappedBuffer(bytes, 0, size);
    }

    /** Starts a row of {@code fields} fields. */
    CopyRows row(int fields) {
        ensure(2);
        putShort(fields);
        return this;
    }

    CopyRows nul() {
        ensure(4);
        putInt(-1);
        return this;
    }

    /** text, varchar or char(n): the UTF-8 bytes. */
    CopyRows text(String value) {
        if (value == null) {
            return nul();
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(4 + utf8.length);
        putInt(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    /** As {@link #text}, from the cache when this very instance was written before. */
    CopyRows repeated(String value) {
        if (value == null) {
            return nul();
        }
        byte[] field = encoded.get(value);
        if (field == null) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            field = new byte[4 + utf8.length];
            field[0] = (byte) (utf8.length >>> 24);
            field[1] = (byte) (utf8.length >>> 16);
            field[2] = (byte) (utf8.length >>> 8);
            field[3] = (byte) utf8.length;
            System.arraycopy(utf8, 0, field, 4, utf8.length);
            if (encoded.size() >= MAX_CACHED) {
                encoded.clear();
            }
            encoded.put(value, field);
        }
        ensure(field.length);
        System.arraycopy(field, 0, bytes, size, field.length);
        size += field.length;
        return this;
    }

    CopyRows bool(boolean value) {
        ensure(5);
        putInt(1);
        bytes[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    CopyRows int4(int value) {
        ensure(8);
        putInt(4);
        putInt(value);
        return this;
    }

    CopyRows int8(long value) {
        ensure(12);
        putInt(8);
        putLong(value);
        return this;
    }

    CopyRows date(LocalDate value) {
        if (value == null) {
            return nul();
        }
        return int4((int) (value.toEpochDay() - PG_EPOCH_DAY));
    }

    /** timestamptz: microseconds since 2000-01-01T00:00Z. */
    CopyRows timestamp(Instant value) {
        if (value == null) {
            return nul();
        }
        return int8((value.getEpochSecond() - PG_EPOCH_SECOND) * 1_000_000L + value.getNano() / 1_000);
    }

    /**
     * numeric: base-10000 digits, most significant first, the weight of the first, the sign and the display scale
     * (PostgreSQL's numeric_send layout). A numeric(p, s) column applies its scale on receipt, as it does for text.
     * Values of up to 18 significant digits (the projection's are numeric(9, 2)).
     */
    CopyRows numeric(BigDecimal value) {
        if (value == null) {
            return nul();
        }
        int dscale = Math.max(0, value.scale());
        int fractionGroups = (dscale + 3) / 4;
        long unscaled = value.abs().movePointRight(fractionGroups * 4).longValueExact();
        short[] groups = new short[5]; // least significant first
        int count = 0;
        for (long u = unscaled; u > 0; u /= 10_000) {
            groups[count++] = (short) (u % 10_000);
        }
        int weight = count - fractionGroups - 1;
        int low = 0; // trailing zero groups (the least significant) carry nothing
        while (low < count && groups[low] == 0) {
            low++;
        }
        // leading zero groups (0.05 → weight -1): groups above count are zero already, so only the weight moves
        int digits = count - low;
        if (digits == 0) {
            weight = 0;
        }
        ensure(12 + 2 * digits);
        putInt(8 + 2 * digits);
        putShort(digits);
        putShort(weight);
        putShort(value.signum() < 0 ? 0x4000 : 0x0000);
        putShort(dscale);
        for (int i = count - 1; i >= low; i--) {
            putShort(groups[i]);
        }
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private void putShort(int v) {
        bytes[size] = (byte) (v >>> 8);
        bytes[size + 1] = (byte) v;
        size += 2;
    }

    private void putInt(int v) {
        bytes[size] = (byte) (v >>> 24);
        bytes[size + 1] = (byte) (v >>> 16);
        bytes[size + 2] = (byte) (v >>> 8);
        bytes[size + 3] = (byte) v;
        size += 4;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
