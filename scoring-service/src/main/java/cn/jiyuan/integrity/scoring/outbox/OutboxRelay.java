package cn.jiyuan.integrity.scoring.outbox;

import cn.jiyuan.integrity.support.work.Threads;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the outbox in id order with the idempotent producer and deletes each row once the broker acknowledged
 * it, in one transaction per chunk. One relay at a time across instances (transaction-scoped advisory lock), so the
 * order of a unit's records is kept. A crash between the acknowledgement and the commit publishes the chunk again
 * on restart: at least once, never lost.
 */
public class OutboxRelay {

    /** The advisory lock key of the relay ("outbox" in ASCII). */
    static final long LOCK = 0x6f7574626f780000L;

    private static final int CHUNK = 1000;

    private record Row(long id, String topic, String key, byte[] payload) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Producer<String, byte[]> producer;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, Producer<String, byte[]> producer) {
        this.db = db;
        this.tx = tx;
        this.producer = producer;
    }

    /** Publishes one chunk; returns how many rows were published (0: empty, or another instance relays). */
    public int relayOnce() {
        // meta first, like every transaction on the projection: a replay's switch never interleaves with a relay.
        Mono<Integer> work = db.sql("SELECT generation FROM meta FOR SHARE")
                .then()
                .then(db.sql("SELECT pg_try_advisory_xact_lock($1) AS locked")
                        .bind(0, LOCK)
                        .map((row, meta) -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                        .one())
                .flatMap(locked -> !locked
                        ? Mono.just(0)
                        : db.sql("SELECT id, topic, record_key, payload FROM outbox ORDER BY id LIMIT " + CHUNK)
                                .map((row, meta) -> new Row(
                                        row.get("id", Long.class),
                                        row.get("topic", String.class),
                                        row.get("record_key", String.class),
                                        Threads.bytes(row.get("payload", ByteBuffer.class))))
                                .all()
                                .collectList()
                                .flatMap(rows -> rows.isEmpty()
                                        ? Mono.just(0)
                                        : Mono.fromCallable(() -> send(rows))
                                                .subscribeOn(Schedulers.boundedElastic())
                                                .then(db.sql("DELETE FROM outbox WHERE id = ANY($1::bigint[])")
                                                        .bind(
                                                                0,
                                                                rows.stream()
                                                                        .map(Row::id)
                                                                        .toArray(Long[]::new))
                                                        .then())
                                                .thenReturn(rows.size())));
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

    private int send(List<Row> rows) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row r : rows) {
            acks.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.payload())));
        }
        producer.flush();
        for (Future<RecordMetadata> f : acks) {
            f.get(30, TimeUnit.SECONDS);
        }
        return rows.size();
    }
}
