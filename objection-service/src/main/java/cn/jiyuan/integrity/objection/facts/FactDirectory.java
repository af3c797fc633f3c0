package cn.jiyuan.integrity.objection.facts;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The service's read model of {@code integrity.credit-events.v1}: which facts exist, about which unit, on which
 * indicator, from which provider. Each poll (from a {@code BatchConsumer}) is written in one statement
 * ({@code ON CONFLICT DO NOTHING}, so a redelivery changes nothing) before its offsets are committed. A record that
 * does not decode, or that the rules refuse ({@link LogRecords}), goes to {@code <topic>.DLT} with the reason first
 * (review K2, K3).
 */
public class FactDirectory implements java.util.function.Consumer<ConsumerRecords<String, byte[]>> {

    private record Row(String eventId, String unitId, String indicator, String providerOrg, java.time.Instant at) {}

    private final DatabaseClient db;
    private final LogRecords checks;
    private final DeadLetters deadLetters;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    public FactDirectory(DatabaseClient db, LogRecords checks, DeadLetters deadLetters) {
        this.db = db;
        this.checks = checks;
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(ConsumerRecords<String, byte[]> records) {
        store(records);
    }

    private void store(ConsumerRecords<String, byte[]> records) {
        List<Row> rows = new ArrayList<>();
        List<Future<RecordMetadata>> refused = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() == null) {
                continue;
            }
            SpecificRecord value;
            try {
                value = avro.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                refused.add(deadLetters.send(r, "cannot be decoded: " + e));
                continue;
            }
            Optional<String> refusal = checks.refusal(r.key(), value, r.timestamp());
            if (refusal.isPresent()) {
                refused.add(deadLetters.send(r, refusal.get()));
                continue;
            }
            if (value instanceof CreditFact f) {
                rows.add(new Row(
                        f.getEventId(), f.getUnitId(), f.getIndicator(), f.getProviderOrg(), f.getRecordedAt()));
            }
        }
        DeadLetters.awaitAll(refused);
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
}
