package cn.jiyuan.integrity.objection.workflow;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.DisputedFact;
import cn.jiyuan.integrity.rules.objections.Objection;
import cn.jiyuan.integrity.rules.objections.ObjectionStatus;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The objection tables: state, history, the facts read model and the outbox. Callers hold the transaction. */
public class ObjectionStore {

    private static final String COLUMNS = "objection_id, event_id, unit_id, indicator, provider_org, status, reason,"
            + " filed_at, due_on, overdue, proposed_remedy, amended_outcome, amended_points, amended_occurred_on,"
            + " amended_period";

    /** One step of an objection's history, as stored. */
    public record Step(
            int seq, String step, String by, String byOrg, Instant at, String text, Map<String, Object> details) {}

    /** An objection as stored, with the unit's reason (the rules' state does not carry texts). */
    public record Stored(Objection state, String reason) {}

    /** List filters; null means any. {@code scopeOrg} non-null limits to objections by or addressed to that org. */
    public record Filter(
            ObjectionStatus status,
            String unitId,
            String providerOrg,
            Boolean overdue,
            String eventId,
            String scopeOrg,
            int limit) {}

    private final DatabaseClient db;
    private final JsonMapper json;

    public ObjectionStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<DisputedFact> fact(String eventId) {
        return fact(eventId, "");
    }

    /**
     * The fact, its row locked until the transaction ends: the commands that open a remedy on a fact (an objection, a
     * correction request) take it first, so two of them on one fact run one after the other and the second sees the
     * first (SCORING.md §7.5: one remedy at a time).
     */
    public Mono<DisputedFact> lockFact(String eventId) {
        return fact(eventId, " FOR UPDATE");
    }

    private Mono<DisputedFact> fact(String eventId, String lock) {
        return db.sql("SELECT event_id, unit_id, indicator, provider_org, retracted FROM facts WHERE event_id = $1"
                        + lock)
                .bind(0, eventId)
                .map((row, meta) -> new DisputedFact(
                        row.get("event_id", String.class),
                        row.get("unit_id", String.class),
                        row.get("indicator", String.class),
                        row.get("provider_org", String.class),
                        Boolean.TRUE.equals(row.get("retracted", Boolean.class))))
                .one();
    }

    /**
     * The open objection on a fact, or its open correction request (SCORING.md §7.5): one remedy at a time per fact.
     */
    public Mono<String> openObjectionOn(String eventId) {
        return db.sql("SELECT objection_id FROM objections WHERE event_id = $1"
                        + " AND status IN ('AWAITING_PROVIDER', 'AWAITING_REVIEW')"
                        + " UNION ALL SELECT correction_id FROM corrections WHERE event_id = $1"
                        + " AND status = 'AWAITING_REVIEW' LIMIT 1")
                .bind(0, eventId)
                .map((row, meta) -> row.get("objection_id", String.class))
                .one();
    }

    /** Reads and row-locks an objection for a command: commands on one objection run one after another. */
    public Mono<Stored> lock(String objectionId) {
        return db.sql("SELECT " + COLUMNS + " FROM objections WHERE objection_id = $1 FOR UPDATE")
                .bind(0, objectionId)
                .map((row, meta) -> stored(row))
                .one();
    }

    public Mono<Stored> find(String objectionId) {
        return db.sql("SELECT " + COLUMNS + " FROM objections WHERE objection_id = $1")
                .bind(0, objectionId)
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
        if (f.overdue() != null) {
            args.add(f.overdue());
            where.add("overdue = $" + args.size());
        }
        if (f.eventId() != null) {
            args.add(f.eventId());
            where.add("event_id = $" + args.size());
        }
        if (f.scopeOrg() != null) {
            args.add(f.scopeOrg());
            where.add("(unit_id = $" + args.size() + " OR provider_org = $" + args.size() + ")");
        }
        String sql = "SELECT " + COLUMNS + " FROM objections"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY filed_at DESC, objection_id LIMIT " + f.limit();
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (int i = 0; i < args.size(); i++) {
            spec = spec.bind(i, args.get(i));
        }
        return spec.map((row, meta) -> stored(row)).all();
    }

    public Mono<Void> insert(Objection o, String reason) {
        return db.sql("INSERT INTO objections (" + COLUMNS + ", updated_at) VALUES"
                        + " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, NULL, NULL, NULL, $8)")
                .bind(0, o.objectionId())
                .bind(1, o.eventId())
                .bind(2, o.unitId())
                .bind(3, o.indicator())
                .bind(4, o.providerOrg())
                .bind(5, o.status().name())
                .bind(6, reason)
                .bind(7, utc(o.filedAt()))
                .bind(8, o.dueOn())
                .bind(9, o.overdue())
                .then();
    }

    public Mono<Void> update(Objection o, Instant at) {
        Amendment a = o.proposedAmendment();
        DatabaseClient.GenericExecuteSpec spec = db.sql("UPDATE objections SET status = $2, due_on = $3, overdue = $4,"
                        + " proposed_remedy = $5, amended_outcome = $6, amended_points = $7, amended_occurred_on = $8,"
                        + " updated_at = $9, amended_period = $10 WHERE objection_id = $1")
                .bind(0, o.objectionId())
                .bind(1, o.status().name())
                .bind(2, o.dueOn())
                .bind(3, o.overdue());
        spec = bindOrNull(
                spec, 4, o.proposedRemedy() == null ? null : o.proposedRemedy().name(), String.class);
        spec = bindOrNull(spec, 5, a == null ? null : a.outcome(), String.class);
        spec = bindOrNull(spec, 6, a == null ? null : a.points(), BigDecimal.class);
        spec = bindOrNull(spec, 7, a == null ? null : a.occurredOn(), LocalDate.class);
        spec = bindOrNull(spec, 9, a == null ? null : a.period(), String.class);
        return spec.bind(8, utc(at)).then();
    }

    private static <T> DatabaseClient.GenericExecuteSpec bindOrNull(
            DatabaseClient.GenericExecuteSpec spec, int index, T value, Class<T> type) {
        return value == null ? spec.bindNull(index, type) : spec.bind(index, value);
    }

    public Mono<Void> retract(String eventId) {
        return db.sql("UPDATE facts SET retracted = true WHERE event_id = $1")
                .bind(0, eventId)
                .then();
    }

    /** Appends a step; the objection's row lock (or its insertion) orders the steps of one objection. */
    public Mono<Void> appendStep(
            String objectionId,
            String step,
            String by,
            String byOrg,
            Instant at,
            String text,
            Map<String, Object> details) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO objection_history"
                        + " (objection_id, seq, step, by_subject, by_org, at, text, details)"
                        + " SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7::jsonb"
                        + " FROM objection_history WHERE objection_id = $1")
                .bind(0, objectionId)
                .bind(1, step)
                .bind(2, by)
                .bind(3, byOrg)
                .bind(4, utc(at));
        return bindOrNull(spec, 5, text, String.class)
                .bind(6, json.writeValueAsString(details))
                .then();
    }

    public Flux<Step> history(String objectionId) {
        return db.sql("SELECT seq, step, by_subject, by_org, at, text, details::text AS details"
                        + " FROM objection_history WHERE objection_id = $1 ORDER BY seq")
                .bind(0, objectionId)
                .map((row, meta) -> new Step(
                        row.get("seq", Integer.class),
                        row.get("step", String.class),
                        row.get("by_subject", String.class),
                        row.get("by_org", String.class),
                        row.get("at", OffsetDateTime.class).toInstant(),
                        row.get("text", String.class),
                        json.readValue(row.get("details", String.class), new TypeReference<Map<String, Object>>() {})))
                .all();
    }

    public Mono<Void> enqueue(String topic, String key, byte[] payload) {
        return db.sql("INSERT INTO outbox (topic, record_key, payload) VALUES ($1, $2, $3)")
                .bind(0, topic)
                .bind(1, key)
                .bind(2, ByteBuffer.wrap(payload))
                .then();
    }

    /** Ids of objections whose provider deadline passed before {@code today} and that are not flagged yet. */
    public Flux<String> pastDue(LocalDate today, int limit) {
        return db.sql("SELECT objection_id FROM objections WHERE status = 'AWAITING_PROVIDER' AND NOT overdue"
                        + " AND due_on < $1 ORDER BY due_on, objection_id LIMIT " + limit)
                .bind(0, today)
                .map((row, meta) -> row.get("objection_id", String.class))
                .all();
    }

    private static Stored stored(Readable row) {
        String remedy = row.get("proposed_remedy", String.class);
        String amendedOutcome = row.get("amended_outcome", String.class);
        Amendment amendment = amendedOutcome == null
                ? null
                : new Amendment(
                        amendedOutcome,
                        row.get("amended_points", BigDecimal.class),
                        row.get("amended_occurred_on", LocalDate.class),
                        row.get("amended_period", String.class));
        Objection o = new Objection(
                row.get("objection_id", String.class),
                row.get("event_id", String.class),
                row.get("unit_id", String.class),
                row.get("indicator", String.class),
                row.get("provider_org", String.class),
                ObjectionStatus.valueOf(row.get("status", String.class)),
                row.get("filed_at", OffsetDateTime.class).toInstant(),
                row.get("due_on", LocalDate.class),
                Boolean.TRUE.equals(row.get("overdue", Boolean.class)),
                remedy == null ? null : CorrectionKind.valueOf(remedy),
                amendment);
        return new Stored(o, row.get("reason", String.class));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
