package cn.jiyuan.integrity.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record as single-object encoding. Refuses a record whose schema was never published (it
 * could not be read back) and, on a declared topic, a record type the topic does not carry.
 *
 * <p>Configured like any Kafka serializer ({@code value.serializer}); a registry-based serializer can replace it by
 * configuration alone.
 */
public class AvroSingleObjectSerializer implements Serializer<SpecificRecord> {

    private final SchemaHistory history;
    private final Map<Class<?>, Writer> writers = new ConcurrentHashMap<>();

    private record Writer(long fingerprint, SpecificDatumWriter<SpecificRecord> datumWriter) {}

    public AvroSingleObjectSerializer() {
        this(SchemaHistory.standard());
    }

    public AvroSingleObjectSerializer(SchemaHistory history) {
        this.history = history;
        SingleObjectEncoding.trustGeneratedClasses();
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord record) {
        if (record == null) {
            return null;
        }
        IntegrityTopics.byName(topic).ifPresent(t -> {
            if (!t.carries(record.getClass())) {
                throw new SerializationException("topic " + topic + " does not carry "
                        + record.getClass().getSimpleName());
            }
        });
        Writer writer = writers.computeIfAbsent(record.getClass(), type -> writerFor(record.getSchema()));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            byte[] header = new byte[SingleObjectEncoding.HEADER_LENGTH];
            SingleObjectEncoding.writeHeader(header, writer.fingerprint());
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.datumWriter().write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot encode " + record.getSchema().getFullName() + " for topic " + topic + ": " + e.getMessage(),
                    e);
        }
    }

    private Writer writerFor(Schema schema) {
        if (!history.isPublished(schema)) {
            throw new SerializationException("schema " + schema.getFullName() + " (fingerprint "
                    + Long.toHexString(SchemaHistory.fingerprint(schema))
                    + ") is not published: add it as the next version under " + SchemaHistory.LOCATION
                    + schema.getName() + "/");
        }
        return new Writer(
                SchemaHistory.fingerprint(schema),
                new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema)));
    }
}
