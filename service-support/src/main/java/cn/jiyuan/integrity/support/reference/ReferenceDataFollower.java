package cn.jiyuan.integrity.support.reference;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.support.kafka.TopicFollower;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private static final String TOPIC = IntegrityTopics.REFERENCE_DATA.name();

    private final ReferenceData data;
    private final Duration loadTimeout;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final TopicFollower follower;
    private volatile long read = -1;

    public ReferenceDataFollower(ReferenceData data, KafkaProperties kafka, Duration loadTimeout) {
        this.data = data;
        this.loadTimeout = loadTimeout;
        this.follower = new TopicFollower("reference-data", TOPIC, kafka, this::apply);
    }

    /** Before the consumers (phase 0 and later) and the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public void start() {
        follower.start();
        try {
            if (!follower.awaitLoaded(loadTimeout)) {
                follower.stop();
                throw new IllegalStateException("could not read " + TOPIC + " within " + loadTimeout
                        + " (integrity.reference-data.load-timeout): without the uploaded calendar and catalogs"
                        + " this service would check and score with outdated ones. Last error: "
                        + follower.lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + TOPIC, e);
        }
    }

    @Override
    public void stop() {
        follower.stop();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }

    /**
     * Waits until the document at {@code offset} has been read (applied or passed over): the query service answers an
     * upload only once its own calendar or catalog shows it.
     */
    public boolean awaitRead(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (read < offset) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return true;
    }

    @Override
    public Health health() {
        Health.Builder health = follower.isLoaded() ? Health.up() : Health.down();
        health.withDetail("uploadsApplied", data.uploads().size())
                .withDetail("calendarYears", data.calendar().coveredYears())
                .withDetail(
                        "catalogVersions",
                        data.catalogs().versions().stream()
                                .map(c -> c.version() + " (" + c.effectiveFrom() + ")")
                                .toList());
        if (follower.lastError() != null) {
            health.withDetail("lastError", follower.lastError());
        }
        return health.build();
    }

    /** Lays one document over the data in force; the rules' refusal if they refuse it. */
    private Optional<String> apply(ConsumerRecord<String, byte[]> r) {
        try {
            SpecificRecord value = avro.deserialize(r.topic(), r.value());
            if (!(value instanceof ReferenceDocument document)) {
                return Optional.of(
                        "not a ReferenceDocument: " + value.getSchema().getFullName());
            }
            data.apply(document);
            LOG.info(
                    "reference data: {} {} applied (uploaded by {} at {})",
                    document.getKind(),
                    document.getName(),
                    document.getUploadedBy(),
                    document.getUploadedAt());
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("cannot be applied: " + e.getMessage());
        } finally {
            read = r.offset();
        }
    }
}
