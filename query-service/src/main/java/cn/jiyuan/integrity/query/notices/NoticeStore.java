package cn.jiyuan.integrity.query.notices;

import cn.jiyuan.integrity.rules.notices.NoticeKind;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The notices (V8__notices.sql): made once by key, read as an organisation's inbox, handed to the topic and to the
 * mail server by relays that claim rows with {@code FOR UPDATE SKIP LOCKED}, so two instances never send one twice.
 */
public class NoticeStore {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public NoticeStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Makes the notices not made before; how many were new. */
    public Mono<Long> add(List<Notice> notices) {
        if (notices.isEmpty()) {
            return Mono.just(0L);
        }
        int n = notices.size();
        return db.sql("""
                        INSERT INTO notices (notice_id, notice_key, recipient_org, recipient_role, kind, subject, text,
                            link, unit_id, objection_id, event_id, created_at)
                        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                             $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                                             $12::timestamptz[])
                        ON CONFLICT (notice_key) DO NOTHING""")
                .bind(0, notices.stream().map(Notice::noticeId).toArray(UUID[]::new))
                .bind(1, notices.stream().map(Notice::key).toArray(String[]::new))
                .bind(2, notices.stream().map(Notice::recipientOrg).toArray(String[]::new))
                .bind(3, notices.stream().map(x -> x.kind().audience().name()).toArray(String[]::new))
                .bind(4, notices.stream().map(x -> x.kind().name()).toArray(String[]::new))
                .bind(5, notices.stream().map(Notice::subject).toArray(String[]::new))
                .bind(6, notices.stream().map(Notice::text).toArray(String[]::new))
                .bind(7, notices.stream().map(Notice::link).toArray(String[]::new))
                .bind(8, notices.stream().map(Notice::unitId).toArray(String[]::new))
                .bind(9, notices.stream().map(Notice::objectionId).toArray(String[]::new))
                .bind(10, notices.stream().map(Notice::eventId).toArray(String[]::new))
                .bind(
                        11,
                        notices.stream()
                                .map(x -> x.createdAt().atOffset(ZoneOffset.UTC))
                                .toArray(OffsetDateTime[]::new))
                .fetch()
                .rowsUpdated()
                .map(Long::valueOf)
                .defaultIfEmpty((long) n);
    }

    /** Where a page of an inbox starts: after the notice created at {@code createdAt} with id {@code noticeId}. */
    public record After(Instant createdAt, UUID noticeId) {}

    /** A page of an inbox and how many of all its notices are unread, counted in the same snapshot. */
    public record Inbox(long unread, List<Notice> notices) {}

    /**
     * An organisation's notices in the given roles, newest first, after {@code after} when given, and its unread
     * count — one statement, so the count and the page never disagree about a notice made meanwhile.
     */
    public Mono<Inbox> inbox(String org, List<String> roles, boolean unreadOnly, After after, int limit) {
        After from = after == null ? new After(Instant.parse("9999-01-01T00:00:00Z"), new UUID(-1L, -1L)) : after;
        return db.sql("SELECT u.unread_total, n.* FROM (SELECT count(*) AS unread_total FROM notices"
                        + " WHERE recipient_org = $1 AND recipient_role = ANY($2::text[]) AND read_at IS NULL) u"
                        + " LEFT JOIN LATERAL (SELECT * FROM notices"
                        + " WHERE recipient_org = $1 AND recipient_role = ANY($2::text[])"
                        + (unreadOnly ? " AND read_at IS NULL" : "")
                        + " AND (created_at, notice_id) < ($3, $4)"
                        + " ORDER BY created_at DESC, notice_id DESC LIMIT $5) n ON true"
                        + " ORDER BY n.created_at DESC, n.notice_id DESC")
                .bind(0, org)
                .bind(1, roles.toArray(String[]::new))
                .bind(2, from.createdAt().atOffset(ZoneOffset.UTC))
                .bind(3, from.noticeId())
                .bind(4, limit)
                .map((row, meta) -> Map.entry(
                        row.get("unread_total", Long.class),
                        row.get("notice_id") == null ? Optional.<Notice>empty() : Optional.of(notice(row))))
                .all()
                .collectList()
                .map(rows -> new Inbox(
                        rows.isEmpty() ? 0 : rows.get(0).getKey(),
                        rows.stream().flatMap(r -> r.getValue().stream()).toList()));
    }

    /** Marks one notice of the organisation read; empty if it has none of that id. */
    public Mono<Notice> markRead(UUID id, String org, List<String> roles, Instant at) {
        return db.sql("UPDATE notices SET read_at = coalesce(read_at, $4) WHERE notice_id = $1 AND recipient_org = $2"
                        + " AND recipient_role = ANY($3::text[]) RETURNING *")
                .bind(0, id)
                .bind(1, org)
                .bind(2, roles.toArray(String[]::new))
                .bind(3, at.atOffset(ZoneOffset.UTC))
                .map(NoticeStore::notice)
                .one();
    }

    /**
     * Claims up to {@code limit} notices not yet handed on ({@code column}: sent_at or mailed_at), gives them to
     * {@code handOver} while they stay locked, and marks those it returns handed on (with their status); how many.
     */
    public long handOver(String column, int limit, Function<List<Notice>, List<Handed>> handOver, Instant at) {
        if (!column.equals("sent_at") && !column.equals("mailed_at")) {
            throw new IllegalArgumentException(column);
        }
        Mono<Long> step = db.sql("SELECT * FROM notices WHERE " + column + " IS NULL ORDER BY created_at LIMIT $1"
                        + " FOR UPDATE SKIP LOCKED")
                .bind(0, limit)
                .map(NoticeStore::notice)
                .all()
                .collectList()
                .flatMap(claimed -> {
                    if (claimed.isEmpty()) {
                        return Mono.just(0L);
                    }
                    List<Handed> handed = handOver.apply(claimed);
                    return db.sql("UPDATE notices SET " + column + " = $2"
                                    + (column.equals("mailed_at") ? ", mail_status = x.status" : "")
                                    + " FROM unnest($1::uuid[], $3::text[]) AS x(id, status) WHERE notice_id = x.id")
                            .bind(0, handed.stream().map(Handed::noticeId).toArray(UUID[]::new))
                            .bind(1, at.atOffset(ZoneOffset.UTC))
                            .bind(2, handed.stream().map(Handed::status).toArray(String[]::new))
                            .fetch()
                            .rowsUpdated()
                            .map(Long::valueOf);
                });
        Long n = tx.transactional(step).block(WAIT);
        return n == null ? 0 : n;
    }

    /** A notice handed on, and how (for mail: sent, or why not). */
    public record Handed(UUID noticeId, String status) {}

    static Notice notice(Readable row) {
        OffsetDateTime read = row.get("read_at", OffsetDateTime.class);
        return new Notice(
                row.get("notice_id", UUID.class),
                row.get("notice_key", String.class),
                row.get("recipient_org", String.class),
                NoticeKind.valueOf(row.get("kind", String.class)),
                row.get("subject", String.class),
                row.get("text", String.class),
                row.get("link", String.class),
                row.get("unit_id", String.class),
                row.get("objection_id", String.class),
                row.get("event_id", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                read == null ? null : read.toInstant());
    }
}
