package cn.jiyuan.integrity.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Reads every partition of one topic from its beginning, without a consumer group (every instance reads everything),
 * and follows it, on a thread of its own: the way a service keeps a small topic in memory (the unit directory, the
 * reference data). Each record goes to the {@link Apply} given; one it refuses goes to {@code <topic>.DLT} (the
 * acknowledgement awaited) and is passed over. After a failure it resumes after the last record it applied or
 * dead-lettered, so no record is applied twice (a refused one is tried again until its dead letter is in).
 * {@link #isLoaded()} once the topic has been read up to the end it had at start.
 */
public final class TopicFollower {

    /** Applies one record; the reason it cannot, or empty. */
    @FunctionalInterface
    public interface Apply {
        Optional<String> apply(ConsumerRecord<String, byte[]> record);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final String name;
    private final String topic;
    private final KafkaProperties kafka;
    private final Apply apply;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final CountDownLatch loadedLatch = new CountDownLatch(1);
    private Map<TopicPartition, Long> endAtStart;
    private volatile boolean running;
    private volatile String lastError;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile int partitionCount;
    private Thread thread;

    /** @param name the thread's and the dead letters' name, e.g. {@code ingest-unit-directory} */
    public TopicFollower(String name, String topic, KafkaProperties kafka, Apply apply) {
        this.name = name;
        this.topic = topic;
        this.kafka = kafka;
        this.apply = apply;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::follow, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    public boolean isLoaded() {
        return loadedLatch.getCount() == 0;
    }

    /** Waits until {@link #isLoaded()}; false if {@code timeout} passed first. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loadedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many partitions the topic has: known before the first record is applied, 0 until then. */
    public int partitionCount() {
        return partitionCount;
    }

    /** Why the topic is not being followed right now, or null. */
    public String lastError() {
        return lastError;
    }

    private void follow() {
        Properties props = new Properties();
        props.putAll(kafka.buildConsumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // never a relay's aborted transaction
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        try (Producer<String, byte[]> producer = DeadLetters.producer(kafka, name + "-dlt")) {
            DeadLetters deadLetters = new DeadLetters(producer, name);
            while (running) {
                try (KafkaConsumer<String, byte[]> c =
                        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer = c;
                    follow(c, deadLetters);
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    lastError = e.toString();
                    LOG.warn("{} failed following {}, resuming in 1 s: {}", name, topic, e.toString());
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                }
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c, DeadLetters deadLetters) {
        List<TopicPartition> partitions = awaitPartitions(c);
        if (partitions.isEmpty()) {
            return;
        }
        partitionCount = partitions.size();
        c.assign(partitions);
        for (TopicPartition tp : partitions) {
            c.seek(tp, positions.getOrDefault(tp, 0L));
        }
        if (endAtStart == null) {
            endAtStart = new HashMap<>(c.endOffsets(partitions, Duration.ofMinutes(1)));
        }
        while (running) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                Optional<String> refusal;
                try {
                    refusal = r.value() == null ? Optional.empty() : apply.apply(r);
                } catch (RuntimeException e) {
                    refusal = Optional.of("cannot be applied: " + e.getMessage());
                }
                if (refusal.isPresent()) { // few: each dead letter is awaited before the position passes it
                    DeadLetters.awaitAll(List.of(deadLetters.send(r, refusal.get())));
                }
                // a failure from here on resumes after this record: an apply is not made twice
                positions.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            }
            for (TopicPartition tp : partitions) {
                positions.put(tp, c.position(tp));
            }
            lastError = null;
            if (!isLoaded()
                    && endAtStart.entrySet().stream().allMatch(e -> positions.get(e.getKey()) >= e.getValue())) {
                loadedLatch.countDown();
                LOG.info("{}: read {} up to the end it had at start", name, topic);
            }
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            try {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
                }
            } catch (TimeoutException e) {
                LOG.warn("{}: waiting for topic {}: {}", name, topic, e.getMessage());
            }
        }
        return List.of();
    }
}
