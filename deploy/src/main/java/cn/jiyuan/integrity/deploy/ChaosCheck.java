package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The chaos run's checker: after the load, whether every acknowledged fact is on the topic and in every projection
 * exactly once, whether the scoring projection's checksum equals a fresh replay's, and whether the subscriber saw
 * every grade change on the topic once.
 */
final class ChaosCheck {

    private static final Pattern CHECKSUM = Pattern.compile("checksum\\s+([0-9a-f]{32})");

    private final LocalCluster cluster;
    private final ChaosClient client;

    ChaosCheck(LocalCluster cluster, ChaosClient client) {
        this.cluster = cluster;
        this.client = client;
    }

    record Report(
            int onTopicMissing,
            Map<String, Integer> missing,
            Map<String, Integer> duplicated,
            String liveChecksum,
            String replayChecksum,
            int changes,
            int changesMissed,
            int changesTwice) {

        boolean clean() {
            return onTopicMissing == 0
                    && missing.values().stream().allMatch(v -> v == 0)
                    && duplicated.values().stream().allMatch(v -> v == 0)
                    && liveChecksum.equals(replayChecksum)
                    && changesMissed == 0
                    && changesTwice == 0;
        }

        String describe(ChaosClient run, List<String> faults, String after) {
            StringBuilder b = new StringBuilder();
            b.append("== chaos run, ").append(after).append(" ==\n");
            b.append("facts acknowledged ").append(run.acknowledged.size()).append('\n');
            b.append("answers ").append(new TreeMap<>(run.answers)).append('\n');
            long unavailable = run.unavailableSeconds();
            b.append("seconds with refusals and nothing served ")
                    .append(unavailable)
                    .append('\n');
            b.append("faults injected ").append(faults.size()).append('\n');
            faults.forEach(f -> b.append("  ").append(f).append('\n'));
            b.append("acknowledged but not on the topic (lost) ")
                    .append(onTopicMissing)
                    .append('\n');
            b.append("acknowledged but missing from a projection ")
                    .append(missing)
                    .append('\n');
            b.append("in a projection more than once ").append(duplicated).append('\n');
            b.append("scoring checksum ")
                    .append(liveChecksum)
                    .append(", replay ")
                    .append(replayChecksum)
                    .append(liveChecksum.equals(replayChecksum) ? " (equal)" : " (DIFFERENT)")
                    .append('\n');
            b.append("grade changes ")
                    .append(changes)
                    .append(", missed by the subscriber ")
                    .append(changesMissed)
                    .append(", seen twice ")
                    .append(changesTwice)
                    .append('\n');
            b.append("findings ").append(run.findings.size()).append('\n');
            run.findings.stream()
                    .limit(20)
                    .forEach(f -> b.append("  ").append(f).append('\n'));
            b.append(clean() && run.findings.isEmpty() ? "CLEAN\n" : "FAILED\n");
            return b.toString();
        }
    }

    Report check(AtomicBoolean subscribing) throws Exception {
        Set<String> onTopic = new HashSet<>();
        read(IntegrityTopics.CREDIT_EVENTS, v -> {
            if (v instanceof CreditFact f) {
                onTopic.add(f.getEventId());
            }
        });
        int lost = (int)
                client.acknowledged.stream().filter(id -> !onTopic.contains(id)).count();

        Map<String, String> projections = Map.of(
                "scoring", "SELECT fact_id, count(*) FROM scoring.unit_facts WHERE kind = 'C' GROUP BY fact_id",
                "query", "SELECT record_id, count(*) FROM query.unit_records WHERE kind = 'C' GROUP BY record_id",
                "objection", "SELECT event_id, count(*) FROM objection.facts GROUP BY event_id");
        Map<String, Integer> missing = new TreeMap<>();
        Map<String, Integer> duplicated = new TreeMap<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "")) {
            for (Map.Entry<String, String> p : projections.entrySet()) {
                Map<String, Integer> counts;
                do {
                    counts = counts(db, p.getValue());
                    Map<String, Integer> seen = counts;
                    if (client.acknowledged.stream().allMatch(seen::containsKey)) {
                        break;
                    }
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                } while (Instant.now().isBefore(deadline));
                Map<String, Integer> seen = counts;
                missing.put(p.getKey(), (int) client.acknowledged.stream()
                        .filter(id -> !seen.containsKey(id))
                        .count());
                duplicated.put(p.getKey(), (int)
                        seen.values().stream().filter(c -> c > 1).count());
            }
        }
        // the projection settles (grading after the last batch), then its checksum against a fresh replay's
        LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());
        String live = scoringTool("checksum");
        String replay = scoringTool("replay", "--no-switch");

        Set<String> changes = new HashSet<>();
        read(IntegrityTopics.GRADE_CHANGES, v -> {
            if (v instanceof GradeChange g && g.getChangeId() != null) {
                changes.add(g.getChangeId());
            }
        });
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(until) && !client.changesSeen.keySet().containsAll(changes)) {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        subscribing.set(false);
        int missed = (int)
                changes.stream().filter(c -> !client.changesSeen.containsKey(c)).count();
        int twice =
                (int) client.changesSeen.values().stream().filter(c -> c > 1).count();
        return new Report(lost, missing, duplicated, live, replay, changes.size(), missed, twice);
    }

    private static Map<String, Integer> counts(Connection db, String sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    private void read(Topic topic, Consumer<Object> each) {
        Map<String, Object> props = new HashMap<>(cluster.login("admin"));
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        each.accept(avro.deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
    }

    /** {@code run.sh checksum} or {@code replay --no-switch} against the cluster, as the scoring principal. */
    private String scoringTool(String... command) throws IOException, InterruptedException {
        List<String> args = ClusterProcesses.javaCommand(LocalStack.class, List.of());
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().putAll(cluster.clientEnvironment("scoring"));
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            client.findings.add(String.join(" ", command) + " failed: " + ChaosClient.cut(output));
            return "none";
        }
        Matcher m = CHECKSUM.matcher(output);
        return m.find() ? m.group(1) : "none";
    }
}
