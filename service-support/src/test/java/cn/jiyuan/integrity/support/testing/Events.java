package cn.jiyuan.integrity.support.testing;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CorrectionType;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes the input topics as ingest and the objection service do: Avro records keyed by unit id, acks=all. */
public final class Events implements AutoCloseable {

    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaProducer<String, byte[]> raw;

    public Events() {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                262144);
        producer = new KafkaProducer<>(props, new StringSerializer(), new AvroSingleObjectSerializer());
        raw = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public static String newUnitId() {
        return "S" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public void register(String unitId, boolean active) {
        register(unitId, active, now());
    }

    /** A registration recorded at {@code at} (time travel: the unit takes part from that day on). */
    public void register(String unitId, boolean active, Instant at) {
        send(IntegrityTopics.UNITS.name(), unitId, new UnitRegistration(unitId, "单位" + unitId, active, at, "test"));
    }

    public static CreditFact fact(String unitId, String indicator, String outcome, BigDecimal points, LocalDate on) {
        return fact(UUID.randomUUID().toString(), unitId, indicator, outcome, points, on, now());
    }

    public static CreditFact fact(
            String eventId,
            String unitId,
            String indicator,
            String outcome,
            BigDecimal points,
            LocalDate on,
            Instant recordedAt) {
        return CreditFact.newBuilder()
                .setEventId(eventId)
                .setUnitId(unitId)
                .setIndicator(indicator)
                .setOutcome(outcome)
                .setPoints(points == null ? null : points.setScale(2))
                .setPeriod(periodOf(indicator, outcome, on))
                .setOccurredOn(on)
                .setReference("ref")
                .setSummary("summary")
                .setPersons(List.of())
                .setRecordedAt(recordedAt)
                .setProviderOrg(providerOf(indicator, unitId))
                .setSubmittedBy("test")
                .setLate(false)
                .setDeadline(on.plusDays(9))
                .setCatalogVersion("jgb-2022-44")
                .build();
    }

    /** The period an ASSESS or SET outcome names for a fact that occurred {@code on} (its year, quarter or half). */
    public static String periodOf(String indicator, String outcome, LocalDate on) {
        var found = Catalogs.standard().inForce(LocalDate.now()).indicator(indicator);
        if (found.isEmpty()
                || found.get()
                        .outcome(outcome)
                        .map(o -> !o.effect().takesPeriod())
                        .orElse(true)) {
            return null;
        }
        return switch (found.get().frequency()) {
            case QUARTERLY -> on.getYear() + "-Q" + ((on.getMonthValue() - 1) / 3 + 1);
            case HALF_YEARLY -> on.getYear() + "-H" + (on.getMonthValue() <= 6 ? 1 : 2);
            default -> Integer.toString(on.getYear());
        };
    }

    /** The org that reports {@code indicator} (its first listed provider; the unit itself for 7.2 and 7.4). */
    public static String providerOf(String indicator, String unitId) {
        var found = Catalogs.standard().inForce(LocalDate.now()).indicator(indicator);
        if (found.isEmpty()) {
            return "JGW";
        }
        return found.get().selfReported()
                ? unitId
                : found.get().providers().stream().sorted().findFirst().orElseThrow();
    }

    public static DebtorListing listing(String unitId, String caseNumber, DebtorListingStatus status) {
        return new DebtorListing(UUID.randomUUID().toString(), caseNumber, unitId, status, now(), "SFY", "test");
    }

    public static FactCorrected deletion(CreditFact fact) {
        return FactCorrected.newBuilder()
                .setCorrectionId(UUID.randomUUID().toString())
                .setEventId(fact.getEventId())
                .setUnitId(fact.getUnitId())
                .setKind(CorrectionType.DELETE)
                .setApprovedBy("xyb")
                .setRecordedAt(now())
                .build();
    }

    public static FactCorrected amendment(CreditFact fact, String outcome, BigDecimal points, LocalDate on) {
        return FactCorrected.newBuilder()
                .setCorrectionId(UUID.randomUUID().toString())
                .setEventId(fact.getEventId())
                .setUnitId(fact.getUnitId())
                .setKind(CorrectionType.AMEND)
                .setOutcome(outcome)
                .setPoints(points == null ? null : points.setScale(2))
                .setOccurredOn(on)
                .setApprovedBy("xyb")
                .setRecordedAt(now())
                .build();
    }

    /** Sends to the topic that carries this record type. */
    public void send(SpecificRecord record, String unitId) {
        String topic = IntegrityTopics.ALL.stream()
                .filter(t -> t.carries(record.getClass()))
                .findFirst()
                .orElseThrow()
                .name();
        send(topic, unitId, record);
    }

    public void send(String topic, String key, SpecificRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, key, record)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting (bulk); call {@link #flush} after. */
    public void sendAsync(SpecificRecord record, String unitId) {
        String topic = IntegrityTopics.ALL.stream()
                .filter(t -> t.carries(record.getClass()))
                .findFirst()
                .orElseThrow()
                .name();
        producer.send(new ProducerRecord<>(topic, unitId, record));
    }

    public void flush() {
        producer.flush();
    }

    public void sendRaw(String topic, String key, byte[] value) {
        try {
            raw.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
        raw.close();
    }
}
