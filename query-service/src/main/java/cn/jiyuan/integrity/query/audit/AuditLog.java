package cn.jiyuan.integrity.query.audit;

import cn.jiyuan.integrity.support.GroupCommit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The append-only record of every read (第十三条): written before the answer leaves, listed by the credit office. */
public class AuditLog {

    /**
     * One read: who, for which purpose, what, as of which date, when, and how it was answered; {@code repeated} is
     * how many refusals of one anonymous client a row stands for (1 for every other read).
     */
    public record Entry(
            long id,
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

    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    /** Reads answered at the same time share one statement and one WAL flush (group commit). */
    private final GroupCommit<Entry, Boolean> group = new GroupCommit<>(
            entries -> insert(entries).thenReturn(Collections.nCopies(entries.size(), Boolean.TRUE)), 500);

    /** Completes once the entry is committed. */
    public Mono<Void> record(Entry e) {
        return group.submit(List.of(e)).then();
    }

    private Mono<Void> insert(List<Entry> entries) {
        return db.sql(
                        "INSERT INTO audit_log (at, subject, org, roles, purpose, method, resource, unit_id, as_of, status,"
                                + " repeated) SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[],"
                                + " $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::int[], $11::int[])")
                .bind(
                        0,
                        entries.stream()
                                .map(e -> OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC))
                                .toArray(OffsetDateTime[]::new))
                .bind(1, entries.stream().map(Entry::subject).toArray(String[]::new))
                .bind(2, entries.stream().map(Entry::org).toArray(String[]::new))
                .bind(3, entries.stream().map(Entry::roles).toArray(String[]::new))
                .bind(4, entries.stream().map(Entry::purpose).toArray(String[]::new))
                .bind(5, entries.stream().map(Entry::method).toArray(String[]::new))
                .bind(6, entries.stream().map(Entry::resource).toArray(String[]::new))
                .bind(7, entries.stream().map(Entry::unitId).toArray(String[]::new))
                .bind(8, entries.stream().map(Entry::asOf).toArray(LocalDate[]::new))
                .bind(9, entries.stream().map(Entry::status).toArray(Integer[]::new))
                .bind(10, entries.stream().map(Entry::repeated).toArray(Integer[]::new))
                .then();
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
