package cn.jiyuan.integrity.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SystemLimitException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SerdeTest {

    private final AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();
    private final AvroSingleObjectDeserializer deserializer = new AvroSingleObjectDeserializer();

    static Iterable<Samples.Sample> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordRoundTrips(Samples.Sample sample) {
        byte[] bytes = serializer.serialize(sample.topic(), sample.record());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(SingleObjectEncoding.readFingerprint(bytes))
                .isEqualTo(SchemaHistory.fingerprint(sample.record().getSchema()));
        assertThat(deserializer.deserialize(sample.topic(), bytes)).isEqualTo(sample.record());
    }

    @Test
    void theSamplesCoverEveryRecordOfEveryTopic() {
        Set<Class<?>> declared = new HashSet<>();
        IntegrityTopics.ALL.forEach(t -> declared.addAll(t.valueTypes()));
        Set<Class<?>> sampled = new HashSet<>();
        Samples.all().forEach(s -> sampled.add(s.record().getClass()));
        assertThat(sampled).isEqualTo(declared);
    }

    @Test
    void theHeaderIsTheSpecsLittleEndianFingerprint() {
        // Avro's own single-object encoder writes the same bytes: C3 01, CRC-64-AVRO little-endian, body.
        CreditFact fact = Samples.creditFact();
        byte[] ours = serializer.serialize(IntegrityTopics.CREDIT_EVENTS.name(), fact);
        byte[] avros;
        try {
            avros = CreditFact.getEncoder().encode(fact).array();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(ours).isEqualTo(avros);
    }

    @Test
    void aTombstoneIsNull() {
        assertThat(deserializer.deserialize(IntegrityTopics.UNITS.name(), null)).isNull();
        assertThat(serializer.serialize(IntegrityTopics.UNITS.name(), null)).isNull();
    }

    @Test
    void refusesBytesThatAreNotSingleObjectEncoding() {
        assertThatThrownBy(() -> deserializer.deserialize("integrity.units.v1", new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not Avro single-object encoding");
        assertThatThrownBy(() -> deserializer.deserialize("integrity.units.v1", "{\"unitId\":\"X\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("expected marker C3 01");
    }

    @Test
    void refusesAnUnknownFingerprint() {
        byte[] bytes = serializer.serialize("integrity.units.v1", registration());
        bytes[5] ^= 0x5A;
        assertThatThrownBy(() -> deserializer.deserialize("integrity.units.v1", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    @Test
    void refusesATruncatedOrPaddedBody() {
        byte[] bytes = serializer.serialize("integrity.units.v1", registration());
        assertThatThrownBy(() -> deserializer.deserialize("integrity.units.v1", Arrays.copyOf(bytes, bytes.length - 4)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt UnitRegistration");
        assertThatThrownBy(() -> deserializer.deserialize("integrity.units.v1", Arrays.copyOf(bytes, bytes.length + 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing bytes");
    }

    /** Review K2: a tiny record whose first string claims a gigabyte must not make the reader allocate it. */
    @Test
    void aLengthPrefixAskingForAGigabyteIsRefusedNotAllocated() {
        byte[] record = new byte[SingleObjectEncoding.HEADER_LENGTH + 5];
        SingleObjectEncoding.writeHeader(record, SchemaHistory.fingerprint(CreditFact.getClassSchema()));
        // eventId's length: 2^30 as Avro's zig-zag varint
        byte[] length = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        System.arraycopy(length, 0, record, SingleObjectEncoding.HEADER_LENGTH, length.length);
        assertThatThrownBy(() ->
                        new AvroSingleObjectDeserializer().deserialize(IntegrityTopics.CREDIT_EVENTS.name(), record))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(SystemLimitException.class);
    }

    @Test
    void refusesARecordTheTopicDoesNotCarry() {
        byte[] bytes = serializer.serialize("integrity.units.v1", registration());
        assertThatThrownBy(() -> deserializer.deserialize("integrity.credit-events.v1", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not carry UnitRegistration");
        assertThatThrownBy(() -> serializer.serialize("integrity.credit-events.v1", registration()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not carry UnitRegistration");
    }

    @Test
    void refusesToWriteASchemaThatWasNeverPublished() {
        Schema unpublished = SchemaBuilder.record("UnitRegistration")
                .namespace("cn.jiyuan.integrity.schemas.avro")
                .fields()
                .requiredString("unitId")
                .endRecord();
        SchemaHistory onlyOther = SchemaHistory.of(Map.of("UnitRegistration", List.of(unpublished)));
        AvroSingleObjectSerializer strict = new AvroSingleObjectSerializer(onlyOther);
        assertThatThrownBy(() -> strict.serialize("integrity.units.v1", registration()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is not published");
    }

    @Test
    void theSerdeCanBeNamedInKafkaConfiguration() throws ReflectiveOperationException {
        // Kafka instantiates serdes by class name with a no-arg constructor.
        Object s = Class.forName(AvroSingleObjectSerializer.class.getName())
                .getConstructor()
                .newInstance();
        Object d = Class.forName(AvroSingleObjectDeserializer.class.getName())
                .getConstructor()
                .newInstance();
        @SuppressWarnings("unchecked")
        byte[] bytes = ((Serializer<SpecificRecord>) s).serialize("integrity.units.v1", registration());
        assertThat(((Deserializer<?>) d).deserialize("integrity.units.v1", bytes))
                .isEqualTo(registration());
    }

    private static UnitRegistration registration() {
        return new UnitRegistration("KCJD", "克井镇", true, Samples.AT, "xyb");
    }
}
