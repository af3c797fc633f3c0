package cn.jiyuan.integrity.query.notices;

import cn.jiyuan.integrity.query.reporting.ReportingReports;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.notices.NoticeKind;
import cn.jiyuan.integrity.rules.notices.Reminders;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.CorrectionStep;
import cn.jiyuan.integrity.schemas.avro.CorrectionStepKind;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionFinding;
import cn.jiyuan.integrity.schemas.avro.ObjectionOverdue;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.ReviewOutcome;
import cn.jiyuan.integrity.support.work.Signal;
import cn.jiyuan.integrity.support.work.Threads;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes the notices (the rules' {@link NoticeKind}) from what the read model stores and from the calendar: a new fact
 * to its unit; a new or returned objection to its provider, two working days before its deadline (the rules'
 * {@link Reminders}) and when overdue, to the credit office too; a remedy or a correction request to the credit
 * office's review queue, a returned request to its provider; a closed period's missing assessments to their providers
 * (第十二条). Grade changes come from their topic ({@link GradeChangeNotices}).
 *
 * <p>One instance at a time reads {@code unit_records} onwards from its stored position (a transaction-scoped advisory
 * lock), and every notice is made by key, so restarts and instances never make one twice; the daily check of missing
 * assessments, which folds every unit, is made once a day by whichever instance comes first. A record older than
 * {@code newWithin} when read (a history import, a rebuilt store) tells nobody anything new and makes no notice.
 */
public class Notifier {

    private static final int CHUNK = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final NoticeStore store;
    private final ReportingReports reports;
    private final Catalogs catalogs;
    private final WorkdayCalendar calendar;
    private final Clock clock;
    private final Duration newWithin;
    private final Signal added;
    private final BooleanSupplier evaluatedToday;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private volatile LocalDate periodsCheckedOn;

    public Notifier(
            DatabaseClient db,
            TransactionalOperator tx,
            NoticeStore store,
            ReportingReports reports,
            Catalogs catalogs,
            WorkdayCalendar calendar,
            Clock clock,
            Duration newWithin,
            Signal added,
            BooleanSupplier evaluatedToday) {
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.reports = reports;
        this.catalogs = catalogs;
        this.calendar = calendar;
        this.clock = clock;
        this.newWithin = newWithin;
        this.added = added;
        this.evaluatedToday = evaluatedToday;
    }

    private record Row(long seq, String kind, byte[] payload) {}

    /** Reads what was stored since the last step, then today's deadlines; raises {@code added} when it made any. */
    public synchronized void step() {
        long made = 0;
        while (true) {
            long[] result = tx.transactional(readOnwards()).block(WAIT);
            made += result[1];
            if (result[0] < CHUNK) {
                break;
            }
        }
        made += deadlines();
        if (made > 0) {
            added.raise();
        }
    }

    /** [rows read, notices made]; nothing when another instance holds the lock. */
    private Mono<long[]> readOnwards() {
        return db.sql("SELECT pg_try_advisory_xact_lock(hashtext('notifier')) AS mine")
                .map((row, meta) -> row.get("mine", Boolean.class))
                .one()
                .flatMap(mine -> !mine
                        ? Mono.just(new long[] {0, 0})
                        : db.sql("SELECT seq FROM notifier_position WHERE name = 'unit_records'")
                                .map((row, meta) -> row.get("seq", Long.class))
                                .one()
                                .flatMap(position -> db.sql("""
                                                SELECT seq, kind, payload FROM unit_records
                                                 WHERE seq > $1 AND kind IN ('C', 'O') ORDER BY seq LIMIT $2""")
                                        .bind(0, position)
                                        .bind(1, CHUNK)
                                        .map((row, meta) -> new Row(
                                                row.get("seq", Long.class),
                                                row.get("kind", String.class),
                                                Threads.bytes(row.get("payload", ByteBuffer.class))))
                                        .all()
                                        .collectList()
                                        .flatMap(rows -> apply(rows, position))));
    }

    private Mono<long[]> apply(List<Row> rows, long position) {
        if (rows.isEmpty()) {
            return Mono.just(new long[] {0, 0});
        }
        Instant now = clock.instant();
        NoticeText words = new NoticeText(catalogs.inForce(ChinaTime.dateOf(now)));
        String office = catalogs.inForce(ChinaTime.dateOf(now)).creditOffice();
        List<Mono<List<Notice>>> steps = new ArrayList<>();
        for (Row row : rows) {
            SpecificRecord value;
            try {
                value = avro.deserialize(null, row.payload());
            } catch (RuntimeException e) {
                continue; // the read model skips it too, and says so
            }
            Instant at = instantOf(value);
            boolean isNew = at != null && at.isAfter(now.minus(newWithin));
            // in the order stored: an objection's state before the notices of its later steps
            steps.add(state(value).then(isNew ? notices(value, words, office, now) : Mono.just(List.of())));
        }
        long last = rows.get(rows.size() - 1).seq();
        return Flux.concat(steps)
                .flatMapIterable(list -> list)
                .collectList()
                .flatMap(store::add)
                .flatMap(made -> db.sql("UPDATE notifier_position SET seq = $1 WHERE name = 'unit_records'")
                        .bind(0, last)
                        .then()
                        .thenReturn(new long[] {rows.size(), made}));
    }

    /** The objection's state for its reminders: who owes a decision by when. */
    private Mono<Void> state(SpecificRecord value) {
        if (value instanceof ObjectionFiled f) {
            return db.sql("""
                            INSERT INTO notifier_objections VALUES ($1, $2, $3, $4, $5, 'AWAITING_PROVIDER')
                            ON CONFLICT (objection_id) DO NOTHING""")
                    .bind(0, f.getObjectionId())
                    .bind(1, f.getUnitId())
                    .bind(2, f.getEventId())
                    .bind(3, f.getProviderOrg())
                    .bind(4, f.getDueOn())
                    .then();
        }
        if (value instanceof ObjectionDecided d) {
            return setState(
                    d.getObjectionId(), d.getFinding() == ObjectionFinding.TRUE ? "AWAITING_REVIEW" : "CLOSED", null);
        }
        if (value instanceof ObjectionReviewed r) {
            return r.getDecision() == ReviewOutcome.RETURN
                    ? setState(r.getObjectionId(), "AWAITING_PROVIDER", r.getDueOn())
                    : setState(r.getObjectionId(), "CLOSED", null);
        }
        return Mono.empty();
    }

    private Mono<Void> setState(String objectionId, String state, LocalDate dueOn) {
        var spec = db.sql(
                        "UPDATE notifier_objections SET state = $2, due_on = coalesce($3, due_on) WHERE objection_id = $1")
                .bind(0, objectionId)
                .bind(1, state);
        return (dueOn == null ? spec.bindNull(2, LocalDate.class) : spec.bind(2, dueOn)).then();
    }

    private Mono<List<Notice>> notices(SpecificRecord value, NoticeText words, String office, Instant now) {
        if (value instanceof ObjectionReviewed r && r.getDecision() == ReviewOutcome.RETURN) {
            return db.sql("SELECT provider_org FROM notifier_objections WHERE objection_id = $1")
                    .bind(0, r.getObjectionId())
                    .map((row, meta) -> row.get("provider_org", String.class))
                    .one()
                    .map(provider -> List.of(Notice.of(
                            "objection-returned|" + r.getObjectionId() + "|"
                                    + r.getAt().toEpochMilli(),
                            provider,
                            NoticeKind.OBJECTION_RETURNED,
                            "更正被退回：单位 " + r.getUnitId() + "，请于" + NoticeText.date(r.getDueOn()) + "前重新处理",
                            "信用办退回了对信息 " + r.getEventId() + " 的更正"
                                    + (r.getComment() == null ? "" : "，意见：" + r.getComment()) + "。请于"
                                    + NoticeText.date(r.getDueOn()) + "前重新处理。",
                            "/provider/pending",
                            r.getUnitId(),
                            r.getObjectionId(),
                            r.getEventId(),
                            now)))
                    .defaultIfEmpty(List.of());
        }
        return Mono.just(made(value, words, office, now));
    }

    private List<Notice> made(SpecificRecord value, NoticeText words, String office, Instant now) {
        if (value instanceof CreditFact f) {
            return List.of(Notice.of(
                    "fact|" + f.getEventId(),
                    f.getUnitId(),
                    NoticeKind.NEW_FACT,
                    "新增信用信息：" + words.indicator(f.getIndicator()),
                    words.org(f.getProviderOrg()) + "于" + NoticeText.date(ChinaTime.dateOf(f.getRecordedAt()))
                            + "报送了一条关于本单位的信息：" + words.indicator(f.getIndicator()) + "，"
                            + words.outcome(f.getIndicator(), f.getOutcome()) + "，发生于"
                            + NoticeText.date(f.getOccurredOn()) + "。如认为信息有误，可在工作台“本单位”页面提出异议（第十四条）。",
                    "/unit",
                    f.getUnitId(),
                    null,
                    f.getEventId(),
                    now));
        }
        if (value instanceof ObjectionFiled o) {
            return List.of(Notice.of(
                    "objection-filed|" + o.getObjectionId(),
                    o.getProviderOrg(),
                    NoticeKind.OBJECTION_FILED,
                    "收到异议：单位 " + o.getUnitId() + "，请于" + NoticeText.date(o.getDueOn()) + "前核查",
                    "单位 " + o.getUnitId() + " 对贵单位报送的信息 " + o.getEventId() + "（指标 " + words.indicator(o.getIndicator())
                            + "）提出异议。请于" + NoticeText.date(o.getDueOn()) + "前核查并作出处理（第十四条，五个工作日）。",
                    "/provider/pending",
                    o.getUnitId(),
                    o.getObjectionId(),
                    o.getEventId(),
                    now));
        }
        if (value instanceof ObjectionDecided d && d.getFinding() == ObjectionFinding.TRUE) {
            return List.of(Notice.of(
                    "review|" + d.getObjectionId() + "|" + d.getAt().toEpochMilli(),
                    office,
                    NoticeKind.REVIEW_QUEUED,
                    "待复核：异议属实，" + words.org(d.getByOrg()) + "提出更正",
                    words.org(d.getByOrg()) + "认定单位 " + d.getUnitId() + " 对信息 " + d.getEventId()
                            + " 的异议属实，提出更正，等待信用办复核。",
                    "/office/reviews",
                    d.getUnitId(),
                    d.getObjectionId(),
                    d.getEventId(),
                    now));
        }
        if (value instanceof ObjectionOverdue v) {
            String key = "overdue|" + v.getObjectionId() + "|" + v.getDueOn();
            return List.of(
                    Notice.of(
                            key,
                            v.getProviderOrg(),
                            NoticeKind.OBJECTION_OVERDUE,
                            "异议逾期未处理：单位 " + v.getUnitId(),
                            "单位 " + v.getUnitId() + " 对信息 " + v.getEventId() + " 的异议已超过处理期限（"
                                    + NoticeText.date(v.getDueOn()) + "），请尽快处理；信用办已同时收到通知。",
                            "/provider/pending",
                            v.getUnitId(),
                            v.getObjectionId(),
                            v.getEventId(),
                            now),
                    Notice.of(
                            key + "|office",
                            office,
                            NoticeKind.OBJECTION_OVERDUE_OFFICE,
                            "异议逾期：" + words.org(v.getProviderOrg()) + "未在期限内处理",
                            words.org(v.getProviderOrg()) + "未在" + NoticeText.date(v.getDueOn()) + "前处理单位 "
                                    + v.getUnitId() + " 对信息 " + v.getEventId() + " 的异议。",
                            "/office/reviews",
                            v.getUnitId(),
                            v.getObjectionId(),
                            v.getEventId(),
                            now));
        }
        if (value instanceof CorrectionStep c && c.getStep() == CorrectionStepKind.REQUESTED) {
            return List.of(Notice.of(
                    "review|" + c.getCorrectionId() + "|" + c.getAt().toEpochMilli(),
                    office,
                    NoticeKind.REVIEW_QUEUED,
                    "待复核：" + words.org(c.getProviderOrg()) + "申请更正",
                    words.org(c.getProviderOrg()) + "申请" + (c.getRemedy().name().equals("DELETE") ? "删除" : "修改")
                            + "关于单位 " + c.getUnitId() + " 的信息 " + c.getEventId() + "，等待信用办复核（第十四条）。",
                    "/office/reviews",
                    c.getUnitId(),
                    null,
                    c.getEventId(),
                    now));
        }
        if (value instanceof CorrectionStep c && c.getStep() == CorrectionStepKind.RETURNED) {
            return List.of(Notice.of(
                    "correction-returned|" + c.getCorrectionId() + "|"
                            + c.getAt().toEpochMilli(),
                    c.getProviderOrg(),
                    NoticeKind.CORRECTION_RETURNED,
                    "更正申请被退回：信息 " + c.getEventId(),
                    "信用办退回了贵单位对信息 " + c.getEventId() + " 的更正申请" + (c.getText() == null ? "" : "，意见：" + c.getText())
                            + "。",
                    "/provider/facts",
                    c.getUnitId(),
                    null,
                    c.getEventId(),
                    now));
        }
        return List.of();
    }

    /** Reminders of objections due in two working days, and (once a day) closed periods' missing assessments. */
    private long deadlines() {
        Instant now = clock.instant();
        LocalDate today = ChinaTime.dateOf(now);
        NoticeText words = new NoticeText(catalogs.inForce(today));
        List<Notice> notices = new ArrayList<>();
        record Awaiting(String objectionId, String unitId, String eventId, String providerOrg, LocalDate dueOn) {}
        List<Awaiting> awaiting = db.sql("""
                        SELECT * FROM notifier_objections WHERE state = 'AWAITING_PROVIDER' AND due_on >= $1""")
                .bind(0, today)
                .map((row, meta) -> new Awaiting(
                        row.get("objection_id", String.class),
                        row.get("unit_id", String.class),
                        row.get("event_id", String.class),
                        row.get("provider_org", String.class),
                        row.get("due_on", LocalDate.class)))
                .all()
                .collectList()
                .block(WAIT);
        for (Awaiting a : awaiting) {
            if (!today.isBefore(Reminders.remindOn(a.dueOn(), calendar))) {
                notices.add(Notice.of(
                        "due-soon|" + a.objectionId() + "|" + a.dueOn(),
                        a.providerOrg(),
                        NoticeKind.OBJECTION_DUE_SOON,
                        "异议处理期限将至：" + NoticeText.date(a.dueOn()),
                        "单位 " + a.unitId() + " 对信息 " + a.eventId() + " 的异议须于" + NoticeText.date(a.dueOn())
                                + "前处理，尚未处理。",
                        "/provider/pending",
                        a.unitId(),
                        a.objectionId(),
                        a.eventId(),
                        now));
            }
        }
        // folds every unit: after a start, not before the read model has evaluated today and so holds the facts
        // (otherwise it reads them all back a second time, beside that evaluation, and delays readiness); once a day
        // by whichever instance comes first
        boolean checkPeriods = !today.equals(periodsCheckedOn) && evaluatedToday.getAsBoolean();
        if (checkPeriods && periodsChecked(today)) {
            periodsCheckedOn = today;
            checkPeriods = false;
        }
        if (checkPeriods) {
            notices.addAll(missingPeriods(today, words, now));
        }
        Long made = store.add(notices).block(WAIT);
        if (checkPeriods) {
            db.sql("""
                            WITH old AS (DELETE FROM notifier_periods_checked WHERE on_date < $1::date - 400)
                            INSERT INTO notifier_periods_checked VALUES ($1) ON CONFLICT DO NOTHING""").bind(0, today).then().block(WAIT);
            periodsCheckedOn = today;
        }
        return made == null ? 0 : made;
    }

    /** Whether an instance has checked the closed periods' missing assessments on {@code today}. */
    private boolean periodsChecked(LocalDate today) {
        return Boolean.TRUE.equals(db.sql("SELECT true AS checked FROM notifier_periods_checked WHERE on_date = $1")
                .bind(0, today)
                .map((row, meta) -> row.get("checked", Boolean.class))
                .one()
                .block(WAIT));
    }

    /** 第十二条: per provider, indicator and closed period, one notice naming how many units it did not assess. */
    private List<Notice> missingPeriods(LocalDate today, NoticeText words, Instant now) {
        List<Notice> notices = new ArrayList<>();
        for (var provider : reports.missing(today.getYear(), today, null)) {
            for (var period : provider.periods()) {
                notices.add(Notice.of(
                        "missing|" + provider.providerOrg() + "|" + period.indicator() + "|" + period.period(),
                        provider.providerOrg(),
                        NoticeKind.PERIODIC_MISSING,
                        "逾期未报送：" + words.indicator(period.indicator()) + " " + period.period(),
                        "指标 " + words.indicator(period.indicator()) + " " + period.period() + " 的评价结果应于"
                                + NoticeText.date(period.deadline()) + "前报送，尚有 "
                                + period.unitIds().size()
                                + " 个参评单位未报送（第十一条、第十二条）。未报送时按满分计。",
                        "/reporting",
                        null,
                        null,
                        null,
                        now));
            }
        }
        return notices;
    }

    private static Instant instantOf(SpecificRecord value) {
        if (value instanceof CreditFact f) {
            return f.getRecordedAt();
        }
        if (value instanceof ObjectionFiled o) {
            return o.getAt();
        }
        if (value instanceof ObjectionDecided o) {
            return o.getAt();
        }
        if (value instanceof ObjectionReviewed o) {
            return o.getAt();
        }
        if (value instanceof ObjectionOverdue o) {
            return o.getAt();
        }
        if (value instanceof CorrectionStep c) {
            return c.getAt();
        }
        return null;
    }
}
