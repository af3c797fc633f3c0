package cn.jiyuan.integrity.objection.facts;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The service's read model of {@code integrity.credit-events.v1}: which facts exist, about which unit, on which
 * indicator, from which provider. Each poll is written in one statement ({@code ON CONFLICT DO NOTHING}, so a
 * redelivery changes nothing) before its offsets are committed: at least once into an idempotent table. A record
 * that does not decode is skipped with an error in the log (the scoring service dead-letters it).
 */
public class FactDirectory implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(FactDirectory.class);

    private record Row(String eventId, String unitId, String indicator, String providerOrg, java.time.Instant at) {}

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final DatabaseClient db;
    private final Duration pollTimeout;
    private final Duration maxBackoff;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile String lastError;
    private Thread thread;

    public FactDirectory(
            Supplier<Consumer<String, byte[]>> consumers,
            DatabaseClient db,
            Duration pollTimeout,
            Duration maxBackoff) {
        this.consumers = consumers;
        this.db = db;
        this.pollTimeout = pollTimeout;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "objection-fact-directory");
        thread.start();
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try (Consumer<String, byte[]> consumer = consumers.get()) {
                consumer.subscribe(List.of(IntegrityTopics.CREDIT_EVENTS.name()));
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                    assigned = !consumer.assignment().isEmpty();
                    if (!records.isEmpty()) {
                        store(records);
                        consumer.commitSync();
                    }
                    lastError = null;
                    backoff = 0;
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                // Nothing committed past what is stored: the next consumer resumes from the last commit.
                lastError = e.toString();
                backoff = backoff == 0 ? 200 : Math.min(backoff * 2, maxBackoff.toMillis());
                LOG.warn("fact directory failed, retrying in {} ms: {}", backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void store(ConsumerRecords<String, byte[]> records) {
        List<Row> rows = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            SpecificRecord value;
            try {
                value = r.value() == null ? null : avro.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                LOG.error(
                        "skipping undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                continue;
            }
            if (value instanceof CreditFact f) {
                rows.add(new Row(
                        f.getEventId(), f.getUnitId(), f.getIndicator(), f.getProviderOrg(), f.getRecordedAt()));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        db.sql("INSERT INTO facts (event_id, unit_id, indicator, provider_org, recorded_at)"
                        + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])"
                        + " ON CONFLICT (event_id) DO NOTHING")
                .bind(0, rows.stream().map(Row::eventId).toArray(String[]::new))
                .bind(1, rows.stream().map(Row::unitId).toArray(String[]::new))
                .bind(2, rows.stream().map(Row::indicator).toArray(String[]::new))
                .bind(3, rows.stream().map(Row::providerOrg).toArray(String[]::new))
                .bind(
                        4,
                        rows.stream()
                                .map(r -> r.at().atOffset(java.time.ZoneOffset.UTC))
                                .toArray(java.time.OffsetDateTime[]::new))
                .then()
                .block(Duration.ofSeconds(60));
    }

    /** Consuming with partitions assigned and no error since the last successful poll. */
    public boolean isConsuming() {
        return running && assigned && lastError == null;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
