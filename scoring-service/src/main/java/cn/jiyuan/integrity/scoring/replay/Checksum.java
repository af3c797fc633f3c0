package cn.jiyuan.integrity.scoring.replay;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A checksum of a projection's content — units, kept facts, unit scores, grades — over every column that replay and
 * live processing must agree on (not the bookkeeping: offsets, outbox, update times, the date a grade last changed).
 * Two projections with the same checksum hold byte-for-byte the same rows.
 *
 * <p>Each part is hashed unit by unit and the units' hashes together: one text of all 25 million facts of a province
 * would pass PostgreSQL's 1 GB limit for a value ("out of memory", docs/benchmarks/province-scale.md).
 */
public final class Checksum {

    /** Each part's row text and, after {@code unit_id}, its order within a unit. */
    private static final Map<String, String[]> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("units", new String[] {"concat_ws('|', unit_id, name, active, registered_at)", "unit_id"});
        PARTS.put("unit_facts", new String[] {
            "concat_ws('|', unit_id, kind, fact_id, target_event_id, indicator, outcome, points, period, occurred_on,"
                    + " recorded_at, provider_org, case_number, listing_status, correction_kind, status)",
            "kind, fact_id"
        });
        PARTS.put("unit_scores", new String[] {
            "concat_ws('|', unit_id, kafka_partition, as_of, catalog_version, score, raw_score, debtor_listed, active,"
                    + " indicators)",
            "unit_id"
        });
        PARTS.put("grades", new String[] {"concat_ws('|', unit_id, grade)", "unit_id"});
    }

    /** The checksum of each part and of the whole, with row counts. */
    public record Result(Map<String, String> parts, Map<String, Long> rows, String total) {

        public String describe() {
            StringBuilder s = new StringBuilder();
            parts.forEach((k, v) -> s.append(String.format("  %-12s %,10d rows  md5 %s%n", k, rows.get(k), v)));
            return s.append("  checksum     ").append(total).toString();
        }
    }

    private Checksum() {}

    public static Result of(DatabaseClient db, String schema) {
        Map<String, String> parts = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, String[]> p : PARTS.entrySet()) {
            String sql = "SELECT coalesce(sum(n), 0) AS n, md5(coalesce(string_agg(h, E'\\n' ORDER BY unit_id), ''))"
                    + " AS h FROM (SELECT unit_id, count(*) AS n, md5(string_agg(" + p.getValue()[0]
                    + ", E'\\n' ORDER BY " + p.getValue()[1] + ")) AS h FROM " + quote(schema) + "." + p.getKey()
                    + " GROUP BY unit_id) per_unit";
            Map<String, Object> r = db.sql(sql).fetch().one().block();
            parts.put(p.getKey(), (String) r.get("h"));
            rows.put(p.getKey(), ((Number) r.get("n")).longValue());
            all.append(r.get("h"));
        }
        String total = db.sql("SELECT md5($1) AS h")
                .bind(0, all.toString())
                .map((row, meta) -> row.get("h", String.class))
                .one()
                .block();
        return new Result(parts, rows, total);
    }

    static String quote(String identifier) {
        if (!identifier.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain schema name: " + identifier);
        }
        return identifier;
    }
}
