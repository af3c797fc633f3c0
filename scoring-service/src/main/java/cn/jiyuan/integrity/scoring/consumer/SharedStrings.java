package cn.jiyuan.integrity.scoring.consumer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One instance of each repeated value (unit ids, indicator codes, outcomes, periods, provider codes): a million facts
 * held in memory name a few thousand distinct values, and every copy is an object the garbage collector moves. Looked
 * up by the value's UTF-8 bytes where the decoder finds them, so a value seen before costs no string at all. Safe from
 * any thread (an open-addressed table whose slots are set once); bounded — past {@link #LIMIT} distinct values it
 * hands back a new string each time.
 */
final class SharedStrings {

    static final int LIMIT = 100_000;

    /** More than twice {@link #LIMIT}, a power of two: probe sequences stay short. */
    private static final int SLOTS = 1 << 18;

    /** A value and its bytes; both final, so an entry read from the table through a race is complete. */
    private record Entry(byte[] utf8, String value) {}

    private final AtomicReferenceArray<Entry> table = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger size = new AtomicInteger();

    /** The shared instance of the text whose UTF-8 bytes are {@code bytes[from, from + length)}. */
    String of(byte[] bytes, int from, int length) {
        int h = 0x811c9dc5;
        for (int i = from; i < from + length; i++) {
            h = (h ^ bytes[i]) * 0x01000193; // FNV-1a
        }
        for (int slot = (h ^ (h >>> 16)) & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
            Entry e = table.getAcquire(slot);
            if (e == null) {
                String value = new String(bytes, from, length, StandardCharsets.UTF_8);
                if (size.get() >= LIMIT) {
                    return value;
                }
                Entry mine = new Entry(Arrays.copyOfRange(bytes, from, from + length), value);
                if (table.compareAndSet(slot, null, mine)) {
                    size.incrementAndGet();
                    return value;
                }
                e = table.getAcquire(slot); // taken meanwhile, perhaps by this very value
            }
            if (Arrays.equals(e.utf8(), 0, e.utf8().length, bytes, from, from + length)) {
                return e.value();
            }
        }
    }
}
