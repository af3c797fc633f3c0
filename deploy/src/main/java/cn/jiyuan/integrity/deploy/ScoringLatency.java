package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.schemas.avro.UnitScore;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * after it; and, for a fact whose new score changed its unit's grade, to the grade-changes record carrying that score.
 * Percentiles in ms.
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
        /** A record seen on one of the three topics: when it happened (a fact: its recordedAt) and what it says. */
        record Seen(long at, String unit, char kind, BigDecimal score) {}
        List<Seen> seen = new ArrayList<>();
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
            // a rehearsal's services stamp recordedAt on a clock moved on; the records' timestamps are the system's
            long clockOffset = LocalStack.clockOffset().toMillis();
            out.printf("measuring for %d s: start the load now%n", seconds);
            long until = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() instanceof CreditFact f) {
                        seen.add(new Seen(f.getRecordedAt().toEpochMilli() - clockOffset, f.getUnitId(), 'F', null));
                    } else if (r.value() instanceof UnitScore u) {
                        seen.add(new Seen(r.timestamp(), r.key(), 'S', u.getScore()));
                    } else if (r.value() instanceof GradeChange g) {
                        seen.add(new Seen(r.timestamp(), r.key(), 'G', g.getScore()));
                    }
                }
            }
        }
        // In time order (topics are fetched independently, so arrival order says little), per unit: a fact waits for
        // the unit's next unit-scores record; the facts behind a score wait for a grade change carrying that score —
        // those facts caused it. Other grade changes came from other units' facts (the 20% quota).
        seen.sort(Comparator.comparingLong(Seen::at).thenComparing(Seen::kind, Comparator.reverseOrder()));
        Map<String, Deque<Long>> pending = new HashMap<>(); // unit → recordedAt of facts not yet seen scored
        Map<String, Map.Entry<BigDecimal, List<Long>>> scored = new HashMap<>(); // unit → last score and its facts
        List<Long> factLatencies = new ArrayList<>();
        List<Long> gradeLatencies = new ArrayList<>();
        long otherGradeChanges = 0;
        for (Seen e : seen) {
            switch (e.kind()) {
                case 'F' ->
                    pending.computeIfAbsent(e.unit(), k -> new ArrayDeque<>()).add(e.at());
                case 'S' -> {
                    Deque<Long> facts = pending.remove(e.unit());
                    List<Long> behind = facts == null ? List.of() : List.copyOf(facts);
                    behind.forEach(at -> factLatencies.add(e.at() - at));
                    scored.put(e.unit(), Map.entry(e.score(), behind));
                }
                default -> {
                    Map.Entry<BigDecimal, List<Long>> last = scored.remove(e.unit());
                    if (last != null
                            && !last.getValue().isEmpty()
                            && last.getKey().compareTo(e.score()) == 0) {
                        last.getValue().forEach(at -> gradeLatencies.add(e.at() - at));
                    } else {
                        otherGradeChanges++;
                    }
                }
            }
        }
        report(out, "POST → unit-scores", factLatencies);
        report(out, "POST → grade-changes (facts that changed their unit's grade)", gradeLatencies);
        out.printf("grade changes of units whose own fact did not cause them: %,d%n", otherGradeChanges);
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
