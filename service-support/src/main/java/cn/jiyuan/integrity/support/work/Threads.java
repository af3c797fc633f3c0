package cn.jiyuan.integrity.support.work;

import java.nio.ByteBuffer;

/** Small helpers every background loop and every bytea reader needs. */
public final class Threads {

    private Threads() {}

    /** Interrupts {@code thread} and waits up to 10 s for it to end (null: nothing to stop). */
    public static void stop(Thread thread) {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The remaining bytes of a buffer (an R2DBC bytea value) as an array. */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
