package cn.jiyuan.integrity.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The rules a schema change must keep, checked at build time (SchemaEvolutionTest): every published version can read
 * every older one, and the compiled (current) schema of each record is its latest published version.
 */
public final class SchemaEvolution {

    private SchemaEvolution() {}

    /** Every violation found; empty when the history is sound. */
    public static List<String> problems(SchemaHistory history, Map<String, Schema> compiled) {
        List<String> problems = new ArrayList<>();
        history.all().forEach((record, versions) -> {
            for (int reader = 1; reader < versions.size(); reader++) {
                for (int writer = 0; writer < reader; writer++) {
                    var result = SchemaCompatibility.checkReaderWriterCompatibility(
                            versions.get(reader), versions.get(writer));
                    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                        problems.add(record + " v" + (reader + 1) + " cannot read v" + (writer + 1) + ": "
                                + result.getResult().getIncompatibilities());
                    }
                }
            }
            Schema current = compiled.get(record);
            Schema latest = versions.get(versions.size() - 1);
            if (current == null) {
                problems.add(record + " is published but not compiled");
            } else if (!sameContract(current, latest)) {
                problems.add(record + " changed without being published: add src/main/resources/"
                        + SchemaHistory.LOCATION + record + "/v" + (versions.size() + 1) + ".avsc");
            }
        });
        compiled.keySet().stream()
                .filter(r -> !history.all().containsKey(r))
                .forEach(r -> problems.add(r + " is compiled but has no published version"));
        return problems;
    }

    /**
     * Same wire form and same defaults: the generated class schema carries {@code avro.java.string} properties that the
     * published files do not, so compare with those removed.
     */
    static boolean sameContract(Schema a, Schema b) {
        return SchemaHistory.fingerprint(a) == SchemaHistory.fingerprint(b)
                && withoutJavaHints(a.toString()).equals(withoutJavaHints(b.toString()));
    }

    private static String withoutJavaHints(String json) {
        return json.replace("{\"type\":\"string\",\"avro.java.string\":\"String\"}", "\"string\"")
                .replace(",\"avro.java.string\":\"String\"", "");
    }
}
