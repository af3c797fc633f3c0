package cn.jiyuan.integrity.objection.workflow;

import cn.jiyuan.integrity.rules.corrections.CorrectionRequest;
import cn.jiyuan.integrity.rules.corrections.CorrectionStatus;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The corrections table (V2__corrections.sql). Callers hold the transaction. */
public class CorrectionStore {

    private static final String COLUMNS = "correction_id, event_id, unit_id, indicator, provider_org, status, remedy,"
            + " amended_outcome, amended_points, amended_occurred_on, amended_period, explanation, ex_officio, requested_by,"
            + " requested_by_org, requested_at, reviewed_by, reviewed_by_org, reviewed_at, review_comment";

    /** Who did a step and when, and its text. */
    public record Step(String by, String byOrg, Instant at, String text) {}

    /** A correction as stored: the rules' state and its steps (the review null until there is one). */
    public record Stored(CorrectionRequest state, Step requested, Step reviewed) {}

    /** List filters; null means any. {@code scopeOrg} non-null limits to corrections about or by that org. */
    public record Filter(CorrectionStatus status, String unitId, String providerOrg, String scopeOrg, int limit) {}

    private final DatabaseClient db;

    public CorrectionStore(DatabaseClient db) {
        this.db = db;
    }

    /** The open correction request on a fact, if any. */
    public Mono<String> openOn(String eventId) {
        return db.sql("SELECT correction_id FROM corrections WHERE event_id = $1 AND status = 'AWAITING_REVIEW'")
                .bind(0, eventId)
                .map((row, meta) -> row.get("correction_id", String.class))
                .one();
    }

    public Mono<Stored> lock(String correctionId) {
        return db.sql("SELECT " + COLUMNS + " FROM corrections WHERE correction_id = $1 FOR UPDATE")
                .bind(0, correctionId)
                .map((row, meta) -> stored(row))
                .one();
    }

    public Mono<Stored> find(String correctionId) {
        return db.sql("SELECT " + COLUMNS + " FROM corrections WHERE correction_id = $1")
                .bind(0, correctionId)
                .map((row, meta) -> stored(row))
                .one();
    }

    public Flux<Stored> list(Filter f) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (f.status() != null) {
            args.add(f.status().name());
            where.add("status = $" + args.size());
        }
        if (f.unitId() != null) {
            args.add(f.unitId());
            where.add("unit_id = $" + args.size());
        }
        if (f.providerOrg() != null) {
            args.add(f.providerOrg());
            where.add("provider_org = $" + args.size());
        }
        if (f.scopeOrg() != null) {
            args.add(f.scopeOrg());
            where.add("(unit_id = $" + args.size() + " OR provider_org = $" + args.size() + ")");
        }
        String sql = "SELECT " + COLUMNS + " FROM corrections"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY requested_at DESC, correction_id LIMIT " + f.limit();
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (int i = 0; i < args.size(); i++) {
            spec = spec.bind(i, args.get(i));
        }
        return spec.map((row, meta) -> stored(row)).all();
    }

    public Mono<Void> insert(CorrectionRequest c, Step requested) {
        Amendment a = c.amendment();
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO corrections (correction_id, event_id, unit_id,"
                        + " indicator, provider_org, status, remedy, amended_outcome, amended_points,"
                        + " amended_occurred_on, explanation, ex_officio, requested_by, requested_by_org, requested_at,"
                        + " amended_period) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
                        + " $16)")
                .bind(0, c.correctionId())
                .bind(1, c.eventId())
                .bind(2, c.unitId())
                .bind(3, c.indicator())
                .bind(4, c.providerOrg())
                .bind(5, c.status().name())
                .bind(6, c.remedy().name());
        spec = a == null ? spec.bindNull(7, String.class) : spec.bind(7, a.outcome());
        spec = a == null || a.points() == null ? spec.bindNull(8, BigDecimal.class) : spec.bind(8, a.points());
        spec = a == null ? spec.bindNull(9, LocalDate.class) : spec.bind(9, a.occurredOn());
        spec = a == null || a.period() == null ? spec.bindNull(15, String.class) : spec.bind(15, a.period());
        return spec.bind(10, c.explanation())
                .bind(11, c.exOfficio())
                .bind(12, requested.by())
                .bind(13, requested.byOrg())
                .bind(14, OffsetDateTime.ofInstant(requested.at(), ZoneOffset.UTC))
                .then();
    }

    /** The review step and the state after it. */
    public Mono<Void> reviewed(CorrectionRequest c, Step reviewed) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE corrections SET status = $2, reviewed_by = $3,"
                        + " reviewed_by_org = $4, reviewed_at = $5, review_comment = $6 WHERE correction_id = $1")
                .bind(0, c.correctionId())
                .bind(1, c.status().name())
                .bind(2, reviewed.by())
                .bind(3, reviewed.byOrg())
                .bind(4, OffsetDateTime.ofInstant(reviewed.at(), ZoneOffset.UTC));
        return (reviewed.text() == null ? spec.bindNull(5, String.class) : spec.bind(5, reviewed.text())).then();
    }

    private static Stored stored(Readable row) {
        String outcome = row.get("amended_outcome", String.class);
        Amendment amendment = outcome == null
                ? null
                : new Amendment(
                        outcome,
                        row.get("amended_points", BigDecimal.class),
                        row.get("amended_occurred_on", LocalDate.class),
                        row.get("amended_period", String.class));
        Instant requestedAt = row.get("requested_at", OffsetDateTime.class).toInstant();
        CorrectionRequest state = new CorrectionRequest(
                row.get("correction_id", String.class),
                row.get("event_id", String.class),
                row.get("unit_id", String.class),
                row.get("indicator", String.class),
                row.get("provider_org", String.class),
                CorrectionKind.valueOf(row.get("remedy", String.class)),
                amendment,
                row.get("explanation", String.class),
                Boolean.TRUE.equals(row.get("ex_officio", Boolean.class)),
                CorrectionStatus.valueOf(row.get("status", String.class)),
                requestedAt);
        Step requested = new Step(
                row.get("requested_by", String.class),
                row.get("requested_by_org", String.class),
                requestedAt,
                row.get("explanation", String.class));
        OffsetDateTime reviewedAt = row.get("reviewed_at", OffsetDateTime.class);
        Step reviewed = reviewedAt == null
                ? null
                : new Step(
                        row.get("reviewed_by", String.class),
                        row.get("reviewed_by_org", String.class),
                        reviewedAt.toInstant(),
                        row.get("review_comment", String.class));
        return new Stored(state, requested, reviewed);
    }
}
