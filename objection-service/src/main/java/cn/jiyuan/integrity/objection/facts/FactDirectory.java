package cn.jiyuan.integrity.objection.facts;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Consumer;
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
public class FactDirectory implements Consumer<ConsumerRecords<String, byte[]>> {

    private record Row(
            String eventId, String unitId, String indicator, String providerOrg, Instant at, LocalDate occurredOn) {}

    private final DatabaseClient db;
    private final LogRecords checks;
    private final DeadLetters deadLetters;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final Clock clock;

    public FactDirectory(DatabaseClient db, LogRecords checks, DeadLetters deadLetters, Clock clock) {
        this.db = db;
        this.clock = clock;
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
        LocalDate today = ChinaTime.dateOf(clock.instant());
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
            if (value instanceof CreditFact f && !Window.beyondRetention(f.getOccurredOn(), today)) {
                rows.add(new Row(
                        f.getEventId(),
                        f.getUnitId(),
                        f.getIndicator(),
                        f.getProviderOrg(),
                        f.getRecordedAt(),
                        f.getOccurredOn()));
            } // a fact beyond retention is ignored (SCORING.md §2)
        }
        DeadLetters.awaitAll(refused);
        if (rows.isEmpty()) {
            return;
        }
        db.sql("INSERT INTO facts (event_id, unit_id, indicator, provider_org, recorded_at, occurred_on)"
                        + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[],"
                        + " $6::date[]) ON CONFLICT (event_id) DO NOTHING")
                .bind(5, rows.stream().map(Row::occurredOn).toArray(LocalDate[]::new))
                .bind(0, rows.stream().map(Row::eventId).toArray(String[]::new))
                .bind(1, rows.stream().map(Row::unitId).toArray(String[]::new))
                .bind(2, rows.stream().map(Row::indicator).toArray(String[]::new))
                .bind(3, rows.stream().map(Row::providerOrg).toArray(String[]::new))
                .bind(4, rows.stream().map(r -> r.at().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new))
                .then()
                .block(Duration.ofSeconds(60));
    }

    /**
     * Purges the facts that occurred on or before {@code limit} (SCORING.md §2) and everything this service holds
     * about them: the history of the objections to them, the objections, the corrections. One transaction; how many
     * rows went.
     */
    public long purgeThrough(LocalDate limit) {
        Long n = db.sql("""
                        WITH gone AS (SELECT event_id FROM facts WHERE occurred_on <= $1),
                        history AS (
                            DELETE FROM objection_history h USING objections o, gone g
                             WHERE h.objection_id = o.objection_id AND o.event_id = g.event_id RETURNING 1),
                        objections AS (
                            DELETE FROM objections o USING gone g WHERE o.event_id = g.event_id RETURNING 1),
                        corrections AS (
                            DELETE FROM corrections c USING gone g WHERE c.event_id = g.event_id RETURNING 1)
                        SELECT (SELECT count(*) FROM history) + (SELECT count(*) FROM objections)
                             + (SELECT count(*) FROM corrections) AS n""")
                .bind(0, limit)
                .map((row, meta) -> row.get("n", Long.class))
                .one()
                .block(Duration.ofMinutes(5));
        // the facts themselves once nothing refers to them any more
        Long facts = db.sql("DELETE FROM facts WHERE occurred_on <= $1")
                .bind(0, limit)
                .fetch()
                .rowsUpdated()
                .block(Duration.ofMinutes(5));
        return (n == null ? 0 : n) + (facts == null ? 0 : facts);
    }
}
