package cn.jiyuan.integrity.ingest.units;

import cn.jiyuan.integrity.ingest.IngestProperties;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.problems.ApiException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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
 */
@Component
public class UnitDirectory implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(UnitDirectory.class);

    private final KafkaProperties kafkaProperties;
    private final IngestProperties properties;
    private final Map<String, UnitRegistration> units = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private volatile boolean running;
    private volatile KafkaConsumer<String, SpecificRecord> consumer;
    private Thread thread;

    public UnitDirectory(KafkaProperties kafkaProperties, IngestProperties properties) {
        this.kafkaProperties = kafkaProperties;
        this.properties = properties;
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
        KafkaConsumer<String, SpecificRecord> c = consumer;
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
        try (KafkaConsumer<String, SpecificRecord> c = new KafkaConsumer<>(props)) {
            consumer = c;
            List<TopicPartition> partitions = awaitPartitions(c, topic);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions, Duration.ofMinutes(5)));
            while (running) {
                for (ConsumerRecord<String, SpecificRecord> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() instanceof UnitRegistration registration) {
                        apply(registration);
                    }
                }
                if (!loaded && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    loaded = true;
                    LOG.info("unit directory loaded: {} units", units.size());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.error("unit directory stopped following {}", topic, e);
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, SpecificRecord> c, String topic) {
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
