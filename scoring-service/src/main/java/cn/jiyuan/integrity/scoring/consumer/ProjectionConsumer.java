package cn.jiyuan.integrity.scoring.consumer;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.projection.ProjectionWork;
import cn.jiyuan.integrity.scoring.projection.ProjectionWork.Batch;
import cn.jiyuan.integrity.scoring.projection.UnitState;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.kafka.ListenerErrors;
import cn.jiyuan.integrity.support.kafka.PollListener;
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
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * The consuming side of the projection: a spring-kafka listener container, one consumer in the service's group on the
 * three input topics (co-partitioned by unit id; the range assignor gives an instance the same partition numbers of
 * each), with the services' one error policy ({@link ListenerErrors}: a batch that cannot be applied is given again
 * after a back-off, for as long as it fails, and nothing is skipped).
 *
 * <p>Offsets live in PostgreSQL beside the projection and are written in the batch's transaction; Kafka's committed
 * offsets are not used (the listener never acknowledges). On assignment, and when a replay's switch-over changed the
 * projection's generation, the consumer seeks to the stored offsets. A record that cannot be decoded, or that the rules
 * refuse ({@link Decoder}), goes to {@code <topic>.DLT} (acknowledged) with the reason before the batch commits. When
 * the date moves (checked before each batch and while idle), the owned units are evaluated for the new day, a chunk
 * at a time between batches.
 */
public class ProjectionConsumer implements SmartLifecycle, ApplicationContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionConsumer.class);
    private static final List<String> TOPICS = List.of(
            IntegrityTopics.CREDIT_EVENTS.name(), IntegrityTopics.UNITS.name(), IntegrityTopics.OBJECTIONS.name());
    private static final int REEVALUATION_CHUNK = 500;

    /**
     * How long a new day's chunks are re-evaluated for while no record arrives, before the next poll: a record that
     * arrives meanwhile waits at most this and one chunk. Chunks counted instead (four, before 2026-11-30) left the
     * consumer waiting out its poll timeout for most of the re-evaluation.
     */
    private static final Duration IDLE_REEVALUATION_BUDGET = Duration.ofMillis(400);

    /** Units read ahead after a batch (≈ 0.1 s at a province's 250 facts a unit) and while idle. */
    private static final int WARM_UP_STEP = 50;

    private static final int IDLE_WARM_UP_STEP = 1000;

    private final KafkaMessageListenerContainer<String, byte[]> container;
    private final ListenerErrors errors;
    private final DeadLetters deadLetters;
    private final ProjectionWork work;
    private final WarmUp warmUp;
    private final Decoder decoder;
    private final Clock clock;

    /** The longest wait between attempts to read the stored offsets while PostgreSQL is unavailable. */
    private final Duration maxBackoff;

    private final Signal graded;
    private final Signal relay;
    private final Counter applied;
    private final Counter deadLettered;
    private final Counter retries;

    private final Set<Integer> owned = new TreeSet<>();
    private String generation;
    private volatile LocalDate evaluatedFor;
    /** The new day's re-evaluation under way, or null (only the consumer's thread). */
    private NewDay newDay;

    /** The poll a failed batch was decoded from, and that decoding: a retry does not dead-letter twice. */
    private ConsumerRecords<String, byte[]> decodedFrom;

    private Batch decoded;

    /** @param consumerProperties the group's settings, with the key and value deserializers */
    public ProjectionConsumer(
            Map<String, Object> consumerProperties,
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
        this.deadLetters = new DeadLetters(deadLetters, "scoring");
        this.work = work;
        this.warmUp = new WarmUp(work);
        this.clock = clock;
        this.maxBackoff = maxBackoff;
        this.graded = graded;
        this.relay = relay;
        this.applied = meters.counter("scoring.records.applied");
        this.deadLettered = meters.counter("scoring.records.dead-lettered");
        this.retries = meters.counter("scoring.batch.retries");
        this.errors = new ListenerErrors("scoring-consumer", maxBackoff);

        ContainerProperties properties = new ContainerProperties(TOPICS.toArray(String[]::new));
        properties.setPollTimeout(pollTimeout.toMillis());
        properties.setAckMode(AckMode.MANUAL); // never acknowledged: the offsets are the projection's
        properties.setIdleEventInterval(pollTimeout.toMillis());
        properties.setIdleBeforeDataMultiplier(1.0);
        properties.setShutdownTimeout(Duration.ofSeconds(30).toMillis());
        properties.setConsumerRebalanceListener(new Rebalance());
        properties.setMessageListener(new PollListener(this::apply));
        this.container =
                new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(consumerProperties), properties);
        container.setBeanName("scoring-consumer");
        container.setCommonErrorHandler(errors);
        // Idle events come on the consumer's thread: the date is checked there, between polls.
        container.setApplicationEventPublisher(event -> {
            if (event instanceof ListenerContainerIdleEvent idle) {
                whileIdle(idle.getConsumer());
            }
        });
    }

    /** The container's listener timers (spring.kafka.listener) go to the context's meter registry. */
    @Override
    public void setApplicationContext(ApplicationContext context) throws BeansException {
        container.setApplicationContext(context);
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
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
        return errors.failing();
    }

    /** Whether the container consumes (it stops only when stopped or on an unrecoverable error). */
    public boolean isConsuming() {
        return container.isRunning() && container.isInExpectedState();
    }

    private LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }

    /**
     * Evaluates the owned units for a new day, a chunk of them at a time: the first call after the date moved starts
     * the purge of the tables and lists the units ({@link ProjectionWork#newDay}), each call re-evaluates the next
     * chunk and, while {@code budget} is not spent, the ones after it. Called before each batch (one chunk) and while
     * idle (chunks for {@link #IDLE_REEVALUATION_BUDGET}), so that facts arriving after midnight wait for a chunk or the
     * budget, not for every unit (tens of seconds at a province's 100,000) nor for the purge's scan. The day is done
     * once every unit is re-evaluated and the purge has finished. Returns whether a new day is under way.
     */
    private boolean reevaluateIfTheDateMoved(Duration budget) {
        LocalDate today = today();
        if (newDay != null && !today.equals(newDay.date())) {
            // the date moved again before the day was done (a clock set back): units may be on either date
            evaluatedFor = null;
            newDay = null;
        }
        if (today.equals(evaluatedFor) || owned.isEmpty()) {
            newDay = null;
            return false;
        }
        if (newDay == null || !today.equals(newDay.date())) {
            newDay = new NewDay(today, work.newDay(ownedPartitions(), generation, today), System.nanoTime());
        }
        long until = System.nanoTime() + budget.toNanos();
        while (newDay.done() < newDay.units().size()) {
            List<String> chunk = newDay.units()
                    .subList(newDay.done(), Math.min(newDay.units().size(), newDay.done() + REEVALUATION_CHUNK));
            work.reevaluate(chunk, generation, today, clock.instant());
            newDay = newDay.after(chunk.size());
            if (System.nanoTime() - until >= 0) {
                break;
            }
        }
        if (newDay.done() == newDay.units().size() && work.purged(generation, today)) {
            evaluatedFor = today;
            LOG.info(
                    "re-evaluated {} unit(s) of partitions {} for {} in {} ms",
                    newDay.done(),
                    owned,
                    today,
                    (System.nanoTime() - newDay.startedNanos()) / 1_000_000);
            newDay = null;
            graded.raise();
            relay.raise();
        }
        return true;
    }

    /** A new day's re-evaluation under way: its units, how many are done, when it started. */
    private record NewDay(LocalDate date, List<String> units, long startedNanos, int done) {

        NewDay(LocalDate date, List<String> units, long startedNanos) {
            this(date, units, startedNanos, 0);
        }

        NewDay after(int more) {
            return new NewDay(date, units, startedNanos, done + more);
        }
    }

    private void whileIdle(Consumer<?, ?> consumer) {
        try {
            if (reevaluateIfTheDateMoved(IDLE_REEVALUATION_BUDGET)) {
                errors.succeeded();
            }
            warmUp.step(ownedPartitions(), generation, IDLE_WARM_UP_STEP);
        } catch (ProjectionWork.GenerationChanged e) {
            rereadPositions(consumer, e);
        }
    }

    /** A replay's switch-over replaced the projection: its positions are the ones to go on from. */
    private void rereadPositions(Consumer<?, ?> consumer, ProjectionWork.GenerationChanged e) {
        LOG.info("{}: re-reading positions", e.getMessage());
        work.forget();
        newDay = null; // listed again: the rows or the partitions changed
        warmUp.restart();
        decodedFrom = null;
        decoded = null;
        seekToStoredOffsets(consumer, consumer.assignment());
    }

    /** Applies one poll: on the container's thread, given the same poll again while it fails. */
    private void apply(ConsumerRecords<String, byte[]> records, Consumer<?, ?> consumer) {
        if (!consumer.assignment().containsAll(records.partitions())) {
            decodedFrom = null; // partitions moved to another instance while this batch failed: it takes over
            return;
        }
        try {
            reevaluateIfTheDateMoved(Duration.ZERO);
            if (records != decodedFrom) {
                decoded = decode(records);
                decodedFrom = records;
            }
            int queued = work.apply(decoded, generation, today(), clock.instant());
            applied.increment(records.count());
            decodedFrom = null;
            decoded = null;
            errors.succeeded();
            graded.raise();
            if (queued > 0) {
                relay.raise();
            }
            warmUp.step(ownedPartitions(), generation, WARM_UP_STEP);
        } catch (ProjectionWork.GenerationChanged e) {
            rereadPositions(consumer, e);
        } catch (RuntimeException e) {
            retries.increment();
            throw e;
        }
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

    /** Seeks to the offsets stored with the projection (the first record where none is), waiting out the database. */
    private void seekToStoredOffsets(Consumer<?, ?> c, Collection<TopicPartition> partitions) {
        long backoff = 100;
        while (container.isRunning()) {
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

    /** Not a ConsumerSeekAware listener: that asks each assigned partition's position first, and there is none. */
    private final class Rebalance implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            work.forget();
            newDay = null; // listed again: the rows or the partitions changed
            synchronized (owned) {
                for (TopicPartition tp : partitions) {
                    if (tp.topic().equals(IntegrityTopics.CREDIT_EVENTS.name())) {
                        owned.remove(tp.partition());
                    }
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            work.forget();
            newDay = null; // listed again: the rows or the partitions changed
            seekToStoredOffsets(consumer, partitions);
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
            warmUp.restart();
            LOG.info("assigned {}; this instance scores the units of partitions {}", partitions, owned);
        }
    }
}
