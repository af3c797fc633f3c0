package cn.jiyuan.integrity.scoring.consumer;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.validation.FactSubmission;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.scoring.projection.UnitState;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import java.io.IOException;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a record means to scoring: a fact of a unit, a registration, or nothing (objection steps other than an approved
 * correction). A record that cannot be decoded, or that the rules library's {@code RecordCheck} refuses, throws — it
 * goes to the dead-letter topic (live) or is left out (replay), the same records either way.
 */
public final class Decoder {

    /** One decoded record. Exactly one of fact and unit is set, or neither for a record scoring does not use. */
    public record Input(String unitId, Fact fact, UnitState unit) {

        static Input ignored(String unitId) {
            return new Input(unitId, null, null);
        }
    }

    /** A record the rules refuse to apply; the message says why. */
    public static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final SharedStrings shared = new SharedStrings();
    private final LogRecords checks;

    /** Checks records against {@code catalogs}: the service's, which follow the credit office's revisions. */
    public Decoder(Catalogs catalogs) {
        this.checks = new LogRecords(catalogs);
    }

    public Input decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("a record without a value (tombstone) is not an event");
        }
        CreditFact current;
        try {
            current = CreditFactReader.read(record.topic(), record.value(), shared);
        } catch (IOException | RuntimeException e) {
            current = null; // the general decoder says what is wrong with it
        }
        if (current != null) {
            refuse(checkFact(record, current));
            return new Input(current.unitId(), current, null);
        }
        SpecificRecord value = avro.deserialize(record.topic(), record.value());
        refuse(checks.refusal(record.key(), value, record.timestamp()));
        Fact fact = RulesFacts.of(value);
        if (fact != null) {
            return new Input(fact.unitId(), fact, null);
        }
        if (value instanceof UnitRegistration u) {
            return new Input(
                    u.getUnitId(), null, new UnitState(u.getUnitId(), u.getName(), u.getActive(), u.getRecordedAt()));
        }
        return Input.ignored(record.key());
    }

    private Optional<String> checkFact(ConsumerRecord<String, byte[]> record, CreditFact f) {
        if (!f.unitId().equals(record.key())) {
            return Optional.of("the record is keyed " + record.key() + " but is about unit " + f.unitId());
        }
        FactSubmission submitted = new FactSubmission(
                f.eventId(),
                f.unitId(),
                f.indicator(),
                f.outcome(),
                f.points(),
                f.period(),
                f.occurredOn(),
                null,
                null,
                null);
        return checks.rules().creditFact(submitted, f.providerOrg(), f.recordedAt(), record.timestamp());
    }

    private static void refuse(Optional<String> refusal) {
        if (refusal.isPresent()) {
            throw new Refused(refusal.get());
        }
    }
}
