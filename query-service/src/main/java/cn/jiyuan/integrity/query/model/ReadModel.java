package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.objections.UnderObjection;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.rules.scoring.Window;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionFinding;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.ReviewOutcome;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.Threads;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The in-memory view every query is answered from: each unit's {@link UnitHistory}, built by tailing
 * {@code unit_records} in {@code seq} order (the order the writers committed). Every instance tails the same table,
 * so every instance sees every record, whichever instance's consumer stored it. {@link #version()} is the last seq
 * applied. A stored record that cannot be applied (the writer checks each before storing it, so only one stored by an
 * older version could) is skipped with an error and counted, never retried forever (review K2).
 */
public class ReadModel {

    private static final int CHUNK = 20_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadModel.class);

    private final DatabaseClient db;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final Map<String, UnitHistory> units = new ConcurrentHashMap<>();
    private volatile long version;
    private volatile boolean caughtUp;
    private volatile long skipped;

    public ReadModel(DatabaseClient db) {
        this.db = db;
    }

    private record Row(long seq, String unitId, String kind, byte[] payload) {}

    /** Applies every stored record after {@link #version()}; returns how many. Called by one thread at a time. */
    public synchronized int tail() {
        int total = 0;
        while (true) {
            List<Row> rows = db.sql(
                            "SELECT seq, unit_id, kind, payload FROM unit_records WHERE seq > $1 ORDER BY seq LIMIT "
                                    + CHUNK)
                    .bind(0, version)
                    .map((row, meta) -> new Row(
                            row.get("seq", Long.class),
                            row.get("unit_id", String.class),
                            row.get("kind", String.class),
                            Threads.bytes(row.get("payload", ByteBuffer.class))))
                    .all()
                    .collectList()
                    .block(Duration.ofSeconds(60));
            synchronized (units) {
                for (Row row : rows) {
                    try {
                        apply(row.unitId(), avro.deserialize(null, row.payload()));
                    } catch (RuntimeException e) {
                        skipped++;
                        LOG.error(
                                "stored record seq {} of unit {} cannot be applied, skipped: {}",
                                row.seq(),
                                row.unitId(),
                                e.toString());
                    }
                    version = row.seq();
                }
            }
            total += rows.size();
            if (rows.size() < CHUNK) {
                caughtUp = true;
                return total;
            }
        }
    }

    /**
     * Purges what is beyond retention on {@code date} (SCORING.md §2, the rules' {@link Retention}): the stored credit
     * facts that
     * occurred on or before it, the corrections and objection steps about them (or recorded on or before it), and the
     * same from memory. Runs between two tails, so a record read before the purge cannot come back after it.
     */
    public synchronized long purge(LocalDate date) {
        LocalDate limit = Window.retentionLimit(date);
        Long n = db.sql("""
                        WITH facts AS (
                            DELETE FROM unit_records WHERE kind = 'C' AND occurred_on <= $1 RETURNING record_id),
                        about AS (
                            DELETE FROM unit_records x
                             WHERE x.kind IN ('X', 'O')
                               AND (x.fact_id IN (SELECT record_id FROM facts) OR x.recorded_at < $2)
                            RETURNING 1)
                        SELECT (SELECT count(*) FROM facts) + (SELECT count(*) FROM about) AS n""")
                .bind(0, limit)
                .bind(1, limit.plusDays(1).atStartOfDay(ChinaTime.ZONE).toOffsetDateTime())
                .map((row, meta) -> row.get("n", Long.class))
                .one()
                .block(Duration.ofMinutes(5));
        synchronized (units) {
            units.replaceAll((id, history) -> history.retainedOn(date));
        }
        return n == null ? 0 : n;
    }

    void apply(String unitId, SpecificRecord value) {
        units.compute(unitId, (id, h) -> {
            UnitHistory history = h == null ? UnitHistory.empty(id) : h;
            var fact = RulesFacts.of(value);
            if (fact != null) {
                return history.withFact(fact);
            }
            if (value instanceof UnitRegistration u) {
                return history.withRegistration(
                        new UnitHistory.Registration(u.getRecordedAt(), u.getName(), u.getActive()));
            }
            if (value instanceof ObjectionFiled f) {
                return history.withObjectionStep(
                        new UnderObjection.Step(f.getObjectionId(), f.getEventId(), f.getAt(), true));
            }
            if (value instanceof ObjectionDecided d && d.getFinding() == ObjectionFinding.NOT_TRUE) {
                return history.withObjectionStep(
                        new UnderObjection.Step(d.getObjectionId(), d.getEventId(), d.getAt(), false));
            }
            if (value instanceof ObjectionReviewed r && r.getDecision() == ReviewOutcome.APPROVE) {
                return history.withObjectionStep(
                        new UnderObjection.Step(r.getObjectionId(), r.getEventId(), r.getAt(), false));
            }
            return history;
        });
    }

    public UnitHistory unit(String unitId) {
        return units.get(unitId);
    }

    /** Every unit's history at one version: a consistent view while the tail goes on. */
    public record Snapshot(long version, List<UnitHistory> units) {}

    public Snapshot snapshot() {
        synchronized (units) {
            return new Snapshot(version, List.copyOf(units.values()));
        }
    }

    public long version() {
        return version;
    }

    /** Stored records that could not be applied since start. */
    public long skipped() {
        return skipped;
    }

    /** Has read everything stored when it last looked (readiness). */
    public boolean isCaughtUp() {
        return caughtUp;
    }
}
