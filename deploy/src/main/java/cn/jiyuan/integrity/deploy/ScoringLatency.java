package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.schemas.avro.UnitScore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code run.sh bench-scoring latency --seconds=60}: while a load runs (wrk on POST /api/v1/events), reads
 * credit-events, unit-scores and grade-changes from their current end and reports, per fact, the time from its
 * {@code recordedAt} (stamped by ingest when the POST arrived) to the first unit-scores record of its unit written
 * after it; and, per grade change, the time from the newest fact recorded before it. Percentiles in ms.
 */
final class ScoringLatency {

    private ScoringLatency() {}

    static int run(String[] args, PrintStream out) {
        int seconds = 60;
        String bootstrap = "127.0.0.1:9092";
        for (String a : args) {
            if (a.startsWith("--seconds=")) {
                seconds = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--bootstrap=")) {
                bootstrap = a.substring(12);
            }
        }
        Map<String, Deque<Long>> pending = new HashMap<>(); // unit → recordedAt of facts not yet seen scored
        List<Long> factLatencies = new ArrayList<>();
        List<Long> gradeLatencies = new ArrayList<>();
        long newestFact = 0;
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                new StringDeserializer(),
                new AvroSingleObjectDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (var t : List.of(
                    IntegrityTopics.CREDIT_EVENTS, IntegrityTopics.UNIT_SCORES, IntegrityTopics.GRADE_CHANGES)) {
                consumer.partitionsFor(t.name(), Duration.ofSeconds(30))
                        .forEach(p -> all.add(new TopicPartition(t.name(), p.partition())));
            }
            consumer.assign(all);
            consumer.seekToEnd(all);
            all.forEach(consumer::position);
            out.printf("measuring for %d s: start the load now%n", seconds);
            long until = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() instanceof CreditFact f) {
                        long at = f.getRecordedAt().toEpochMilli();
                        pending.computeIfAbsent(f.getUnitId(), k -> new ArrayDeque<>())
                                .add(at);
                        newestFact = Math.max(newestFact, at);
                    } else if (r.value() instanceof UnitScore) {
                        Deque<Long> facts = pending.get(r.key());
                        while (facts != null && !facts.isEmpty() && facts.peek() <= r.timestamp()) {
                            factLatencies.add(r.timestamp() - facts.poll());
                        }
                    } else if (r.value() instanceof GradeChange && newestFact > 0) {
                        gradeLatencies.add(r.timestamp() - newestFact);
                    }
                }
            }
        }
        report(out, "POST → unit-scores", factLatencies);
        report(out, "newest fact → grade-changes", gradeLatencies);
        long unmatched = pending.values().stream().mapToLong(Deque::size).sum();
        out.printf("facts whose score record had not arrived when measuring stopped: %,d%n", unmatched);
        return 0;
    }

    private static void report(PrintStream out, String what, List<Long> latencies) {
        if (latencies.isEmpty()) {
            out.printf("%s: no samples%n", what);
            return;
        }
        long[] s = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        out.printf(
                "%s: %,d samples, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                what, s.length, pct(s, 50), pct(s, 90), pct(s, 99), s[s.length - 1]);
    }

    private static long pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
