package cn.jiyuan.integrity.objection;

import cn.jiyuan.integrity.objection.workflow.ObjectionWorkflow;
import cn.jiyuan.integrity.support.outbox.OutboxRelay;
import cn.jiyuan.integrity.support.work.Signal;
import cn.jiyuan.integrity.support.work.Worker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The outbox relay (woken by every committed command, and every second regardless) and the overdue check (at start
 * and every {@code objection.overdue-check-interval}: the first check of a new day flags what became overdue).
 */
public class Workers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    private final Worker relaying;
    private final Worker overdue;
    private final Signal checkNow = new Signal();
    private final AtomicLong completedChecks = new AtomicLong();

    public Workers(OutboxRelay relay, ObjectionWorkflow workflow, Signal published, ObjectionProperties properties) {
        this.relaying = new Worker(
                "objection-outbox-relay", published, Duration.ofSeconds(1), properties.maxBackoff(), relay::drain);
        this.overdue = new Worker(
                "objection-overdue-check", checkNow, properties.overdueCheckInterval(), properties.maxBackoff(), () -> {
                    long flagged = workflow.flagOverdue().block();
                    if (flagged > 0) {
                        LOG.info("{} objection(s) flagged overdue", flagged);
                    }
                    completedChecks.incrementAndGet();
                });
    }

    @Override
    public void start() {
        relaying.start();
        overdue.start();
        checkNow.raise(); // at start, not only after the first interval
    }

    @Override
    public void stop() {
        overdue.stop();
        relaying.stop();
    }

    @Override
    public boolean isRunning() {
        return relaying.isRunning();
    }

    /** How many overdue checks completed since start (each flags what was due; tests await it). */
    public long completedOverdueChecks() {
        return completedChecks.get();
    }

    /** Runs the overdue check now (tests, and operators through the same path as the schedule). */
    public void checkOverdueNow() {
        checkNow.raise();
    }
}
