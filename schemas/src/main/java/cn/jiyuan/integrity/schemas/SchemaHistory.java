package cn.jiyuan.integrity.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every schema version ever published, by fingerprint (CRC-64-AVRO of the parsing canonical form, as in the header of
 * Avro single-object encoding). Versions live at {@code avro-history/<Record>/v1.avsc}, {@code v2.avsc}, … on the
 * classpath; a published version is never edited or removed.
 */
public final class SchemaHistory implements SchemaStore {

    public static final String LOCATION = "avro-history/";

    private final Map<Long, Schema> byFingerprint;
    private final Map<String, List<Schema>> versionsByRecord;

    private SchemaHistory(Map<String, List<Schema>> versionsByRecord) {
        Map<Long, Schema> fingerprints = new HashMap<>();
        versionsByRecord.values().forEach(versions -> versions.forEach(s -> fingerprints.put(fingerprint(s), s)));
        this.byFingerprint = Collections.unmodifiableMap(fingerprints);
        this.versionsByRecord = Collections.unmodifiableMap(versionsByRecord);
    }

    /** The history of every record carried by the declared topics. */
    public static SchemaHistory standard() {
        return Holder.STANDARD;
    }

    /** The history of the given records, read from the classpath of {@code loader}. */
    public static SchemaHistory load(ClassLoader loader, List<String> recordNames) {
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        for (String record : recordNames) {
            List<Schema> list = new ArrayList<>();
            for (int v = 1; ; v++) {
                String path = LOCATION + record + "/v" + v + ".avsc";
                try (InputStream in = loader.getResourceAsStream(path)) {
                    if (in == null) {
                        break;
                    }
                    list.add(new Schema.Parser().parse(in));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + path, e);
                }
            }
            if (list.isEmpty()) {
                throw new IllegalStateException("no published schema for " + record + " under " + LOCATION);
            }
            versions.put(record, List.copyOf(list));
        }
        return new SchemaHistory(versions);
    }

    /** A history of the given versions (oldest first, by record simple name). */
    public static SchemaHistory of(Map<String, List<Schema>> versionsByRecord) {
        return new SchemaHistory(new LinkedHashMap<>(versionsByRecord));
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    public Optional<Schema> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** All published versions of a record (simple name), oldest first. */
    public List<Schema> versions(String recordName) {
        return versionsByRecord.getOrDefault(recordName, List.of());
    }

    public Map<String, List<Schema>> all() {
        return versionsByRecord;
    }

    /** Whether this exact schema (by fingerprint) has been published. */
    public boolean isPublished(Schema schema) {
        return byFingerprint.containsKey(fingerprint(schema));
    }

    private static final class Holder {
        static final SchemaHistory STANDARD = load(
                SchemaHistory.class.getClassLoader(),
                IntegrityTopics.ALL.stream()
                        .flatMap(t -> t.valueTypes().stream())
                        .map(Holder::schemaOf)
                        .map(Schema::getName)
                        .distinct()
                        .toList());

        private static Schema schemaOf(Class<? extends SpecificRecord> type) {
            return SpecificData.get().getSchema(type);
        }
    }
}
