package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The Kubernetes resources that must say exactly what the code declares, written from it (deploy/README.md): a
 * Strimzi {@code KafkaTopic} per topic of {@link IntegrityTopics} and its dead-letter topic, and a {@code KafkaUser}
 * per service with the ACLs of {@link KafkaAccess}. {@code ProductionManifestsTest} fails when the committed files
 * differ; run it with {@code -Dintegrity.manifests.write=true} to write them anew.
 */
final class ProductionManifests {

    /** The Strimzi Kafka cluster's name ({@code deploy/k8s/kafka.yaml}). */
    static final String CLUSTER = "integrity";

    /** Production runs three brokers: three replicas, two in sync (Topic.newTopic). */
    static final short REPLICAS = 3;

    static final KafkaAccess.Principals PRINCIPALS =
            new KafkaAccess.Principals("User:ingest", "User:scoring", "User:objection", "User:query");

    private static final String HEADER = "# Written by ProductionManifests from the code (%s); do not edit by hand.\n";

    private ProductionManifests() {}

    static String topics() {
        StringBuilder y = new StringBuilder(HEADER.formatted("IntegrityTopics"));
        for (Topic topic : IntegrityTopics.ALL) {
            topic(y, topic.newTopic(REPLICAS));
            topic(y, topic.deadLetterNewTopic(REPLICAS));
        }
        return y.toString();
    }

    private static void topic(StringBuilder y, NewTopic topic) {
        resource(y, "KafkaTopic", topic.name().toLowerCase(Locale.ROOT))
                .append("  topicName: ")
                .append(topic.name())
                .append('\n')
                .append("  partitions: ")
                .append(topic.numPartitions())
                .append('\n')
                .append("  replicas: ")
                .append(topic.replicationFactor())
                .append('\n')
                .append("  config:\n");
        new TreeMap<>(topic.configs())
                .forEach((k, v) ->
                        y.append("    ").append(k).append(": \"").append(v).append("\"\n"));
    }

    static String users() {
        StringBuilder y = new StringBuilder(HEADER.formatted("KafkaAccess"));
        Map<String, List<AclBinding>> byUser = KafkaAccess.bindings(PRINCIPALS).stream()
                .collect(Collectors.groupingBy(
                        b -> b.entry().principal().substring("User:".length()), TreeMap::new, Collectors.toList()));
        byUser.forEach((user, bindings) -> {
            resource(y, "KafkaUser", user)
                    .append("  authentication:\n")
                    .append("    type: scram-sha-512\n")
                    .append("  authorization:\n")
                    .append("    type: simple\n")
                    .append("    acls:\n");
            // one entry per resource, its operations together, in a stable order
            Map<String, List<AclBinding>> byResource = bindings.stream()
                    .collect(Collectors.groupingBy(
                            b -> b.pattern().resourceType() + " " + b.pattern().patternType() + " "
                                    + b.pattern().name(),
                            TreeMap::new,
                            Collectors.toList()));
            byResource.values().forEach(same -> {
                AclBinding first = same.get(0);
                List<String> operations = new ArrayList<>(same.stream()
                        .map(b -> strimzi(b.entry().operation().name()))
                        .distinct()
                        .sorted()
                        .toList());
                y.append("      - resource:\n")
                        .append("          type: ")
                        .append(first.pattern().resourceType().name().toLowerCase(Locale.ROOT))
                        .append('\n')
                        .append("          name: ")
                        .append(first.pattern().name())
                        .append('\n')
                        .append("          patternType: ")
                        .append(first.pattern().patternType().name().toLowerCase(Locale.ROOT))
                        .append('\n')
                        .append("        operations: [")
                        .append(String.join(", ", operations))
                        .append("]\n")
                        .append("        host: \"*\"\n");
            });
        });
        return y.toString();
    }

    /** A Strimzi resource of the cluster, up to its {@code spec:} line. */
    private static StringBuilder resource(StringBuilder y, String kind, String name) {
        return y.append("---\n")
                .append("apiVersion: kafka.strimzi.io/v1beta2\n")
                .append("kind: ")
                .append(kind)
                .append('\n')
                .append("metadata:\n")
                .append("  name: ")
                .append(name)
                .append('\n')
                .append("  labels:\n")
                .append("    strimzi.io/cluster: ")
                .append(CLUSTER)
                .append('\n')
                .append("spec:\n");
    }

    /** {@code WRITE} → {@code Write}, as Strimzi spells operations. */
    static String strimzi(String operation) {
        return operation.charAt(0) + operation.substring(1).toLowerCase(Locale.ROOT);
    }

    /** Writes both files into {@code k8s}. */
    static void write(Path k8s) throws IOException {
        Files.writeString(k8s.resolve("kafka-topics.yaml"), topics(), StandardCharsets.UTF_8);
        Files.writeString(k8s.resolve("kafka-users.yaml"), users(), StandardCharsets.UTF_8);
    }
}
