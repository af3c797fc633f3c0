package cn.jiyuan.integrity.support.work;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A wake-up call between threads: raised any number of times, awaited by one worker, which then does all work due. */
public final class Signal {

    private final Semaphore raised = new Semaphore(0);

    public void raise() {
        if (raised.availablePermits() == 0) {
            raised.release();
        }
    }

    /** Waits until raised or {@code timeout} passed; true if raised. Clears the signal. */
    public boolean await(Duration timeout) throws InterruptedException {
        boolean r = raised.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        raised.drainPermits();
        return r;
    }
}
