package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import cn.jiyuan.integrity.support.work.Threads;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/** Units' facts read back from the stored records ({@code unit_records}) when {@link ReadModel} does not hold them. */
final class StoredFacts {

    private static final Logger LOG = LoggerFactory.getLogger(StoredFacts.class);

    /** A stored fact as read, not yet decoded. */
    private record Row(long seq, String unitId, byte[] payload) {}

    private record Decoded(String unitId, Fact fact) {}

    private final DatabaseClient db;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    StoredFacts(DatabaseClient db) {
        this.db = db;
    }

    /** The facts of {@code unitIds} stored up to seq {@code upTo}, in stored order, decoded on every core. */
    Map<String, List<Fact>> read(List<String> unitIds, long upTo) {
        List<Row> rows = db.sql("SELECT seq, unit_id, payload FROM unit_records WHERE unit_id = ANY($1) AND kind IN "
                        + ReadModel.FACT_KINDS + " AND seq <= $2 ORDER BY seq")
                .bind(0, unitIds.toArray(String[]::new))
                .bind(1, upTo)
                .map((row, meta) -> new Row(
                        row.get("seq", Long.class),
                        row.get("unit_id", String.class),
                        Threads.bytes(row.get("payload", ByteBuffer.class))))
                .all()
                .collectList()
                .block(Duration.ofMinutes(2));
        return rows.parallelStream()
                .map(row -> new Decoded(row.unitId(), decode(row)))
                .filter(d -> d.fact() != null)
                .collect(Collectors.groupingBy(
                        Decoded::unitId, Collectors.mapping(Decoded::fact, Collectors.toCollection(ArrayList::new))));
    }

    /** The stored fact in the rules' terms, or null if there is none. */
    private Fact decode(Row row) {
        try {
            return RulesFacts.of(avro.deserialize(null, row.payload())); // null: not a fact the rules read
        } catch (RuntimeException e) { // counted when the tail met it
            LOG.debug("stored record seq {} cannot be applied: {}", row.seq(), e.toString());
            return null;
        }
    }
}
