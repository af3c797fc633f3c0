package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.query.audit.AuditLog;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.AuditedRead;
import cn.jiyuan.integrity.schemas.avro.CorrectionStep;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionOverdue;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.audit.AuditEntry;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.work.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Stores each poll of the input topics into {@code unit_records}: one transaction, one statement, {@code ON CONFLICT
 * DO NOTHING} (a redelivered record changes nothing), under a transaction-scoped advisory lock so that writers on
 * several instances commit one after another and {@code seq} order is commit order — what lets every instance tail
 * the table. Records that are not about a unit's facts, registrations or objections are not stored; a record that
 * does not decode, or that the rules refuse ({@link LogRecords}), goes to {@code <topic>.DLT} with the reason before
 * the batch's offsets are committed (review K2, K3).
 */
public class RecordStore implements Consumer<ConsumerRecords<String, byte[]>> {

    /** The writers' advisory lock ("qwrite" in ASCII). */
    static final long LOCK = 0x7177726974650000L;

    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);

    private record Row(
            String unitId,
            String kind,
            String recordId,
            Instant recordedAt,
            byte[] payload,
            String factId,
            LocalDate occurredOn) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Signal stored;
    private final LogRecords checks;
    private final DeadLetters deadLetters;
    private final AuditLog auditLog;
    private final Clock clock;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    public RecordStore(
            DatabaseClient db,
            TransactionalOperator tx,
            Signal stored,
            LogRecords checks,
            DeadLetters deadLetters,
            AuditLog auditLog,
            Clock clock) {
        this.db = db;
        this.clock = clock;
        this.auditLog = auditLog;
        this.tx = tx;
        this.stored = stored;
        this.checks = checks;
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(ConsumerRecords<String, byte[]> records) {
        List<Row> rows = new ArrayList<>();
        List<AuditLog.Received> reads = new ArrayList<>();
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
            if (value instanceof AuditedRead read) {
                reads.add(received(read, r));
                continue;
            }
            Row row = row(value, r.value());
            if (row != null && beyondRetention(row, today)) {
                continue; // purged on a date already passed: every consumer ignores it (SCORING.md §2)
            }
            if (row != null) {
                rows.add(row);
            }
        }
        DeadLetters.awaitAll(refused);
        if (!reads.isEmpty()) {
            tx.transactional(auditLog.insertReceived(reads)).block(Duration.ofSeconds(60));
        }
        if (rows.isEmpty()) {
            return;
        }
        var insert = db.sql("SELECT pg_advisory_xact_lock($1)")
                .bind(0, LOCK)
                .then()
                .then(db.sql("INSERT INTO unit_records (unit_id, kind, record_id, recorded_at, payload, fact_id,"
                                + " occurred_on) SELECT u, k, r, t, decode(b, 'base64'), f, o FROM unnest($1::text[],"
                                + " $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::date[])"
                                + " AS x(u, k, r, t, b, f, o) ON CONFLICT (unit_id, kind, record_id) DO NOTHING")
                        .bind(0, rows.stream().map(Row::unitId).toArray(String[]::new))
                        .bind(1, rows.stream().map(Row::kind).toArray(String[]::new))
                        .bind(2, rows.stream().map(Row::recordId).toArray(String[]::new))
                        .bind(
                                3,
                                rows.stream()
                                        .map(x -> OffsetDateTime.ofInstant(x.recordedAt(), ZoneOffset.UTC))
                                        .toArray(OffsetDateTime[]::new))
                        // bytea arrays do not bind as such: base64 text, decoded by PostgreSQL
                        .bind(
                                4,
                                rows.stream()
                                        .map(x -> Base64.getEncoder().encodeToString(x.payload()))
                                        .toArray(String[]::new))
                        .bind(5, rows.stream().map(Row::factId).toArray(String[]::new))
                        .bind(6, rows.stream().map(Row::occurredOn).toArray(LocalDate[]::new))
                        .then());
        tx.transactional(insert).block(Duration.ofSeconds(60));
        stored.raise();
    }

    /** A credit fact beyond retention, or a correction or objection step recorded on or before the limit. */
    private static boolean beyondRetention(Row row, LocalDate today) {
        if (row.occurredOn() != null) {
            return Window.beyondRetention(row.occurredOn(), today);
        }
        return row.factId() != null && !Retention.holds(row.factId(), row.recordedAt(), Set.of(), today);
    }

    /** Another service's read for the audit log; text PostgreSQL cannot store shown as U+FFFD. */
    private static AuditLog.Received received(AuditedRead r, ConsumerRecord<String, byte[]> at) {
        return new AuditLog.Received(
                storable(r.getService()),
                at.topic() + "/" + at.partition() + "/" + at.offset(),
                new AuditEntry(
                        r.getAt(),
                        storable(r.getSubject()),
                        storable(r.getOrg()),
                        storable(r.getRoles()),
                        r.getPurpose() == null ? null : storable(r.getPurpose()),
                        storable(r.getMethod()),
                        storable(r.getResource()),
                        r.getUnitId() == null ? null : storable(r.getUnitId()),
                        null,
                        r.getStatus(),
                        1));
    }

    private static String storable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 512));
        s.codePoints().limit(512).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? 0xFFFD : c));
        return b.toString();
    }

    private static Row row(SpecificRecord value, byte[] payload) {
        if (value instanceof CreditFact f) {
            return new Row(
                    f.getUnitId(), "C", f.getEventId(), f.getRecordedAt(), payload, f.getEventId(), f.getOccurredOn());
        }
        if (value instanceof DebtorListing l) {
            return new Row(l.getUnitId(), "L", l.getListingId(), l.getRecordedAt(), payload, null, null);
        }
        if (value instanceof FactCorrected c) {
            return new Row(c.getUnitId(), "X", c.getCorrectionId(), c.getRecordedAt(), payload, c.getEventId(), null);
        }
        if (value instanceof UnitRegistration u) {
            return new Row(
                    u.getUnitId(),
                    "U",
                    Long.toString(u.getRecordedAt().toEpochMilli()),
                    u.getRecordedAt(),
                    payload,
                    null,
                    null);
        }
        if (value instanceof ObjectionFiled o) {
            return new Row(
                    o.getUnitId(),
                    "O",
                    o.getObjectionId() + "/filed/" + o.getAt().toEpochMilli(),
                    o.getAt(),
                    payload,
                    o.getEventId(),
                    null);
        }
        if (value instanceof ObjectionDecided o) {
            return new Row(
                    o.getUnitId(),
                    "O",
                    o.getObjectionId() + "/decided/" + o.getAt().toEpochMilli(),
                    o.getAt(),
                    payload,
                    o.getEventId(),
                    null);
        }
        if (value instanceof ObjectionReviewed o) {
            return new Row(
                    o.getUnitId(),
                    "O",
                    o.getObjectionId() + "/reviewed/" + o.getAt().toEpochMilli(),
                    o.getAt(),
                    payload,
                    o.getEventId(),
                    null);
        }
        if (value instanceof CorrectionStep c) { // kept for the notices (a request awaiting review, a return)
            return new Row(
                    c.getUnitId(),
                    "O",
                    c.getCorrectionId() + "/" + c.getStep() + "/" + c.getAt().toEpochMilli(),
                    c.getAt(),
                    payload,
                    c.getEventId(),
                    null);
        }
        if (value instanceof ObjectionOverdue o) {
            return new Row(
                    o.getUnitId(),
                    "O",
                    o.getObjectionId() + "/overdue/" + o.getDueOn(),
                    o.getAt(),
                    payload,
                    o.getEventId(),
                    null);
        }
        return null;
    }
}
