package cn.jiyuan.integrity.support.kafka;

import cn.jiyuan.integrity.support.work.Threads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * A consumer-group member on a thread of its own that hands each poll to {@code store} and commits the offsets only
 * after {@code store} returned: at least once into whatever {@code store} writes, which must therefore be idempotent.
 * A failing poll or store backs off (up to {@code maxBackoff}) and resumes from the last commit with a new consumer.
 * As a {@link HealthIndicator} it is UP while consuming with partitions assigned.
 */
public class BatchConsumer implements SmartLifecycle, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(BatchConsumer.class);

    private final String name;
    private final Supplier<org.apache.kafka.clients.consumer.Consumer<String, byte[]>> consumers;
    private final List<String> topics;
    private final Duration pollTimeout;
    private final Duration maxBackoff;
    private final Consumer<ConsumerRecords<String, byte[]>> store;
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile String lastError;
    private Thread thread;

    public BatchConsumer(
            String name,
            Supplier<org.apache.kafka.clients.consumer.Consumer<String, byte[]>> consumers,
            List<String> topics,
            Duration pollTimeout,
            Duration maxBackoff,
            Consumer<ConsumerRecords<String, byte[]>> store) {
        this.name = name;
        this.consumers = consumers;
        this.topics = List.copyOf(topics);
        this.pollTimeout = pollTimeout;
        this.maxBackoff = maxBackoff;
        this.store = store;
    }

    /**
     * The settings of every consumer of the services: the shared Kafka configuration, no auto-commit, only committed
     * records (read_committed), a client id naming its purpose, and no automatic reset of a position the broker does
     * not serve ({@link Positions}).
     */
    public static Map<String, Object> consumerProperties(KafkaProperties kafka, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return props;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.start();
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try (org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer = consumers.get()) {
                consumer.subscribe(topics);
                while (running) {
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = consumer.poll(pollTimeout);
                    } catch (NoOffsetForPartitionException e) {
                        consumer.seekToBeginning(e.partitions()); // a group that never committed: from the start
                        continue;
                    } catch (OffsetOutOfRangeException e) {
                        lastError = Positions.reposition(consumer, e);
                        if (lastError != null) {
                            backoff = backoff == 0 ? 200 : Math.min(backoff * 2, maxBackoff.toMillis());
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                        }
                        continue;
                    }
                    assigned = !consumer.assignment().isEmpty();
                    if (!records.isEmpty()) {
                        store.accept(records);
                        consumer.commitSync();
                    }
                    lastError = null;
                    backoff = 0;
                }
            } catch (InterruptException e) {
                return;
            } catch (RuntimeException e) {
                lastError = e.toString();
                backoff = backoff == 0 ? 200 : Math.min(backoff * 2, maxBackoff.toMillis());
                LOG.warn("{} failed, resuming from the last commit in {} ms: {}", name, backoff, e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    /** Consuming with partitions assigned and no error since the last successful poll. */
    public boolean isConsuming() {
        return running && assigned && lastError == null;
    }

    @Override
    public Health health() {
        return isConsuming()
                ? Health.up().build()
                : Health.outOfService()
                        .withDetail("reason", lastError == null ? "starting" : lastError)
                        .build();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Threads.stop(thread);
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
