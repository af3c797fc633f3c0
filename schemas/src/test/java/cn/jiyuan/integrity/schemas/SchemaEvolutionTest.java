package cn.jiyuan.integrity.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.avro.CreditFact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The build-time guard of the contracts: a breaking or unpublished schema change fails the build here. */
class SchemaEvolutionTest {

    private static Map<String, Schema> compiled() {
        Map<String, Schema> compiled = new LinkedHashMap<>();
        IntegrityTopics.ALL.forEach(t -> t.valueTypes().forEach(type -> {
            Schema s = SpecificData.get().getSchema(type);
            compiled.put(s.getName(), s);
        }));
        return compiled;
    }

    @Test
    void everyPublishedVersionReadsAllOlderOnesAndTheCompiledSchemaIsTheLatest() {
        SchemaHistory history = SchemaHistory.standard();
        assertThat(history.all()).hasSize(15);
        assertThat(SchemaEvolution.problems(history, compiled())).isEmpty();
    }

    @Test
    void aVersionThatCannotReadAnOlderOneIsCaught() {
        Schema old = SchemaBuilder.record("UnitRegistration")
                .fields()
                .requiredString("unitId")
                .endRecord();
        Schema breaking = SchemaBuilder.record("UnitRegistration")
                .fields()
                .requiredString("unitId")
                .requiredString("district") // no default: old records cannot be read
                .endRecord();
        SchemaHistory history = SchemaHistory.of(Map.of("UnitRegistration", List.of(old, breaking)));
        assertThat(SchemaEvolution.problems(history, Map.of("UnitRegistration", breaking)))
                .singleElement()
                .asString()
                .startsWith("UnitRegistration v2 cannot read v1");
    }

    @Test
    void aCompiledChangeThatWasNotPublishedIsCaught() {
        Schema published = SchemaBuilder.record("UnitRegistration")
                .fields()
                .requiredString("unitId")
                .endRecord();
        Schema edited = SchemaBuilder.record("UnitRegistration")
                .fields()
                .requiredString("unitId")
                .optionalString("district")
                .endRecord();
        assertThat(SchemaEvolution.problems(
                        SchemaHistory.of(Map.of("UnitRegistration", List.of(published))),
                        Map.of("UnitRegistration", edited)))
                .singleElement()
                .asString()
                .contains("changed without being published")
                .contains("UnitRegistration/v2.avsc");
    }

    @Test
    void aMessageWrittenWithAnOlderVersionDecodesIntoTheCurrentClass() throws IOException {
        Schema v0;
        try (InputStream in = getClass().getResourceAsStream("/evolution/CreditFact-v0.avsc")) {
            v0 = new Schema.Parser().parse(in);
        }
        SchemaHistory history = SchemaHistory.of(Map.of("CreditFact", List.of(v0, CreditFact.getClassSchema())));
        assertThat(SchemaEvolution.problems(history, Map.of("CreditFact", CreditFact.getClassSchema())))
                .isEmpty();

        GenericRecord old = new GenericData.Record(v0);
        old.put("eventId", "e-old");
        old.put("unitId", "FGTJJ");
        old.put("indicator", "6.4");
        old.put("outcome", "PENALISED");
        Schema decimal = v0.getField("points").schema().getTypes().get(1);
        ByteBuffer points =
                new Conversions.DecimalConversion().toBytes(new BigDecimal("2.50"), decimal, decimal.getLogicalType());
        old.put("points", points);
        old.put("occurredOn", (int) LocalDate.of(2025, 5, 6).toEpochDay());
        old.put("recordedAt", Samples.AT.toEpochMilli());
        old.put("providerOrg", "DGWBGS");
        old.put("submittedBy", "clerk");
        old.put("late", true);
        old.put("deadline", (int) LocalDate.of(2025, 5, 15).toEpochDay());
        old.put("catalogVersion", "jgb-2022-44");

        byte[] bytes = singleObject(v0, old);
        CreditFact decoded = (CreditFact)
                new AvroSingleObjectDeserializer(history).deserialize(IntegrityTopics.CREDIT_EVENTS.name(), bytes);

        assertThat(decoded.getEventId()).isEqualTo("e-old");
        assertThat(decoded.getPoints()).isEqualByComparingTo("2.50");
        assertThat(decoded.getOccurredOn()).isEqualTo(LocalDate.of(2025, 5, 6));
        assertThat(decoded.getSummary()).isNull();
        assertThat(decoded.getPersons()).isEmpty();

        // The standard history has never published v0, so the same bytes are refused there, with a clear reason.
        assertThatThrownBy(() ->
                        new AvroSingleObjectDeserializer().deserialize(IntegrityTopics.CREDIT_EVENTS.name(), bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    private static byte[] singleObject(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[SingleObjectEncoding.HEADER_LENGTH];
        SingleObjectEncoding.writeHeader(header, SchemaHistory.fingerprint(schema));
        out.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
