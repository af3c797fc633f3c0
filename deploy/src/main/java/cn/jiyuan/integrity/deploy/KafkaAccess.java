package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the topics (API.md §Kafka topics), one principal per service: only ingest writes facts and units
 * (and its imports of history into the audit trail),
 * only the objection service objections, corrections and its reads' audit, only scoring scores and grade changes, only
 * the query service the published official results and the notices;
 * each reads its inputs
 * (in consumer groups named after it) and writes the dead-letter topics of its inputs, nothing else. Topics are
 * created by the operator (the admin principal), not by the services.
 */
final class KafkaAccess {

    /** The principal names of the four services, e.g. {@code User:ingest}. */
    record Principals(String ingest, String scoring, String objection, String query) {}

    private KafkaAccess() {}

    static List<AclBinding> bindings(Principals p) {
        List<AclBinding> acls = new ArrayList<>();
        Topic facts = IntegrityTopics.CREDIT_EVENTS;
        Topic units = IntegrityTopics.UNITS;
        Topic objections = IntegrityTopics.OBJECTIONS;

        Topic registrations = IntegrityTopics.UNIT_REGISTRATIONS; // every registration change (audit D3)
        // ingest's writes: facts, units, registrations; and its imports of history into the audit trail
        write(
                acls,
                p.ingest(),
                facts.name(),
                units.name(),
                registrations.name(),
                units.deadLetterTopic(),
                IntegrityTopics.AUDIT.name());
        read(acls, p.ingest(), units.name());

        read(acls, p.scoring(), facts.name(), units.name(), objections.name(), registrations.name());
        group(acls, p.scoring(), "scoring-");
        write(
                acls,
                p.scoring(),
                IntegrityTopics.UNIT_SCORES.name(),
                IntegrityTopics.GRADE_CHANGES.name(),
                facts.deadLetterTopic(),
                units.deadLetterTopic(),
                objections.deadLetterTopic(),
                registrations.deadLetterTopic());

        read(acls, p.objection(), facts.name(), objections.name());
        group(acls, p.objection(), "objection-");
        Topic audit = IntegrityTopics.AUDIT; // reads of the objection service, kept by the query service (第十三条)
        write(acls, p.objection(), objections.name(), facts.deadLetterTopic(), audit.name());

        read(
                acls,
                p.query(),
                facts.name(),
                units.name(),
                objections.name(),
                IntegrityTopics.GRADE_CHANGES.name(),
                audit.name(),
                registrations.name());
        group(acls, p.query(), "query-");
        write(
                acls,
                p.query(),
                IntegrityTopics.EVALUATIONS.name(), // official results, once published (第七条)
                IntegrityTopics.NOTIFICATIONS.name(), // notices to organisations
                facts.deadLetterTopic(),
                units.deadLetterTopic(),
                objections.deadLetterTopic(),
                audit.deadLetterTopic(),
                registrations.deadLetterTopic(),
                IntegrityTopics.GRADE_CHANGES.deadLetterTopic()); // its feed's refusals
        // The calendar's notices and the catalog's revisions: the query service takes the uploads; every service reads
        // them before it serves, and passes over a refused one to the dead-letter topic.
        Topic reference = IntegrityTopics.REFERENCE_DATA;
        write(acls, p.query(), reference.name());
        for (String service : List.of(p.ingest(), p.scoring(), p.objection(), p.query())) {
            read(acls, service, reference.name());
            write(acls, service, reference.deadLetterTopic());
        }
        return acls.stream().distinct().toList();
    }

    private static void write(List<AclBinding> acls, String principal, String... topics) {
        for (String topic : topics) {
            allow(acls, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
            allow(acls, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE);
        }
    }

    private static void read(List<AclBinding> acls, String principal, String... topics) {
        for (String topic : topics) {
            allow(acls, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
            allow(acls, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE);
        }
    }

    private static void group(List<AclBinding> acls, String principal, String prefix) {
        allow(acls, principal, ResourceType.GROUP, prefix, PatternType.PREFIXED, AclOperation.READ);
    }

    private static void allow(
            List<AclBinding> acls,
            String principal,
            ResourceType type,
            String name,
            PatternType pattern,
            AclOperation operation) {
        acls.add(new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
    }
}
