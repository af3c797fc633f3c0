package cn.jiyuan.integrity.query.audit;

import cn.jiyuan.integrity.support.GroupCommit;
import cn.jiyuan.integrity.support.audit.AuditEntry;
import cn.jiyuan.integrity.support.audit.AuditSink;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The append-only record of every read (第十三条): the query service's own, written before the answer leaves, and
 * those of the other services from {@code integrity.audit.v1}; listed by the credit office.
 */
public class AuditLog implements AuditSink {

    /**
     * One read: who, for which purpose, what, as of which date, when, and how it was answered; {@code repeated} is
     * how many refusals of one anonymous client a row stands for (1 for every other read).
     */
    public record Entry(
            long id,
            String service,
            Instant at,
            String subject,
            String org,
            String roles,
            String purpose,
            String method,
            String resource,
            String unitId,
            LocalDate asOf,
            int status,
            int repeated) {}

    /** Reads per consuming org and purpose in a period. */
    public record Count(String org, String purpose, long reads) {}

    /** The only role that may delete from the audit log (V5__audit_log_retention.sql). */
    static final String PURGER = "integrity_audit_purger";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public AuditLog(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Deletes the reads before {@code cutoff} (the audit trail's retention), as the purger role and nothing else;
     * how many.
     */
    public long purgeBefore(Instant cutoff) {
        Long n = tx.transactional(db.sql("SET LOCAL ROLE " + PURGER)
                        .then()
                        .then(db.sql("DELETE FROM audit_log WHERE at < $1")
                                .bind(0, cutoff.atOffset(ZoneOffset.UTC))
                                .fetch()
                                .rowsUpdated()))
                .block(Duration.ofMinutes(5));
        return n == null ? 0 : n;
    }

    /** Reads answered at the same time share one statement and one WAL flush (group commit). */
    private final GroupCommit<AuditEntry, Boolean> group = new GroupCommit<>(
            entries -> insert(entries).thenReturn(Collections.nCopies(entries.size(), Boolean.TRUE)), 500);

    /** Completes once the entry is committed. */
    @Override
    public Mono<Void> record(AuditEntry e) {
        return group.submit(List.of(e)).then();
    }

    /** Another service's read as it came off {@code integrity.audit.v1}; {@code source} is where it lay there. */
    public record Received(String service, String source, AuditEntry entry) {}

    /** Stores other services' reads; a record stored before (a redelivery) is left as it is. Part of a transaction. */
    public Mono<Void> insertReceived(List<Received> received) {
        if (received.isEmpty()) {
            return Mono.empty();
        }
        List<AuditEntry> entries = received.stream().map(Received::entry).toList();
        return bindEntries(
                        db.sql("INSERT INTO audit_log (at, subject, org, roles, purpose, method, resource, unit_id,"
                                + " as_of, status, repeated, service, source) SELECT * FROM unnest($1::timestamptz[],"
                                + " $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"
                                + " $9::date[], $10::int[], $11::int[], $12::text[], $13::text[])"
                                + " ON CONFLICT (source) DO NOTHING"),
                        entries)
                .bind(11, received.stream().map(Received::service).toArray(String[]::new))
                .bind(12, received.stream().map(Received::source).toArray(String[]::new))
                .then();
    }

    private Mono<Void> insert(List<AuditEntry> entries) {
        return bindEntries(
                        db.sql("INSERT INTO audit_log (at, subject, org, roles, purpose, method, resource, unit_id,"
                                + " as_of, status, repeated) SELECT * FROM unnest($1::timestamptz[], $2::text[],"
                                + " $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"
                                + " $9::date[], $10::int[], $11::int[])"),
                        entries)
                .then();
    }

    private static DatabaseClient.GenericExecuteSpec bindEntries(
            DatabaseClient.GenericExecuteSpec spec, List<AuditEntry> entries) {
        return spec.bind(
                        0,
                        entries.stream()
                                .map(e -> OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC))
                                .toArray(OffsetDateTime[]::new))
                .bind(1, entries.stream().map(AuditEntry::subject).toArray(String[]::new))
                .bind(2, entries.stream().map(AuditEntry::org).toArray(String[]::new))
                .bind(3, entries.stream().map(AuditEntry::roles).toArray(String[]::new))
                .bind(4, entries.stream().map(AuditEntry::purpose).toArray(String[]::new))
                .bind(5, entries.stream().map(AuditEntry::method).toArray(String[]::new))
                .bind(6, entries.stream().map(AuditEntry::resource).toArray(String[]::new))
                .bind(7, entries.stream().map(AuditEntry::unitId).toArray(String[]::new))
                .bind(8, entries.stream().map(AuditEntry::asOf).toArray(LocalDate[]::new))
                .bind(9, entries.stream().map(AuditEntry::status).toArray(Integer[]::new))
                .bind(10, entries.stream().map(AuditEntry::repeated).toArray(Integer[]::new));
    }

    /** Entries in [{@code from}, {@code to}) (either may be null), filtered by org and purpose, newest first. */
    public Flux<Entry> list(String org, String purpose, Instant from, Instant to, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (org != null) {
            args.add(org);
            where.add("org = $" + args.size());
        }
        if (purpose != null) {
            args.add(purpose);
            where.add("purpose = $" + args.size());
        }
        if (from != null) {
            args.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            where.add("at >= $" + args.size());
        }
        if (to != null) {
            args.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            where.add("at < $" + args.size());
        }
        String sql = "SELECT * FROM audit_log" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT " + limit;
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (int i = 0; i < args.size(); i++) {
            spec = spec.bind(i, args.get(i));
        }
        return spec.map((row, meta) -> new Entry(
                        row.get("id", Long.class),
                        row.get("service", String.class),
                        row.get("at", OffsetDateTime.class).toInstant(),
                        row.get("subject", String.class),
                        row.get("org", String.class),
                        row.get("roles", String.class),
                        row.get("purpose", String.class),
                        row.get("method", String.class),
                        row.get("resource", String.class),
                        row.get("unit_id", String.class),
                        row.get("as_of", LocalDate.class),
                        row.get("status", Integer.class),
                        row.get("repeated", Integer.class)))
                .all();
    }

    /** Answered reads by consumers of {@code org} with {@code purpose} in [{@code from}, {@code to}) (第十三条). */
    public Mono<Long> consumerReads(String org, String purpose, Instant from, Instant to) {
        return db.sql("SELECT count(*) AS reads FROM audit_log WHERE at >= $1 AND at < $2 AND org = $3 AND purpose = $4"
                        + " AND roles LIKE '%CONSUMER%' AND status < 400")
                .bind(0, OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .bind(1, OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .bind(2, org)
                .bind(3, purpose)
                .map((row, meta) -> row.get("reads", Long.class))
                .one();
    }

    /** Answered reads by consumers in [{@code from}, {@code to}), per org and purpose. */
    public Flux<Count> consumerCounts(Instant from, Instant to) {
        return db.sql("SELECT org, purpose, count(*) AS reads FROM audit_log WHERE at >= $1 AND at < $2"
                        + " AND roles LIKE '%CONSUMER%' AND purpose IS NOT NULL AND status < 400"
                        + " GROUP BY org, purpose ORDER BY org, purpose")
                .bind(0, OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .bind(1, OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .map((row, meta) -> new Count(
                        row.get("org", String.class), row.get("purpose", String.class), row.get("reads", Long.class)))
                .all();
    }
}
