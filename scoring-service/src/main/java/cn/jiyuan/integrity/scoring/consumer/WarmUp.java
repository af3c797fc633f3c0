package cn.jiyuan.integrity.scoring.consumer;

import cn.jiyuan.integrity.scoring.projection.ProjectionWork;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the owned units' facts into memory a few at a time, on the consumer's thread between batches, once its
 * partitions are assigned or the projection was swapped. At a province's scale (250 facts a unit) a unit read back
 * from PostgreSQL when a record touches it costs milliseconds, and until most units are held every batch pays that for
 * most of its units; warmed, a batch folds what it holds. It stops when every unit is held or the memory is full
 * ({@code scoring.cached-facts}), and never pushes a unit out.
 */
final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private final ProjectionWork work;

    /** The units still to read; null until listed. */
    private Deque<String> pending;

    private boolean done = true;
    private long startedAt;

    WarmUp(ProjectionWork work) {
        this.work = work;
    }

    /** Starts over: the partitions or the projection changed, and what was held is gone. */
    void restart() {
        pending = null;
        done = false;
        startedAt = System.nanoTime();
    }

    /**
     * Reads up to {@code units} more units of {@code partitions}. A failure (the database away, the projection swapped)
     * is logged and left for the batch that follows to meet; the step is tried again after it.
     */
    void step(Collection<Integer> partitions, String generation, int units) {
        if (done || partitions.isEmpty()) {
            return;
        }
        try {
            if (pending == null) {
                pending = new ArrayDeque<>(work.store().unitsOf(partitions).block());
            }
            List<String> chunk = new ArrayList<>(units);
            while (chunk.size() < units && !pending.isEmpty()) {
                chunk.add(pending.poll());
            }
            boolean fitted = work.warm(chunk, generation);
            if (!fitted || pending.isEmpty()) {
                done = true;
                pending = null;
                LOG.info(
                        "warm-up of partitions {} {} after {} ms: {} facts held",
                        partitions,
                        fitted ? "done" : "stopped, memory full (scoring.cached-facts)",
                        (System.nanoTime() - startedAt) / 1_000_000,
                        work.cachedFacts());
            }
        } catch (RuntimeException e) {
            LOG.warn("warm-up step failed, tried again after the next batch: {}", e.toString());
        }
    }
}
