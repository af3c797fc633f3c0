package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.consumer.Decoder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Reads the replay's input topics one partition set at a time — partition number p of every topic together, which holds
 * every record of the units hashed to p — up to the ends they had when the replay started, decoding as the live
 * consumer does and adding what each record says to the {@link ReplayedUnits}. Records it cannot decode were
 * dead-lettered by the live service and are counted and skipped. After the last set it reads on, for the switch-over,
 * to the offsets the live consumers have committed since.
 */
final class PartitionSetReader implements AutoCloseable {

    /** The live consumer's inputs, and every registration change beside the compacted directory (audit D3). */
    private static final List<String> TOPICS = List.of(
            IntegrityTopics.CREDIT_EVENTS.name(),
            IntegrityTopics.UNITS.name(),
            IntegrityTopics.OBJECTIONS.name(),
            IntegrityTopics.UNIT_REGISTRATIONS.name());

    /** One record as decoded: what it says, or why it could not be decoded. */
    private sealed interface Decoded {

        record Read(Decoder.Input input) implements Decoded {}

        record Undecodable(RuntimeException reason) implements Decoded {}

        static Decoded of(Decoder decoder, ConsumerRecord<String, byte[]> record) {
            try {
                return new Read(decoder.decode(record));
            } catch (RuntimeException e) {
                return new Undecodable(e);
            }
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Decoder decoder;
    private final ReplayedUnits replayed;
    private final PrintStream out;
    private final long started;

    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> end;
    private final long total;

    /** Which partition set each unit was read in: a unit met in two would break the pipeline's premise. */
    private final Map<String, Integer> unitSet = new HashMap<>();

    private int setNumber;
    private long records;
    private long undecodable;
    private long lastReport = System.nanoTime();

    /** Where the reading's time went: finding the ends, waiting for records, decoding them, applying them. */
    private final long setupNanos;

    private long pollNanos;
    private long decodeNanos;
    private long applyNanos;

    PartitionSetReader(KafkaProperties kafka, Decoder decoder, ReplayedUnits replayed, PrintStream out, long started) {
        this.consumer = consumer(kafka);
        this.decoder = decoder;
        this.replayed = replayed;
        this.out = out;
        this.started = started;
        try {
            this.partitions = partitions(consumer);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            this.end = consumer.endOffsets(partitions);
            long records = 0;
            for (TopicPartition tp : partitions) {
                records += end.get(tp) - begin.get(tp);
            }
            this.total = records;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.setupNanos = System.nanoTime() - started;
    }

    /** Each topic partition's end when the replay started: where the replayed projection's offsets stand. */
    Map<TopicPartition, Long> end() {
        return end;
    }

    /**
     * The partition sets to read one after another: partition number p of the topics together — or all partitions
     * at once if the topics' partition counts differ.
     */
    List<List<TopicPartition>> partitionSets() {
        Map<String, Integer> counts = new HashMap<>();
        partitions.forEach(tp -> counts.merge(tp.topic(), 1, Integer::sum));
        if (new HashSet<>(counts.values()).size() != 1) {
            return List.of(partitions);
        }
        Map<Integer, List<TopicPartition>> byNumber = new TreeMap<>();
        partitions.forEach(tp ->
                byNumber.computeIfAbsent(tp.partition(), k -> new ArrayList<>()).add(tp));
        return List.copyOf(byNumber.values());
    }

    /** Reads one partition set from its beginning to its end; returns the units whose records were read. */
    Set<String> read(List<TopicPartition> set) {
        consumer.assign(set);
        consumer.seekToBeginning(set);
        Map<TopicPartition, Long> limits = new HashMap<>();
        set.forEach(tp -> limits.put(tp, end.get(tp)));
        setNumber++;
        Set<String> touched = new HashSet<>();
        while (!reached(limits)) {
            long polled = System.nanoTime();
            List<ConsumerRecord<String, byte[]>> batch = below(consumer.poll(Duration.ofMillis(500)), limits);
            long t1 = System.nanoTime();
            // Decoding is most of the reading: on all cores, then applied in offset order on this thread.
            Decoded[] decoded = new Decoded[batch.size()];
            IntStream.range(0, batch.size()).parallel().forEach(i -> decoded[i] = Decoded.of(decoder, batch.get(i)));
            long t2 = System.nanoTime();
            pollNanos += t1 - polled;
            decodeNanos += t2 - t1;
            for (Decoded d : decoded) {
                String unit = apply(d);
                if (unit != null && touched.add(unit)) {
                    Integer earlier = unitSet.putIfAbsent(unit, setNumber);
                    if (earlier != null && earlier != setNumber) {
                        throw new IllegalStateException("unit " + unit + " has records in two partition numbers:"
                                + " the input topics are not co-partitioned by unit id");
                    }
                }
            }
            applyNanos += System.nanoTime() - t2;
            reportProgress();
        }
        return touched;
    }

    /** After the last set: every partition assigned again, each at its end, for {@link #readOn}. */
    void standAtEnd() {
        consumer.assign(partitions);
        end.forEach(consumer::seek);
    }

    /** Where each assigned partition stands. */
    Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            positions.put(tp, consumer.position(tp));
        }
        return positions;
    }

    /** Reads on from where each partition stands up to {@code limits}; returns the units whose records were read. */
    Set<String> readOn(Map<TopicPartition, Long> limits) {
        Set<String> touched = new HashSet<>();
        while (!limits.isEmpty() && !reached(limits)) {
            for (ConsumerRecord<String, byte[]> r : below(consumer.poll(Duration.ofMillis(200)), limits)) {
                String unit = apply(Decoded.of(decoder, r));
                if (unit != null) {
                    touched.add(unit);
                }
            }
        }
        return touched;
    }

    long records() {
        return records;
    }

    long undecodable() {
        return undecodable;
    }

    String timings(long readEnd) {
        return String.format(
                "read in %.1f s: finding the topics' ends %.1f s, polling %.1f s, decoding %.1f s, applying %.1f s",
                (readEnd - started) / 1e9, setupNanos / 1e9, pollNanos / 1e9, decodeNanos / 1e9, applyNanos / 1e9);
    }

    @Override
    public void close() {
        consumer.close();
    }

    private String apply(Decoded decoded) {
        records++;
        if (decoded instanceof Decoded.Read read) {
            return replayed.apply(read.input());
        }
        undecodable++;
        return null;
    }

    /** The polled records below their partition's limit, one limit lookup per partition. */
    private static List<ConsumerRecord<String, byte[]>> below(
            ConsumerRecords<String, byte[]> polled, Map<TopicPartition, Long> limits) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.count());
        for (TopicPartition tp : polled.partitions()) {
            Long limit = limits.get(tp);
            for (ConsumerRecord<String, byte[]> r : polled.records(tp)) {
                if (limit != null && r.offset() < limit) {
                    batch.add(r);
                }
            }
        }
        return batch;
    }

    private boolean reached(Map<TopicPartition, Long> limits) {
        for (Map.Entry<TopicPartition, Long> e : limits.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void reportProgress() {
        if (System.nanoTime() - lastReport > 1_000_000_000L) {
            lastReport = System.nanoTime();
            double rate = records / Replay.seconds(started);
            out.printf(
                    "  %,d / %,d records (%.0f%%), %,.0f records/s, ETA %.0f s%n",
                    records,
                    total,
                    total == 0 ? 100.0 : 100.0 * records / total,
                    rate,
                    rate == 0 ? 0 : (total - records) / rate);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaProperties kafka) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A fetch of partitions already at their end would otherwise wait up to 500 ms on the broker for data that
        // will not come, and the next partition set's first fetch waits behind it (2.5 s of a 12 s replay).
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "scoring-replay");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : TOPICS) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                all.add(new TopicPartition(topic, p.partition()));
            }
        }
        return all;
    }
}
