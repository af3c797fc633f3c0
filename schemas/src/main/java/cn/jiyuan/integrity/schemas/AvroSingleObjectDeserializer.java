package cn.jiyuan.integrity.schemas;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads single-object encoding: takes the writer's schema from {@link SchemaHistory} by the fingerprint in the header
 * and resolves it into the current generated class of that record, so messages written with any published version
 * decode. Anything else (wrong marker, unknown fingerprint, a record the topic does not carry, a corrupt body) is a
 * {@link SerializationException} that names the problem.
 */
public class AvroSingleObjectDeserializer implements Deserializer<SpecificRecord> {

    private final SchemaHistory history;
    private final Map<Long, Reader> readers = new ConcurrentHashMap<>();

    private record Reader(Class<?> type, SpecificDatumReader<SpecificRecord> datumReader) {}

    public AvroSingleObjectDeserializer() {
        this(SchemaHistory.standard());
    }

    public AvroSingleObjectDeserializer(SchemaHistory history) {
        this.history = history;
        SingleObjectEncoding.trustGeneratedClasses();
    }

    /** Bytes before the Avro body: the marker and the writer schema's fingerprint. */
    public static final int HEADER_LENGTH = SingleObjectEncoding.HEADER_LENGTH;

    /** Whether {@code data} starts like single-object encoding (marker {@code C3 01} and room for a fingerprint). */
    public static boolean isFramed(byte[] data) {
        return data.length >= SingleObjectEncoding.HEADER_LENGTH
                && data[0] == SingleObjectEncoding.MARKER_0
                && data[1] == SingleObjectEncoding.MARKER_1;
    }

    /** The writer schema's fingerprint of framed {@code data} (see {@link #isFramed}). */
    public static long fingerprint(byte[] data) {
        return SingleObjectEncoding.readFingerprint(data);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // a tombstone on a compacted topic
        }
        if (!isFramed(data)) {
            throw new SerializationException("record on " + topic
                    + " is not Avro single-object encoding (expected marker C3 01 and an 8-byte fingerprint)");
        }
        long fingerprint = SingleObjectEncoding.readFingerprint(data);
        Reader reader = readers.computeIfAbsent(fingerprint, this::readerFor);
        IntegrityTopics.byName(topic).ifPresent(t -> {
            if (!t.carries(reader.type())) {
                throw new SerializationException(
                        "topic " + topic + " does not carry " + reader.type().getSimpleName());
            }
        });
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(
                            data,
                            SingleObjectEncoding.HEADER_LENGTH,
                            data.length - SingleObjectEncoding.HEADER_LENGTH,
                            null);
            SpecificRecord record = reader.datumReader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "corrupt " + reader.type().getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
        }
    }

    private Reader readerFor(long fingerprint) {
        Schema writer = history.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new SerializationException("unknown schema fingerprint " + String.format("%016x", fingerprint)
                    + ": not a published version of any record");
        }
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException("no generated class for " + writer.getFullName());
        }
        Schema current = SpecificData.get().getSchema(type);
        return new Reader(type, new SpecificDatumReader<>(writer, current, SpecificData.getForSchema(current)));
    }
}
