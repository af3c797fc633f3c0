package cn.jiyuan.integrity.support.reference;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Reads {@code integrity.reference-data.v1} from its beginning into {@link ReferenceData} and follows it. The service
 * does not start serving until the topic has been read up to the end it had at start: {@link #start()} waits for it
 * (at most {@code integrity.reference-data.load-timeout}, then the start fails) and runs before every consumer and
 * the web server, so no fact is ever checked or scored with a calendar or catalog older than the ones uploaded.
 *
 * <p>A document the rules refuse (it could only come from outside the query service's checks) goes to the topic's
 * {@code .DLT} and is passed over, at every start alike, so every service and every replay lay the same documents.
 */
public final class ReferenceDataFollower implements SmartLifecycle, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceDataFollower.class);
    private static final TopicPartition PARTITION = new TopicPartition(IntegrityTopics.REFERENCE_DATA.name(), 0);

    private final ReferenceData data;
    private final KafkaProperties kafka;
    private final Duration loadTimeout;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final CountDownLatch loadedLatch = new CountDownLatch(1);
    private long position;
    private volatile long applied = -1;
    private volatile boolean loaded;
    private volatile boolean running;
    private volatile String lastError;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ReferenceDataFollower(ReferenceData data, KafkaProperties kafka, Duration loadTimeout) {
        this.data = data;
        this.kafka = kafka;
        this.loadTimeout = loadTimeout;
    }

    /** Before the consumers (phase 0 and later) and the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::follow, "reference-data");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!loadedLatch.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop();
                throw new IllegalStateException("could not read " + PARTITION.topic() + " within " + loadTimeout
                        + " (integrity.reference-data.load-timeout): without the uploaded calendar and catalogs"
                        + " this service would check and score with outdated ones. Last error: " + lastError);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + PARTITION.topic(), e);
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Waits until the document at {@code offset} has been read (applied or passed over): the query service answers an
     * upload only once its own calendar or catalog shows it.
     */
    public boolean awaitRead(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied < offset) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return true;
    }

    @Override
    public Health health() {
        Health.Builder health = loaded ? Health.up() : Health.down();
        health.withDetail("uploadsApplied", data.uploads().size())
                .withDetail("calendarYears", data.calendar().coveredYears())
                .withDetail(
                        "catalogVersions",
                        data.catalogs().versions().stream()
                                .map(c -> c.version() + " (" + c.effectiveFrom() + ")")
                                .toList());
        if (lastError != null) {
            health.withDetail("lastError", lastError);
        }
        return health.build();
    }

    private void follow() {
        Properties props = new Properties();
        props.putAll(kafka.buildConsumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, no group: every instance reads everything
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "reference-data-" + ProcessHandle.current().pid());
        try (Producer<String, byte[]> producer = DeadLetters.producer(kafka, "reference-data-dlt")) {
            DeadLetters deadLetters = new DeadLetters(producer, "reference-data");
            while (running) {
                try (KafkaConsumer<String, byte[]> c =
                        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer = c;
                    follow(c, deadLetters);
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    lastError = e.toString();
                    LOG.warn("reference data: following {} failed, resuming in 1 s: {}", PARTITION, e.toString());
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                }
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c, DeadLetters deadLetters) {
        c.assign(List.of(PARTITION));
        c.seek(PARTITION, position);
        long endAtStart =
                c.endOffsets(List.of(PARTITION), Duration.ofSeconds(30)).get(PARTITION);
        while (running) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                apply(r, deadLetters);
                position = r.offset() + 1;
                applied = r.offset();
            }
            position = c.position(PARTITION);
            lastError = null;
            if (!loaded && position >= endAtStart) {
                loaded = true;
                loadedLatch.countDown();
                LOG.info(
                        "reference data loaded: {} upload(s); calendar years {}; catalogs {}",
                        data.uploads().size(),
                        data.calendar().coveredYears(),
                        data.catalogs().versions().stream()
                                .map(v -> v.version())
                                .toList());
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r, DeadLetters deadLetters) {
        if (r.value() == null) {
            return;
        }
        String refusal;
        try {
            SpecificRecord value = avro.deserialize(r.topic(), r.value());
            if (!(value instanceof ReferenceDocument document)) {
                refusal = "not a ReferenceDocument: " + value.getSchema().getFullName();
            } else {
                data.apply(document);
                LOG.info(
                        "reference data: {} {} applied (uploaded by {} at {})",
                        document.getKind(),
                        document.getName(),
                        document.getUploadedBy(),
                        document.getUploadedAt());
                return;
            }
        } catch (RuntimeException e) {
            refusal = "cannot be applied: " + e.getMessage();
        }
        DeadLetters.awaitAll(List.of(deadLetters.send(r, refusal)));
    }
}
