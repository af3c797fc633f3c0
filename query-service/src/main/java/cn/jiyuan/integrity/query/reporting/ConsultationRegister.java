package cn.jiyuan.integrity.query.reporting;

import cn.jiyuan.integrity.rules.reporting.ConsultationDuty;
import cn.jiyuan.integrity.rules.rights.Purpose;
import cn.jiyuan.integrity.support.refusals.Refusal;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * 第十三条: the credit office's register of who is to consult the results for which purpose (V7__consultation_duties.sql).
 * Registering a duty that is in force replaces it from the new one's first day; ending one sets its last day. Nothing
 * is deleted, so the report of a past year reads the register as it stood.
 */
public class ConsultationRegister {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public ConsultationRegister(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** A duty as registered: the rule's part and who wrote it down. */
    public record Entry(
            long id,
            ConsultationDuty duty,
            String note,
            String registeredBy,
            Instant registeredAt,
            String endedBy,
            Instant endedAt) {}

    /** Registers {@code duty} (validUntil null), ending the one in force for the same org and purpose the day before. */
    public Mono<Entry> register(ConsultationDuty duty, String note, String by, Instant at) {
        Mono<Entry> write = db.sql("""
                        UPDATE consultation_duties SET valid_until = $3, ended_by = $4, ended_at = $5
                         WHERE org = $1 AND purpose = $2 AND valid_until IS NULL""")
                .bind(0, duty.org())
                .bind(1, duty.purpose().name())
                .bind(2, duty.validFrom().minusDays(1))
                .bind(3, by)
                .bind(4, at.atOffset(ZoneOffset.UTC))
                .then()
                .then(insert(duty, note, by, at));
        return tx.transactional(write)
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> Refusal.conflict("the duty of " + duty.org() + " for " + duty.purpose()
                                + " was changed at the same moment; try again"));
    }

    /** Ends the duty in force after {@code lastDay}; empty if none is. */
    public Mono<Entry> end(String org, Purpose purpose, LocalDate lastDay, String by, Instant at) {
        return db.sql("""
                        UPDATE consultation_duties SET valid_until = greatest($3, valid_from - 1), ended_by = $4,
                               ended_at = $5
                         WHERE org = $1 AND purpose = $2 AND valid_until IS NULL
                        RETURNING *""")
                .bind(0, org)
                .bind(1, purpose.name())
                .bind(2, lastDay)
                .bind(3, by)
                .bind(4, at.atOffset(ZoneOffset.UTC))
                .map(ConsultationRegister::entry)
                .one();
    }

    /** Every duty ever registered, those in force first, then by org and purpose. */
    public Mono<List<Entry>> all() {
        return db.sql("SELECT * FROM consultation_duties ORDER BY valid_until IS NOT NULL, org, purpose, valid_from")
                .map(ConsultationRegister::entry)
                .all()
                .collectList();
    }

    private Mono<Entry> insert(ConsultationDuty duty, String note, String by, Instant at) {
        var spec = db.sql("""
                        INSERT INTO consultation_duties (org, purpose, valid_from, minimum_reads, note, registered_by,
                            registered_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *""")
                .bind(0, duty.org())
                .bind(1, duty.purpose().name())
                .bind(2, duty.validFrom())
                .bind(3, duty.minimumReads());
        spec = note == null ? spec.bindNull(4, String.class) : spec.bind(4, note);
        return spec.bind(5, by)
                .bind(6, at.atOffset(ZoneOffset.UTC))
                .map(ConsultationRegister::entry)
                .one();
    }

    private static Entry entry(Readable row) {
        OffsetDateTime ended = row.get("ended_at", OffsetDateTime.class);
        return new Entry(
                row.get("id", Long.class),
                new ConsultationDuty(
                        row.get("org", String.class),
                        Purpose.valueOf(row.get("purpose", String.class)),
                        row.get("valid_from", LocalDate.class),
                        row.get("valid_until", LocalDate.class),
                        row.get("minimum_reads", Integer.class)),
                row.get("note", String.class),
                row.get("registered_by", String.class),
                row.get("registered_at", OffsetDateTime.class).toInstant(),
                row.get("ended_by", String.class),
                ended == null ? null : ended.toInstant());
    }
}
