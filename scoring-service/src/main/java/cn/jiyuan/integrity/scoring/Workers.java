package cn.jiyuan.integrity.scoring;

import cn.jiyuan.integrity.scoring.grading.Grader;
import cn.jiyuan.integrity.support.outbox.OutboxRelay;
import cn.jiyuan.integrity.support.work.Signal;
import cn.jiyuan.integrity.support.work.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * The grading step and the outbox relay, each on a thread of its own, woken by the consumer (and every few seconds
 * regardless, so that work left by a crash or by another instance is picked up). Errors back off and retry.
 */
public class Workers implements SmartLifecycle {

    private final Worker grading;
    private final Worker relaying;

    public Workers(
            Grader grader,
            OutboxRelay relay,
            Signal graded,
            Signal published,
            Duration maxBackoff,
            MeterRegistry meters) {
        Timer step = Timer.builder("scoring.grading")
                .description("One grading step over all active units (read, grade, write, queue the changes)")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.grading = new Worker("scoring-grader", graded, Duration.ofSeconds(5), maxBackoff, () -> {
            if (step.record(grader::grade) > 0) {
                published.raise();
            }
        });
        this.relaying = new Worker("scoring-outbox-relay", published, Duration.ofSeconds(1), maxBackoff, relay::drain);
    }

    @Override
    public void start() {
        grading.start();
        relaying.start();
    }

    @Override
    public void stop() {
        grading.stop();
        relaying.stop();
    }

    @Override
    public boolean isRunning() {
        return grading.isRunning();
    }

    /** Started before and stopped after the consumer (lower phase), so its last batch still gets graded. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
