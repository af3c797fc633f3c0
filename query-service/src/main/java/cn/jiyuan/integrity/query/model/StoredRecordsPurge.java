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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The purge's statements on the stored records ({@link ReadModel#purge} does the memory's part), in one transaction:
 * they delete the credit facts beyond retention and the corrections and objection steps about them (or recorded on or
 * before the limit), and mark the units they changed in every stored evaluation of a date it can change
 * ({@link EvaluatedDays}): those up to the last date a purged fact counted for, or all of them if a correction was
 * purged (an amendment may have moved its fact to a later date, which only the rules can read). A purge that failed
 * part-way, and found nothing when tried again, cannot leave a stored date unmarked.
 *
 * <p>A purge that deleted records is numbered and kept in {@code record_purges} with the units it changed: every
 * instance runs the purge, and one whose memory has not seen another's learns there which units that one changed.
 * The purge locks the number's row before it deletes, so that a store of an evaluation computed before it either
 * commits first (and is marked) or finds the number moved ({@link EvaluatedDays#store}).
 */
final class StoredRecordsPurge {

    /**
     * What was deleted: the purge as the evaluations see it (with the units and dates of the purges made since
     * {@code seen} by other instances), the eventIds of the credit facts it took away, and the purges' number now.
     * {@code missedUnknown}: purges were made since {@code seen} that are no longer kept, whose units are not known.
     */
    record Deleted(ReadModel.Purge purge, Set<String> facts, long generation, boolean missedUnknown) {}

    /** How long a purge's units are kept for instances that have not seen it (each runs its own purge daily). */
    private static final String KEPT = "35 days";

    private static final Logger LOG = LoggerFactory.getLogger(StoredRecordsPurge.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    StoredRecordsPurge(DatabaseClient db) {
        this.db = db;
        this.tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
    }

    /** The number of the last purge that deleted records. */
    long generation() {
        return db.sql("SELECT generation FROM record_purge_count")
                .map((row, meta) -> row.get("generation", Long.class))
                .one()
                .block(Duration.ofMinutes(1));
    }

    /**
     * Deletes what is beyond retention on {@code date} and marks the stored dates it changes; adds the purges after
     * {@code seen} (the last the memory has applied; -1 if it holds nothing yet, so missed none) that others made.
     */
    Deleted delete(LocalDate date, long seen) {
        LocalDate limit = Window.retentionLimit(date);
        Mono<Deleted> purge = db.sql("SELECT generation FROM record_purge_count FOR UPDATE")
                .map((row, meta) -> row.get("generation", Long.class))
                .one()
                .flatMap(before -> deleteAndMark(limit)
                        .flatMap(purged -> numbered(date, before, purged))
                        .flatMap(own -> withMissed(own, seen, before)));
        return tx.transactional(purge).block(Duration.ofMinutes(5));
    }

    /** What the delete statement returns. */
    private record Purged(long about, String[] facts, String[] units, String[] corrections) {}

    private Mono<Purged> deleteAndMark(LocalDate limit) {
        return db.sql("""
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
                .map((row, meta) -> new Purged(
                        row.get("about", Long.class),
                        row.get("facts", String[].class),
                        row.get("units", String[].class),
                        row.get("corrections", String[].class)))
                .one();
    }

    /** The purge as the evaluations see it; numbered and kept if it deleted records. */
    private Mono<Deleted> numbered(LocalDate date, long before, Purged purged) {
        ReadModel.Purge purge = new ReadModel.Purge(
                purged.about() + purged.facts().length,
                Set.of(purged.units()),
                Retention.lastDateChangedByPurging(date, corrections(purged.corrections())));
        Deleted own = new Deleted(purge, Set.of(purged.facts()), before, false);
        if (purge.units().isEmpty()) {
            return Mono.just(own);
        }
        long generation = before + 1;
        return db.sql("UPDATE record_purge_count SET generation = $1")
                .bind(0, generation)
                .then()
                .then(db.sql("INSERT INTO record_purges VALUES ($1, now(), $2, $3)")
                        .bind(0, generation)
                        .bind(1, purged.units())
                        .bind(2, purge.lastDateChanged())
                        .then())
                .then(db.sql("DELETE FROM record_purges WHERE purged_at < now() - interval '" + KEPT + "'")
                        .then())
                .thenReturn(new Deleted(purge, own.facts(), generation, false));
    }

    /** {@code own} with the units and dates of the purges numbered after {@code seen} up to {@code before}. */
    private Mono<Deleted> withMissed(Deleted own, long seen, long before) {
        if (seen < 0 || seen == before) {
            return Mono.just(own);
        }
        record Missed(String[] units, LocalDate lastDateChanged) {}
        return db.sql("SELECT units, last_date_changed FROM record_purges WHERE generation > $1 AND generation <= $2")
                .bind(0, seen)
                .bind(1, before)
                .map((row, meta) ->
                        new Missed(row.get("units", String[].class), row.get("last_date_changed", LocalDate.class)))
                .all()
                .collectList()
                .map(missed -> {
                    Set<String> units = new HashSet<>(own.purge().units());
                    LocalDate last = own.purge().lastDateChanged();
                    for (Missed m : missed) {
                        units.addAll(List.of(m.units()));
                        last = m.lastDateChanged().isAfter(last) ? m.lastDateChanged() : last;
                    }
                    ReadModel.Purge purge = new ReadModel.Purge(own.purge().records(), units, last);
                    return new Deleted(purge, own.facts(), own.generation(), missed.size() != before - seen);
                });
    }

    private List<Correction> corrections(String[] base64s) {
        List<Correction> corrections = new ArrayList<>();
        for (String base64 : base64s) {
            try { // PostgreSQL's base64 breaks lines
                byte[] payload = Base64.getMimeDecoder().decode(base64);
                if (RulesFacts.of(avro.deserialize(null, payload)) instanceof Correction c) {
                    corrections.add(c);
                }
            } catch (RuntimeException e) { // counted when the tail met it
                LOG.debug("a purged correction cannot be read: {}", e.toString());
            }
        }
        return corrections;
    }
}
