package cn.jiyuan.integrity.scoring.consumer;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.projection.ProjectionWork;
import cn.jiyuan.integrity.scoring.projection.ProjectionWork.Batch;
import cn.jiyuan.integrity.scoring.projection.UnitState;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.kafka.Positions;
import cn.jiyuan.integrity.support.work.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The consuming side of the projection: one thread, one Kafka consumer in the service's group on the three input
 * topics (co-partitioned by unit id; the range assignor gives an instance the same partition numbers of each). Offsets
 * live in PostgreSQL beside the projection and are written in the batch's transaction; Kafka's committed offsets are
 * not used. A record that cannot be decoded, or that the rules refuse ({@link Decoder}), goes to {@code <topic>.DLT}
 * (acknowledged) with the reason before the batch commits. While
 * the database or the dead-letter send fails, the batch is retried with back-off and nothing is skipped.
 */
public class ProjectionConsumer implements SmartLifecycle, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionConsumer.class);
    private static final List<String> TOPICS = List.of(
            IntegrityTopics.CREDIT_EVENTS.name(), IntegrityTopics.UNITS.name(), IntegrityTopics.OBJECTIONS.name());
    private static final int REEVALUATION_CHUNK = 500;

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final DeadLetters deadLetters;
    private final ProjectionWork work;
    private final Decoder decoder;
    private final Clock clock;
    private final Duration pollTimeout;

    /** The longest wait between retries while PostgreSQL or Kafka is unavailable. */
    private final Duration maxBackoff;

    private final Signal graded;
    private final Signal relay;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Counter applied;
    private final Counter deadLettered;
    private final Counter retries;

    private volatile Thread thread;
    private volatile Consumer<String, byte[]> consumer;
    private final Set<Integer> owned = new TreeSet<>();
    private String generation;
    private volatile LocalDate evaluatedFor;
    private volatile String failing;

    public ProjectionConsumer(
            Supplier<Consumer<String, byte[]>> consumers,
            Producer<String, byte[]> deadLetters,
            ProjectionWork work,
            Clock clock,
            Duration pollTimeout,
            Duration maxBackoff,
            Signal graded,
            Signal relay,
            MeterRegistry meters,
            Catalogs catalogs) {
        this.decoder = new Decoder(catalogs);
        this.consumers = consumers;
        this.deadLetters = new DeadLetters(deadLetters, "scoring");
        this.work = work;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
        this.maxBackoff = maxBackoff;
        this.graded = graded;
        this.relay = relay;
        this.applied = meters.counter("scoring.records.applied");
        this.deadLettered = meters.counter("scoring.records.dead-lettered");
        this.retries = meters.counter("scoring.batch.retries");
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            thread = new Thread(this, "scoring-consumer");
            thread.start();
        }
    }

    @Override
    public void stop() {
        running.set(false);
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** The partition numbers whose units this instance scores now (an ordered copy). */
    public Set<Integer> ownedPartitions() {
        synchronized (owned) {
            return Collections.unmodifiableSet(new TreeSet<>(owned));
        }
    }

    /** Whether the consumer has evaluated the units of the partitions it owns for today (trivially, if none). */
    public boolean isCaughtUpWithTheDate() {
        LocalDate evaluated = evaluatedFor;
        return ownedPartitions().isEmpty() || (evaluated != null && evaluated.equals(today()));
    }

    /** Why the last batch was not applied (it is being retried), or null once one is. */
    public String failing() {
        return failing;
    }

    /** Whether the consuming thread is alive (it ends only when stopped or on an unrecoverable error). */
    public boolean isConsuming() {
        Thread t = thread;
        return running.get() && t != null && t.isAlive();
    }

    @Override
    public void run() {
        try (Consumer<String, byte[]> c = consumers.get()) {
            consumer = c;
            c.subscribe(TOPICS, new Rebalance(c));
            long backoff = 0;
            Batch pending = null;
            ConsumerRecords<String, byte[]> pendingRecords = null;
            while (running.get()) {
                try {
                    reevaluateIfTheDateMoved();
                    if (pendingRecords == null) {
                        pendingRecords = c.poll(pollTimeout);
                        if (pendingRecords.isEmpty()) {
                            pendingRecords = null;
                            continue;
                        }
                        pending = null;
                    }
                    if (pending == null) {
                        pending = decode(pendingRecords);
                    }
                    int queued = work.apply(pending, generation, today(), clock.instant());
                    applied.increment(pendingRecords.count());
                    pendingRecords = null;
                    pending = null;
                    backoff = 0;
                    failing = null;
                    graded.raise();
                    if (queued > 0) {
                        relay.raise();
                    }
                } catch (WakeupException e) {
                    break;
                } catch (OffsetOutOfRangeException e) {
                    failing = Positions.reposition(c, e);
                    if (failing != null) {
                        backoff = backoff == 0 ? 100 : Math.min(backoff * 2, maxBackoff.toMillis());
                        LOG.warn("{}; asking again in {} ms", failing, backoff);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                    }
                } catch (ProjectionWork.GenerationChanged e) {
                    LOG.info("{}: re-reading positions", e.getMessage());
                    work.forget();
                    pendingRecords = null;
                    pending = null;
                    seekToStoredOffsets(c, c.assignment());
                } catch (RuntimeException e) {
                    backoff = backoff == 0 ? 100 : Math.min(backoff * 2, maxBackoff.toMillis());
                    retries.increment();
                    failing = e.toString();
                    LOG.warn("batch not applied, retrying in {} ms: {}", backoff, e.toString());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                    if (pendingRecords != null && !c.assignment().containsAll(pendingRecords.partitions())) {
                        pendingRecords = null; // partitions moved to another instance meanwhile: it takes over
                        pending = null;
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("the scoring consumer stopped", e);
        } finally {
            consumer = null;
        }
    }

    private LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }

    private void reevaluateIfTheDateMoved() {
        LocalDate today = today();
        if (today.equals(evaluatedFor) || owned.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        int n = work.reevaluate(new ArrayList<>(owned), generation, today, clock.instant(), REEVALUATION_CHUNK);
        evaluatedFor = today;
        LOG.info(
                "re-evaluated {} unit(s) of partitions {} for {} in {} ms",
                n,
                owned,
                today,
                (System.nanoTime() - t0) / 1_000_000);
        graded.raise();
        relay.raise();
    }

    private Batch decode(ConsumerRecords<String, byte[]> records) {
        List<Fact> facts = new ArrayList<>();
        Map<String, UnitState> units = new LinkedHashMap<>();
        Set<String> touched = new LinkedHashSet<>();
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            Decoder.Input input;
            try {
                input = decoder.decode(r);
            } catch (Decoder.Refused e) {
                deadLettered.increment();
                sent.add(deadLetters.send(r, e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                deadLettered.increment();
                sent.add(deadLetters.send(r, "cannot be decoded: " + e));
                continue;
            }
            if (input.fact() != null) {
                facts.add(input.fact());
                touched.add(input.unitId());
            } else if (input.unit() != null) {
                units.put(input.unitId(), input.unit()); // the latest registration in the batch wins
                touched.add(input.unitId());
            }
        }
        DeadLetters.awaitAll(sent);
        return new Batch(facts, List.copyOf(units.values()), touched, next);
    }

    private void seekToStoredOffsets(Consumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        long backoff = 100;
        while (running.get()) {
            try {
                generation = work.generation();
                Map<TopicPartition, Long> stored =
                        work.store().offsets(partitions).block();
                List<TopicPartition> fromStart = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    Long offset = stored.get(tp);
                    if (offset == null) {
                        fromStart.add(tp);
                    } else {
                        c.seek(tp, offset);
                    }
                }
                if (!fromStart.isEmpty()) { // with none given, Kafka seeks every assigned partition to its start
                    c.seekToBeginning(fromStart);
                }
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot read the stored offsets, retrying in {} ms: {}", backoff, e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<String, byte[]> c;

        Rebalance(Consumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            work.forget();
            synchronized (owned) {
                for (TopicPartition tp : partitions) {
                    if (tp.topic().equals(IntegrityTopics.CREDIT_EVENTS.name())) {
                        owned.remove(tp.partition());
                    }
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            work.forget();
            seekToStoredOffsets(c, partitions);
            Set<Integer> before = new HashSet<>(owned);
            synchronized (owned) {
                for (TopicPartition tp : partitions) {
                    if (tp.topic().equals(IntegrityTopics.CREDIT_EVENTS.name())) {
                        owned.add(tp.partition());
                    }
                }
            }
            if (!owned.equals(before)) {
                evaluatedFor = null; // new partitions: bring their units to today
            }
            LOG.info("assigned {}; this instance scores the units of partitions {}", partitions, owned);
        }
    }
}
