package cn.jiyuan.integrity.scoring;

import cn.jiyuan.integrity.scoring.grading.Grader;
import cn.jiyuan.integrity.scoring.outbox.OutboxRelay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The grading step and the outbox relay, each on a thread of its own, woken by the consumer (and every few seconds
 * regardless, so that work left by a crash or by another instance is picked up). Errors back off and retry.
 */
public class Workers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    private final Grader grader;
    private final OutboxRelay relay;
    private final Signal graded;
    private final Signal published;
    private final Duration maxBackoff;
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread gradingThread;
    private Thread relayThread;

    public Workers(Grader grader, OutboxRelay relay, Signal graded, Signal published, Duration maxBackoff) {
        this.grader = grader;
        this.relay = relay;
        this.graded = graded;
        this.published = published;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            gradingThread = loop("scoring-grader", graded, Duration.ofSeconds(5), () -> {
                if (grader.grade() > 0) {
                    published.raise();
                }
            });
            relayThread = loop("scoring-outbox-relay", published, Duration.ofSeconds(1), relay::drain);
        }
    }

    private Thread loop(String name, Signal signal, Duration idle, Runnable step) {
        Thread t = new Thread(
                () -> {
                    long backoff = 0;
                    while (running.get()) {
                        try {
                            if (backoff == 0) {
                                signal.await(idle);
                            } else {
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                            }
                            if (!running.get()) {
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
                },
                name);
        t.start();
        return t;
    }

    @Override
    public void stop() {
        running.set(false);
        for (Thread t : new Thread[] {gradingThread, relayThread}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Started before and stopped after the consumer (lower phase), so its last batch still gets graded. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
