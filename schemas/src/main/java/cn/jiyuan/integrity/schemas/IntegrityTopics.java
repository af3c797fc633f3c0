package cn.jiyuan.integrity.schemas;

import cn.jiyuan.integrity.schemas.avro.AuditedRead;
import cn.jiyuan.integrity.schemas.avro.CorrectionStep;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.schemas.avro.Notice;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionOverdue;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.OfficialEvaluation;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.schemas.avro.UnitScore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/** The topics of API.md, declared once. Services create them at start from here. */
public final class IntegrityTopics {

    /**
     * 第八条: information is kept five years. Kafka's retention runs from the record timestamp (recordedAt ≥
     * occurredOn), so five years of 366 days reach every fact's retention date; segments are dropped a little later.
     */
    public static final Duration FIVE_YEARS = Duration.ofDays(5 * 366);

    /** Keyed topics are co-partitioned by unit id: same partition count everywhere. */
    public static final int PARTITIONS = 6;

    public static final Topic CREDIT_EVENTS = new Topic(
            "integrity.credit-events.v1",
            PARTITIONS,
            TopicConfig.CLEANUP_POLICY_DELETE,
            FIVE_YEARS,
            List.of(CreditFact.class, DebtorListing.class));

    public static final Topic UNITS = new Topic(
            "integrity.units.v1",
            PARTITIONS,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            null,
            List.of(UnitRegistration.class));

    /**
     * Every registration change, never compacted and kept for good (names and states of units, no personal data):
     * the units and the quota of any past date can be rebuilt after the directory above has compacted (audit D3).
     * Written by ingest before the directory; read by the replay and the query service beside it.
     */
    public static final Topic UNIT_REGISTRATIONS = new Topic(
            "integrity.unit-registrations.v1",
            PARTITIONS,
            TopicConfig.CLEANUP_POLICY_DELETE,
            null,
            List.of(UnitRegistration.class));

    public static final Topic OBJECTIONS = new Topic(
            "integrity.objections.v1",
            PARTITIONS,
            TopicConfig.CLEANUP_POLICY_DELETE,
            FIVE_YEARS,
            List.of(
                    ObjectionFiled.class,
                    ObjectionDecided.class,
                    ObjectionReviewed.class,
                    ObjectionOverdue.class,
                    FactCorrected.class,
                    CorrectionStep.class));

    public static final Topic UNIT_SCORES = new Topic(
            "integrity.unit-scores.v1", PARTITIONS, TopicConfig.CLEANUP_POLICY_COMPACT, null, List.of(UnitScore.class));

    /** Grade changes are a history that downstream systems replay: kept as long as the facts behind them. */
    public static final Topic GRADE_CHANGES = new Topic(
            "integrity.grade-changes.v1",
            PARTITIONS,
            TopicConfig.CLEANUP_POLICY_DELETE,
            FIVE_YEARS,
            List.of(GradeChange.class));

    /**
     * Reads of the services other than the query service (第十三条), which keeps them in its audit log beside its own:
     * one trail for the credit office. Kept as long as the facts (the audit log's own period is the query service's).
     */
    public static final Topic AUDIT = new Topic(
            "integrity.audit.v1",
            PARTITIONS,
            TopicConfig.CLEANUP_POLICY_DELETE,
            FIVE_YEARS,
            List.of(AuditedRead.class));

    /**
     * Published official annual results (第七条, 公示), keyed by year, kept for good (scores and grades, no personal data:
     * SCORING.md §2 keeps frozen results). One partition: every year's versions in the order they were published.
     * Written by the query service, which freezes and publishes them.
     */
    public static final Topic EVALUATIONS = new Topic(
            "integrity.evaluations.v1", 1, TopicConfig.CLEANUP_POLICY_DELETE, null, List.of(OfficialEvaluation.class));

    /**
     * Notices to organisations (reminders of deadlines, new objections, review queues, grade changes), keyed by the
     * recipient's org, kept a year: an outbox other systems (mail, SMS, OA) can follow. Written by the query service.
     */
    public static final Topic NOTIFICATIONS = new Topic(
            "integrity.notifications.v1",
            PARTITIONS,
            TopicConfig.CLEANUP_POLICY_DELETE,
            Duration.ofDays(366),
            List.of(Notice.class));

    /**
     * The working-day calendar's yearly notices and the catalog's revisions, as the credit office uploads them
     * (SCORING.md §2), kept for good: every service lays them, in this order, over the data shipped with the rules
     * library, so a replay years later uses the calendar and the catalogs the live services used. One partition: one
     * order. Written by the query service, which takes the uploads.
     */
    public static final Topic REFERENCE_DATA = new Topic(
            "integrity.reference-data.v1",
            1,
            TopicConfig.CLEANUP_POLICY_DELETE,
            null,
            List.of(ReferenceDocument.class));

    public static final List<Topic> ALL = List.of(
            CREDIT_EVENTS,
            UNITS,
            OBJECTIONS,
            UNIT_SCORES,
            GRADE_CHANGES,
            AUDIT,
            UNIT_REGISTRATIONS,
            EVALUATIONS,
            NOTIFICATIONS,
            REFERENCE_DATA);

    /**
     * Every topic by its name and by its dead-letter topic's: looked up for each record a service reads or writes
     * (before 2026-11-30 a search that built each dead-letter name again, 7 s of CPU when a query instance read back
     * 25 million facts at its start).
     */
    private static final Map<String, Topic> BY_NAME = byNameAndDeadLetterName();

    private IntegrityTopics() {}

    /** The declared topic of that name, or of the topic whose dead-letter topic has that name. */
    public static Optional<Topic> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }

    private static Map<String, Topic> byNameAndDeadLetterName() {
        Map<String, Topic> byName = new HashMap<>();
        for (Topic t : ALL) {
            byName.put(t.name(), t);
            byName.put(t.deadLetterTopic(), t);
        }
        return Map.copyOf(byName);
    }
}
