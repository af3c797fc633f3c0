package cn.jiyuan.integrity.support.outbox;

import cn.jiyuan.integrity.support.kafka.Positions;
import cn.jiyuan.integrity.support.work.Threads;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes a service's outbox in id order with the idempotent producer, <b>exactly once</b> also across crashes. The
 * service's schema has the tables {@code outbox}, {@code outbox_positions} and {@code outbox_origin} (the objection
 * service's V1, the scoring service's V8).
 *
 * <p>Each record carries two headers, this database's origin and the outbox row id. In one transaction per chunk
 * the relay sends the rows, awaits every acknowledgement, deletes the rows and stores where its records end per
 * partition ({@code outbox_positions}). A relay that dies after the broker acknowledged but before that commit
 * leaves rows that are already on the topic; so before sending, the relay reads each partition from its stored
 * position to the end and deletes the rows it finds there under its origin. When nothing was left behind the
 * positions equal the end offsets and nothing is read. One relay at a time across instances (transaction-scoped
 * advisory lock {@code lockKey}); {@code guard} runs first in every relay transaction (the scoring service takes its
 * projection's {@code meta} row there, so that a replay's switch-over never interleaves with a relay).
 */
public class OutboxRelay implements AutoCloseable {

    public static final String ORIGIN_HEADER = "outbox-origin";
    public static final String ID_HEADER = "outbox-id";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private record Row(long id, String topic, String key, byte[] payload) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Producer<String, byte[]> producer;
    private final Consumer<byte[], byte[]> reader;
    private final long lockKey;
    private final int chunk;
    private final Mono<Void> guard;
    private volatile Runnable afterSend = () -> {};

    /**
     * @param reader a consumer (no group) to read the topics past the stored positions
     * @param lockKey the service's advisory lock key, one relay at a time
     * @param chunk rows per transaction
     * @param guard what each relay transaction runs first
     */
    public OutboxRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            Producer<String, byte[]> producer,
            Consumer<byte[], byte[]> reader,
            long lockKey,
            int chunk,
            Mono<Void> guard) {
        this.db = db;
        this.tx = tx;
        this.producer = producer;
        this.reader = reader;
        this.lockKey = lockKey;
        this.chunk = chunk;
        this.guard = guard;
    }

    /**
     * A step run after the broker acknowledged a chunk and before the transaction that deletes it commits: the place
     * where a relay crash would leave published rows behind. Tests make it fail to show they are not published twice.
     */
    public void afterSend(Runnable step) {
        this.afterSend = step == null ? () -> {} : step;
    }

    /** Publishes one chunk; returns how many rows were published (0: empty, or another instance relays). */
    public synchronized int relayOnce() {
        Mono<Integer> work = guard.then(db.sql("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .bind(0, lockKey)
                .map((row, meta) -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? relayLocked() : Mono.just(0)));
        return tx.transactional(work).block();
    }

    /** Relays until the outbox is empty (or another instance holds it). */
    public int drain() {
        int total = 0;
        int n;
        while ((n = relayOnce()) > 0) {
            total += n;
        }
        return total;
    }

    private Mono<Integer> relayLocked() {
        return rows().flatMap(rows -> {
            if (rows.isEmpty()) {
                return Mono.just(0);
            }
            return origin().flatMap(o -> positions()
                            .flatMap(positions -> Mono.fromCallable(() -> alreadyPublished(o, rows, positions))
                                    .subscribeOn(Schedulers.boundedElastic())))
                    .flatMap(found -> {
                        List<Row> pending = rows.stream()
                                .filter(r -> !found.ids().contains(r.id()))
                                .toList();
                        if (!found.ids().isEmpty()) {
                            LOG.info(
                                    "{} outbox row(s) were already published by a relay that stopped before its"
                                            + " commit; not publishing them again",
                                    found.ids().size());
                        }
                        return Mono.fromCallable(() -> send(found.origin(), pending))
                                .subscribeOn(Schedulers.boundedElastic())
                                .doOnNext(sent -> afterSend.run())
                                .flatMap(sent -> {
                                    Map<TopicPartition, Long> ends = new HashMap<>(found.ends());
                                    sent.forEach((tp, next) -> ends.merge(tp, next, Math::max));
                                    return delete(rows).then(store(ends));
                                })
                                .thenReturn(rows.size());
                    });
        });
    }

    private Mono<List<Row>> rows() {
        return db.sql("SELECT id, topic, record_key, payload FROM outbox ORDER BY id LIMIT " + chunk)
                .map((row, meta) -> new Row(
                        row.get("id", Long.class),
                        row.get("topic", String.class),
                        row.get("record_key", String.class),
                        Threads.bytes(row.get("payload", ByteBuffer.class))))
                .all()
                .collectList();
    }

    /**
     * This database's origin, read in every relay transaction: a replay's switch-over puts another schema in place,
     * which carries the origin over (the scoring service's {@code SwitchOver}), and a relay must never go on with a
     * value of the schema before.
     */
    private Mono<String> origin() {
        return db.sql("SELECT origin FROM outbox_origin")
                .map((row, meta) -> row.get("origin", String.class))
                .one();
    }

    private Mono<Map<TopicPartition, Long>> positions() {
        return db.sql("SELECT topic, partition, next_offset FROM outbox_positions")
                .map((row, meta) -> Map.entry(
                        new TopicPartition(row.get("topic", String.class), row.get("partition", Integer.class)),
                        row.get("next_offset", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private record Found(String origin, Set<Long> ids, Map<TopicPartition, Long> ends) {}

    /**
     * Ids of this origin's rows already on the topics past the stored positions, and where the topics end. A record
     * counts as one of the rows only if it carries the row's id and exactly its key and bytes: headers are easy to
     * copy from any published record, so an id header alone — or one that is not a number — proves nothing, and such
     * a record neither stalls the relay nor makes it skip a row (review K2).
     */
    private Found alreadyPublished(String origin, List<Row> rows, Map<TopicPartition, Long> positions) {
        Map<Long, Row> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        Set<String> topics = new HashSet<>();
        rows.forEach(r -> topics.add(r.topic()));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            reader.partitionsFor(topic, KAFKA_TIMEOUT)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, KAFKA_TIMEOUT);
        List<TopicPartition> behind = partitions.stream()
                .filter(tp -> ends.get(tp) > positions.getOrDefault(tp, 0L))
                .toList();
        Set<Long> ids = new HashSet<>();
        if (!behind.isEmpty()) {
            reader.assign(behind);
            behind.forEach(tp -> reader.seek(tp, positions.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            while (behind.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + behind + " to its end in time");
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = reader.poll(Duration.ofMillis(200));
                } catch (OffsetOutOfRangeException e) {
                    if (Positions.reposition(reader, e) != null) {
                        LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // the broker is behind: ask again
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Header o = r.headers().lastHeader(ORIGIN_HEADER);
                    Header id = r.headers().lastHeader(ID_HEADER);
                    if (o != null && id != null && origin.equals(new String(o.value(), StandardCharsets.UTF_8))) {
                        Row row = byId.get(rowId(id));
                        if (row != null
                                && r.key() != null
                                && row.key().equals(new String(r.key(), StandardCharsets.UTF_8))
                                && Arrays.equals(row.payload(), r.value())) {
                            ids.add(row.id());
                        }
                    }
                }
            }
            reader.assign(List.of());
        }
        return new Found(origin, ids, ends);
    }

    private static Long rowId(Header id) {
        try {
            return Long.valueOf(new String(id.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Map<TopicPartition, Long> send(String origin, List<Row> rows) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        byte[] originBytes = origin.getBytes(StandardCharsets.UTF_8);
        for (Row r : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.payload());
            record.headers().add(new RecordHeader(ORIGIN_HEADER, originBytes));
            record.headers()
                    .add(new RecordHeader(ID_HEADER, Long.toString(r.id()).getBytes(StandardCharsets.UTF_8)));
            acks.add(producer.send(record));
        }
        producer.flush();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (Future<RecordMetadata> f : acks) {
            RecordMetadata m = f.get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            next.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max);
        }
        return next;
    }

    private Mono<Void> delete(List<Row> rows) {
        return db.sql("DELETE FROM outbox WHERE id = ANY($1::bigint[])")
                .bind(0, rows.stream().map(Row::id).toArray(Long[]::new))
                .then();
    }

    private Mono<Void> store(Map<TopicPartition, Long> ends) {
        return Flux.fromIterable(ends.entrySet())
                .concatMap(
                        e -> db.sql("INSERT INTO outbox_positions (topic, partition, next_offset) VALUES ($1, $2, $3)"
                                        + " ON CONFLICT (topic, partition) DO UPDATE SET next_offset ="
                                        + " GREATEST(outbox_positions.next_offset, EXCLUDED.next_offset)")
                                .bind(0, e.getKey().topic())
                                .bind(1, e.getKey().partition())
                                .bind(2, e.getValue())
                                .then())
                .then();
    }

    @Override
    public synchronized void close() {
        reader.close();
    }
}
