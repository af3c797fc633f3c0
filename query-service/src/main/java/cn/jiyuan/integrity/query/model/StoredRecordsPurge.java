package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The purge's one statement on the stored records ({@link ReadModel#purge} does the memory's part): it deletes the
 * credit facts beyond retention and the corrections and objection steps about them (or recorded on or before the
 * limit), and marks the units it changed in every stored evaluation of a date it can change ({@link EvaluatedDays}):
 * those up to the last date a purged fact counted for, or all of them if a correction was purged (an amendment may
 * have moved its fact to a later date, which only the rules can read). A purge that failed part-way, and found nothing
 * when tried again, cannot leave a stored date unmarked.
 */
final class StoredRecordsPurge {

    /** What was deleted: the purge as the evaluations see it, and the eventIds of the credit facts it took away. */
    record Deleted(ReadModel.Purge purge, Set<String> facts) {}

    private static final Logger LOG = LoggerFactory.getLogger(StoredRecordsPurge.class);

    private final DatabaseClient db;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    StoredRecordsPurge(DatabaseClient db) {
        this.db = db;
    }

    /** Deletes what is beyond retention on {@code date} and marks the stored dates it changes. */
    Deleted delete(LocalDate date) {
        LocalDate limit = Window.retentionLimit(date);
        record Row(long about, String[] facts, String[] units, String[] corrections) {}
        Row purged = db.sql("""
                        WITH facts AS (
                            DELETE FROM unit_records WHERE kind = 'C' AND occurred_on <= $1
                            RETURNING record_id, unit_id),
                        about AS (
                            DELETE FROM unit_records x
                             WHERE x.kind IN ('X', 'O')
                               AND (x.fact_id IN (SELECT record_id FROM facts) OR x.recorded_at < $2)
                            RETURNING unit_id, kind, payload),
                        touched AS (SELECT unit_id FROM facts UNION SELECT unit_id FROM about),
                        marked AS (
                            UPDATE evaluated_days
                               SET refold = ARRAY(SELECT unnest(refold) UNION SELECT unit_id FROM touched)
                             WHERE EXISTS (SELECT 1 FROM touched)
                               AND (as_of <= $3 OR EXISTS (SELECT 1 FROM about WHERE kind = 'X'))
                            RETURNING as_of)
                        SELECT (SELECT count(*) FROM about) AS about,
                               (SELECT coalesce(array_agg(record_id), '{}') FROM facts) AS facts,
                               (SELECT coalesce(array_agg(unit_id), '{}') FROM touched) AS units,
                               (SELECT coalesce(array_agg(encode(payload, 'base64')), '{}')
                                  FROM about WHERE kind = 'X') AS corrections""")
                .bind(0, limit)
                .bind(1, limit.plusDays(1).atStartOfDay(ChinaTime.ZONE).toOffsetDateTime())
                .bind(2, Window.lastDateCounting(limit))
                .map((row, meta) -> new Row(
                        row.get("about", Long.class),
                        row.get("facts", String[].class),
                        row.get("units", String[].class),
                        row.get("corrections", String[].class)))
                .one()
                .block(Duration.ofMinutes(5));
        List<Correction> corrections = new ArrayList<>();
        for (String base64 : purged.corrections()) {
            try { // PostgreSQL's base64 breaks lines
                byte[] payload = Base64.getMimeDecoder().decode(base64);
                if (RulesFacts.of(avro.deserialize(null, payload)) instanceof Correction c) {
                    corrections.add(c);
                }
            } catch (RuntimeException e) { // counted when the tail met it
                LOG.debug("a purged correction cannot be read: {}", e.toString());
            }
        }
        ReadModel.Purge purge = new ReadModel.Purge(
                purged.about() + purged.facts().length,
                Set.of(purged.units()),
                Retention.lastDateChangedByPurging(date, corrections));
        return new Deleted(purge, Set.of(purged.facts()));
    }
}
