package cn.jiyuan.integrity.ingest.units;

import cn.jiyuan.integrity.ingest.IngestProperties;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.problems.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every unit registration, read from the compacted {@code integrity.units.v1} topic from its beginning at start and
 * followed from then on; registrations made through this instance are applied as soon as the broker acknowledges them.
 * Until the topic has been read up to the end it had at start, the directory is not {@link #isLoaded() loaded} and
 * cannot tell whether a unit exists.
 *
 * <p>A record that does not decode, or that the rules refuse ({@link LogRecords}: a registration dated after it was
 * written, a name PostgreSQL cannot store…), goes to {@code integrity.units.v1.DLT} and is passed over — at every
 * start, since the directory reads the topic from its beginning each time. A failure of the broker resumes from
 * where the directory was (review K2: one undecodable record ended the thread for good).
 */
@Component
public class UnitDirectory implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(UnitDirectory.class);

    private final KafkaProperties kafkaProperties;
    private final IngestProperties properties;
    private final LogRecords checks;
    private final Map<String, UnitRegistration> units = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private Map<TopicPartition, Long> endAtStart;
    private volatile boolean loaded;
    private volatile boolean running;
    private volatile String lastError;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public UnitDirectory(KafkaProperties kafkaProperties, IngestProperties properties, Catalogs catalogs) {
        this.kafkaProperties = kafkaProperties;
        this.properties = properties;
        this.checks = new LogRecords(catalogs);
    }

    /** Why the directory is not following the topic right now, or null. */
    public String lastError() {
        return lastError;
    }

    public boolean isLoaded() {
        return loaded;
    }

    /**
     * The unit's latest registration. While the directory is not loaded it cannot tell a missing unit from one not
     * read yet, so it answers 503 rather than a wrong 404.
     */
    public Optional<UnitRegistration> find(String unitId) {
        if (!loaded) {
            throw ApiException.unavailable(
                    "the unit directory is still loading; nothing was accepted — retry shortly",
                    properties.retryAfter());
        }
        return Optional.ofNullable(units.get(unitId));
    }

    /** Keeps the latest registration of a unit by recordedAt, whichever way it arrives first. */
    public void apply(UnitRegistration registration) {
        units.merge(
                registration.getUnitId(),
                registration,
                (old, neu) -> neu.getRecordedAt().isBefore(old.getRecordedAt()) ? old : neu);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::follow, "unit-directory");
        thread.setDaemon(true);
        thread.start();
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

    private void follow() {
        Properties props = new Properties();
        props.putAll(kafkaProperties.buildConsumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: every instance reads everything
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String topic = IntegrityTopics.UNITS.name();
        try (Producer<String, byte[]> producer = DeadLetters.producer(kafkaProperties, "ingest-unit-directory-dlt")) {
            DeadLetters deadLetters = new DeadLetters(producer, "ingest-unit-directory");
            while (running) {
                try (KafkaConsumer<String, byte[]> c =
                        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer = c;
                    follow(c, topic, deadLetters);
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    lastError = e.toString();
                    LOG.warn("unit directory failed following {}, resuming in 1 s: {}", topic, e.toString());
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                }
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c, String topic, DeadLetters deadLetters) {
        List<TopicPartition> partitions = awaitPartitions(c, topic);
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        for (TopicPartition tp : partitions) {
            c.seek(tp, positions.getOrDefault(tp, 0L));
        }
        if (endAtStart == null) {
            endAtStart = new HashMap<>(c.endOffsets(partitions, Duration.ofMinutes(5)));
        }
        while (running) {
            List<Future<RecordMetadata>> refused = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                apply(r, deadLetters).ifPresent(refused::add);
            }
            DeadLetters.awaitAll(refused);
            for (TopicPartition tp : partitions) {
                positions.put(tp, c.position(tp));
            }
            lastError = null;
            if (!loaded && endAtStart.entrySet().stream().allMatch(e -> positions.get(e.getKey()) >= e.getValue())) {
                loaded = true;
                LOG.info("unit directory loaded: {} units", units.size());
            }
        }
    }

    /** Applies one record; a record it cannot apply is sent to the dead-letter topic (the send is returned). */
    private Optional<Future<RecordMetadata>> apply(ConsumerRecord<String, byte[]> r, DeadLetters deadLetters) {
        if (r.value() == null) {
            return Optional.empty();
        }
        SpecificRecord value;
        try {
            value = avro.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            return Optional.of(deadLetters.send(r, "cannot be decoded: " + e));
        }
        Optional<String> refusal = checks.refusal(r.key(), value, r.timestamp());
        if (refusal.isPresent()) {
            return Optional.of(deadLetters.send(r, refusal.get()));
        }
        if (value instanceof UnitRegistration registration) {
            apply(registration);
        }
        return Optional.empty();
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c, String topic) {
        while (running) {
            try {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("waiting for topic {}: {}", topic, e.getMessage());
            }
        }
        return List.of();
    }
}
