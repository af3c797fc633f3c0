package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.scoring.projection.FactKeys;
import cn.jiyuan.integrity.scoring.projection.FactRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The replay's bulk loads: {@code unit_facts} one partition at a time by PostgreSQL's COPY (binary format) over R2DBC,
 * each partition's primary key built after its rows and under the name Flyway gave it — the schema ends identical to
 * a migrated one — and the other tables by one COPY each. An order of magnitude faster than multi-row inserts.
 */
final class FactCopy {

    private static final String KEY = "unit_id, kind, fact_id, kafka_partition";
    private static final int ROWS_PER_BUFFER = 10_000;

    private FactCopy() {}

    /**
     * A bulk load fed while the facts are still being read, one topic partition at a time. {@code unit_facts} is
     * partitioned like the topics (Flyway V6): {@link #start} drops the target's empty partitions and opens {@link
     * #LANES} connections (PostgreSQL runs each in its own process, so the load uses more than one core); {@link #add}
     * loads one partition's facts on one of them — a table of its own, one binary COPY (blocking while the database is
     * behind: at most {@link #QUEUED} buffers wait), then, while the caller goes on, the table's primary key (on rows
     * in key order: cheap to build) and its attachment as the partition; {@link #finish} waits for the last ones and
     * puts back, empty, the partitions no facts came for. The schema ends as Flyway made it.
     */
    static final class Load implements AutoCloseable {

        static final int LANES = 2;
        private static final int QUEUED = 4;
        private static final ByteBuf END = Unpooled.EMPTY_BUFFER;

        private final List<Lane> lanes;
        /** The partitions Flyway made (name → bound), to put back those no facts came for. */
        private final Map<String, String> made;

        private final Set<String> loaded = ConcurrentHashMap.newKeySet();
        private final AtomicLong rows = new AtomicLong();

        /** One connection and the work queued on it, one statement after another. */
        private final class Lane {
            private final Connection connection;
            private volatile CompletableFuture<?> last = CompletableFuture.completedFuture(null);
            private volatile CompletableFuture<Long> copying = CompletableFuture.completedFuture(0L);
            private volatile BlockingQueue<ByteBuf> queue = new ArrayBlockingQueue<>(1);

            Lane(Connection connection) {
                this.connection = connection;
            }

            /** Copies these buffers into {@code table} (created here), then builds its key and attaches it. */
            void load(int partition, String table, Iterator<ByteBuf> buffers) {
                last.join(); // the previous partition on this connection is attached (or failed: that surfaces here)
                run(connection, "CREATE TABLE " + table + " (LIKE unit_facts INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
                        .block();
                BlockingQueue<ByteBuf> queue = new ArrayBlockingQueue<>(QUEUED);
                this.queue = queue;
                boolean[] trailerSent = {false};
                // The COPY pulls buffers on a worker thread (subscribeOn moves requests there): take() never blocks
                // an event loop.
                Flux<ByteBuf> stdin = Flux.<ByteBuf>generate(sink -> {
                            try {
                                if (trailerSent[0]) {
                                    sink.complete();
                                    return;
                                }
                                ByteBuf next = queue.take();
                                if (next == END) {
                                    trailerSent[0] = true;
                                    sink.next(trailer());
                                } else {
                                    sink.next(next);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                sink.error(e);
                            }
                        })
                        .startWith(header())
                        .subscribeOn(Schedulers.boundedElastic());
                // One CopyData message per buffer, sent as it comes. (copyIn(sql, publisher) would gather the whole
                // publisher into one message and send it at the end: PostgreSQL would not start before the last row.)
                CompletableFuture<Long> copied = ((PostgresqlConnection) connection)
                        .copyIn("COPY " + table + " (" + FactRow.COLUMNS + ") FROM STDIN WITH (FORMAT binary)")
                        .fromMany(stdin.map(Mono::just))
                        .build()
                        .toFuture();
                copying = copied;
                while (buffers.hasNext()) {
                    put(queue, buffers.next(), copied);
                }
                put(queue, END, copied);
                last = copied.thenCompose(n -> {
                    rows.addAndGet(n);
                    return run(connection, "SET maintenance_work_mem = '256MB'")
                            .then(run(
                                    connection,
                                    "ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_pkey PRIMARY KEY (" + KEY
                                            + ")"))
                            .then(run(
                                    connection,
                                    "ALTER TABLE unit_facts ATTACH PARTITION " + table + " FOR VALUES IN (" + partition
                                            + ")"))
                            .toFuture();
                });
            }

            private void put(BlockingQueue<ByteBuf> queue, ByteBuf buffer, CompletableFuture<Long> copied) {
                try {
                    while (!queue.offer(buffer, 200, TimeUnit.MILLISECONDS)) {
                        if (copied.isDone()) { // the COPY failed: nobody takes from the queue any more
                            copied.join();
                            throw new IllegalStateException("the COPY ended before all rows were sent");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading facts", e);
                }
            }
        }

        private Load(List<Connection> connections, Map<String, String> made) {
            this.lanes = connections.stream().map(Lane::new).toList();
            this.made = made;
        }

        static Load start(ConnectionFactory connections) {
            List<Connection> opened = Flux.range(0, LANES)
                    .concatMap(i -> Mono.<Connection>from(connections.create()))
                    .collectList()
                    .block();
            Connection first = opened.get(0);
            Map<String, String> made = new TreeMap<>();
            Flux.from(first.createStatement("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound"
                                    + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                                    + " WHERE i.inhparent = 'unit_facts'::regclass")
                            .execute())
                    .flatMap(r -> r.map((row, meta) -> Map.entry(row.get(0, String.class), row.get(1, String.class))))
                    .doOnNext(e -> made.put(e.getKey(), e.getValue()))
                    .then()
                    .block();
            for (String table : made.keySet()) {
                run(first, "DROP TABLE " + table).block(); // empty: the schema was just migrated
            }
            return new Load(opened, made);
        }

        /**
         * Loads the facts of topic partition {@code partition} (each list one unit's, every unit of that partition)
         * on connection {@code lane} (mod {@link #LANES}); returns once the rows are sent, while PostgreSQL still
         * builds the partition's key.
         */
        void add(
                int partition,
                Iterable<List<Fact>> factsByUnit,
                Map<String, Map<String, FactStatus>> statuses,
                int lane) {
            String table = "unit_facts_p" + partition;
            if (!loaded.add(table)) {
                throw new IllegalStateException("partition " + partition + " loaded twice");
            }
            lanes.get(Math.floorMod(lane, lanes.size()))
                    .load(partition, table, buffers(factsByUnit.iterator(), statuses, partition));
        }

        /**
         * What {@link #finish} did: rows copied, seconds waiting for the last partitions' COPY, key and attachment,
         * and of those the seconds {@code meanwhile} ran.
         */
        record Finished(long rows, double lastKeysSeconds, double meanwhileSeconds) {}

        /**
         * Waits for the last partitions' keys and attachments, puts back empty the partitions no facts came for, and
         * runs {@code meanwhile} on a connection once it is free (the other tables: the key builds lock only their own
         * tables).
         */
        Finished finish(Function<Connection, Mono<Void>> meanwhile) {
            long t0 = System.nanoTime();
            // partitions alternate between the lanes: with six, the last is on lane 0 and lane 1 is free first
            Lane free = lanes.get(lanes.size() - 1);
            free.last.join();
            meanwhile.apply(free.connection).block();
            long t1 = System.nanoTime();
            for (Lane l : lanes) {
                l.last.join();
            }
            Connection c = lanes.get(0).connection;
            for (Map.Entry<String, String> m : made.entrySet()) {
                if (!loaded.contains(m.getKey())) {
                    run(c, "CREATE TABLE " + m.getKey() + " PARTITION OF unit_facts " + m.getValue())
                            .block();
                }
            }
            long t2 = System.nanoTime();
            return new Finished(rows.get(), (t2 - t0) / 1e9, (t1 - t0) / 1e9);
        }

        @Override
        public void close() {
            for (Lane l : lanes) {
                if (!l.copying.isDone()) { // failed elsewhere: let the COPY end; the caller's error is what matters
                    l.queue.clear();
                    l.queue.offer(END);
                    l.copying.cancel(true);
                }
                Mono.from(l.connection.close()).block();
            }
        }
    }

    private static Mono<Void> run(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute())
                .flatMap(r -> r.getRowsUpdated())
                .then();
    }

    private static Iterator<ByteBuf> buffers(
            Iterator<List<Fact>> units, Map<String, Map<String, FactStatus>> statuses, int partition) {
        Map<String, byte[]> cache = CopyRows.cache(); // this thread's, for this call
        return new Iterator<>() {
            private Iterator<Fact> current = Collections.emptyIterator();
            private Map<String, FactStatus> unitStatuses = Map.of(); // the current unit's: looked up once per unit

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && units.hasNext()) {
                    List<Fact> unit = units.next();
                    current = unit.iterator();
                    unitStatuses =
                            unit.isEmpty() ? Map.of() : statuses.getOrDefault(FactKeys.unitOf(unit.get(0)), Map.of());
                }
                return current.hasNext();
            }

            @Override
            public ByteBuf next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CopyRows out = new CopyRows(ROWS_PER_BUFFER * 160, cache);
                for (int n = 0; n < ROWS_PER_BUFFER && hasNext(); n++) {
                    Fact fact = current.next();
                    FactStatus status = fact instanceof CreditFact c ? unitStatuses.get(c.eventId()) : null;
                    row(out, FactRow.of(fact, status, partition));
                }
                return out.buffer();
            }
        };
    }

    /**
     * Copies rows into a table of the target on this connection in one binary COPY: the replay's other tables, a few
     * thousand rows each, written while the facts' key is built. Returns the rows copied.
     */
    static <T> Mono<Long> copy(
            Connection connection,
            String table,
            String columns,
            int fields,
            Collection<T> rows,
            BiConsumer<CopyRows, T> row) {
        CopyRows out = new CopyRows(64 * rows.size() + 64);
        for (T r : rows) {
            row.accept(out.row(fields), r);
        }
        return ((PostgresqlConnection) connection)
                .copyIn(
                        "COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT binary)",
                        Flux.just(header(), out.buffer(), trailer()));
    }

    /** PostgreSQL's binary COPY format: the signature, no flags, no header extension (sent once, first). */
    static ByteBuf header() {
        ByteBuf out = Unpooled.buffer(19);
        out.writeBytes(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
        return out;
    }

    /** The end of a binary COPY stream: a field count of -1. */
    static ByteBuf trailer() {
        return Unpooled.buffer(2).writeShort(-1);
    }

    /**
     * One row of {@code unit_facts}, field for field as {@link FactRow#COLUMNS}. Identifiers and codes that recur from
     * row to row are written from the cache; fact ids, case numbers and corrected event ids as they are.
     */
    private static void row(CopyRows out, FactRow r) {
        out.row(FactRow.COLUMN_COUNT)
                .repeated(r.unitId())
                .text(r.factId())
                .repeated(r.kind().code())
                .text(r.targetEventId())
                .repeated(r.indicator())
                .repeated(r.outcome())
                .numeric(r.points())
                .repeated(r.period())
                .date(r.occurredOn())
                .timestamp(r.recordedAt())
                .repeated(r.providerOrg())
                .text(r.caseNumber())
                .repeated(r.listingStatus() == null ? null : r.listingStatus().name())
                .repeated(r.correctionKind() == null ? null : r.correctionKind().name())
                .repeated(r.status() == null ? null : r.status().name())
                .int4(r.partition());
    }
}
