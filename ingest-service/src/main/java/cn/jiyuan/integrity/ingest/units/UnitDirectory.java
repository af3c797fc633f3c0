package cn.jiyuan.integrity.ingest.units;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.kafka.TopicFollower;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
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

    /** What a 503 tells the caller to wait ({@code ingest.retry-after}). */
    private final Duration retryAfter;

    private final LogRecords checks;
    private final Map<String, UnitRegistration> units = new ConcurrentHashMap<>();
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final TopicFollower follower;

    public UnitDirectory(
            KafkaProperties kafkaProperties, @Value("${ingest.retry-after}") Duration retryAfter, Catalogs catalogs) {
        this.retryAfter = retryAfter;
        this.checks = new LogRecords(catalogs);
        this.follower =
                new TopicFollower("ingest-unit-directory", IntegrityTopics.UNITS.name(), kafkaProperties, this::apply);
    }

    /** Why the directory is not following the topic right now, or null. */
    public String lastError() {
        return follower.lastError();
    }

    public boolean isLoaded() {
        return follower.isLoaded();
    }

    /**
     * The unit's latest registration. While the directory is not loaded it cannot tell a missing unit from one not
     * read yet, so it answers 503 rather than a wrong 404.
     */
    public Optional<UnitRegistration> find(String unitId) {
        if (!isLoaded()) {
            throw Refusal.unavailable(
                    "the unit directory is still loading; nothing was accepted — retry shortly", retryAfter);
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
        follower.start();
    }

    @Override
    public void stop() {
        follower.stop();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }

    /** Applies one record of the topic; the reason it cannot (it then goes to the dead-letter topic), or empty. */
    private Optional<String> apply(ConsumerRecord<String, byte[]> r) {
        SpecificRecord value;
        try {
            value = avro.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            return Optional.of("cannot be decoded: " + e);
        }
        Optional<String> refusal = checks.refusal(r.key(), value, r.timestamp());
        if (refusal.isEmpty() && value instanceof UnitRegistration registration) {
            apply(registration);
        }
        return refusal;
    }
}
