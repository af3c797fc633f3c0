package cn.jiyuan.integrity.support.work;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background step on a thread of its own: run when its {@link Signal} is raised and at least every {@code idle}
 * (so work left by a crash or by another instance is picked up); a failing step backs off exponentially up to
 * {@code maxBackoff} and is retried.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final String name;
    private final Signal signal;
    private final Supplier<Duration> idle;
    private final Duration maxBackoff;
    private final Runnable step;
    private volatile boolean running;
    private Thread thread;

    public Worker(String name, Signal signal, Duration idle, Duration maxBackoff, Runnable step) {
        this(name, signal, () -> idle, maxBackoff, step);
    }

    /** A worker whose wait between steps is asked for before each wait (one that must run at a given time). */
    public Worker(String name, Signal signal, Supplier<Duration> idle, Duration maxBackoff, Runnable step) {
        this.name = name;
        this.signal = signal;
        this.idle = idle;
        this.maxBackoff = maxBackoff;
        this.step = step;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.start();
    }

    private void loop() {
        long backoff = 0;
        while (running) {
            try {
                if (backoff == 0) {
                    signal.await(idle.get());
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                }
                if (!running) {
                    return;
                }
                step.run();
                backoff = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                backoff = backoff == 0 ? 200 : Math.min(backoff * 2, maxBackoff.toMillis());
                LOG.warn("{} failed, retrying in {} ms: {}", name, backoff, e.toString());
            }
        }
    }

    /** Stops after the step in progress (waits up to 10 s). */
    public synchronized void stop() {
        running = false;
        Threads.stop(thread);
        thread = null;
    }

    public boolean isRunning() {
        return running;
    }
}
