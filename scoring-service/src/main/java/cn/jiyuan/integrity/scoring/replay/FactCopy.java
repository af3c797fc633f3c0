package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.scoring.projection.FactKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The replay's bulk load of {@code unit_facts}: PostgreSQL's COPY (binary format) over R2DBC, with the table's primary
 * key dropped during the load and built once afterwards, under the name Flyway gave it — the schema ends identical
 * to a migrated one. An order of magnitude faster than multi-row inserts for a million facts.
 */
final class FactCopy {

    private static final String COLUMNS = "unit_id, fact_id, kind, target_event_id, indicator, outcome, points, period,"
            + " occurred_on, recorded_at, provider_org, case_number, listing_status, correction_kind, status";
    private static final int ROWS_PER_BUFFER = 10_000;

    private FactCopy() {}

    /**
     * A bulk load fed while the facts are still being read: {@link #start} drops the primary key and opens {@link #LANES}
     * COPY streams on connections of their own (PostgreSQL runs each in its own process, so the load can use more
     * than one core), {@link #add} queues rows on one of them (blocking while the database is behind — at most
     * {@link #QUEUED} buffers wait per stream), and {@link #finish} ends the streams and builds the primary key.
     */
    static final class Load implements AutoCloseable {

        static final int LANES = 2;
        private static final int QUEUED = 4;
        private static final ByteBuf END = Unpooled.EMPTY_BUFFER;

        private final List<Lane> lanes;
        private boolean finished;

        /** One COPY stream: its connection, the buffers waiting for it, and the count it ends with. */
        private static final class Lane {
            private final Connection connection;
            private final BlockingQueue<ByteBuf> queue = new ArrayBlockingQueue<>(QUEUED);
            private final CompletableFuture<Long> copied;
            private boolean trailerSent;

            Lane(Connection connection) {
                this.connection = connection;
                // The COPY pulls buffers on a worker thread (subscribeOn moves requests there): take() never blocks
                // an event loop.
                Flux<ByteBuf> stdin = Flux.<ByteBuf>generate(sink -> {
                            try {
                                if (trailerSent) {
                                    sink.complete();
                                    return;
                                }
                                ByteBuf next = queue.take();
                                if (next == END) {
                                    trailerSent = true;
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
                this.copied = ((PostgresqlConnection) connection)
                        .copyIn("COPY unit_facts (" + COLUMNS + ") FROM STDIN WITH (FORMAT binary)")
                        .fromMany(stdin.map(Mono::just))
                        .build()
                        .toFuture();
            }

            void put(ByteBuf buffer) {
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

        private Load(List<Connection> connections) {
            this.lanes = connections.stream().map(Lane::new).toList();
        }

        static Load start(ConnectionFactory connections) {
            List<Connection> opened = Flux.range(0, LANES)
                    .concatMap(i -> Mono.<Connection>from(connections.create()))
                    .collectList()
                    .block();
            Connection first = opened.get(0);
            run(first, "ALTER TABLE unit_facts DROP CONSTRAINT unit_facts_pkey").block();
            return new Load(opened);
        }

        /**
         * Queues the rows of these units' facts (each list one unit's) on stream {@code lane} (mod {@link #LANES}); blocks
         * while it is full.
         */
        void add(Iterable<List<Fact>> factsByUnit, Map<String, Map<String, String>> statuses, int lane) {
            Lane to = lanes.get(Math.floorMod(lane, lanes.size()));
            Iterator<ByteBuf> buffers = buffers(factsByUnit.iterator(), statuses);
            while (buffers.hasNext()) {
                to.put(buffers.next());
            }
        }

        /**
         * What {@link #finish} did: rows copied, seconds waiting for the COPY's end, seconds building the key, and of
         * those the seconds {@code meanwhile} ran.
         */
        record Finished(long rows, double copySeconds, double indexSeconds, double meanwhileSeconds) {}

        /**
         * Ends the COPY streams and builds the primary key under the name Flyway gave it; {@code meanwhile} runs while
         * PostgreSQL builds it, on the connection of another stream (other tables' writes: the build locks only
         * {@code unit_facts}).
         */
        Finished finish(Function<Connection, Mono<Void>> meanwhile) {
            long t0 = System.nanoTime();
            lanes.forEach(l -> l.put(END));
            finished = true;
            long rows = 0;
            for (Lane l : lanes) {
                rows += l.copied.join();
            }
            long t1 = System.nanoTime();
            Connection forKey = lanes.get(0).connection;
            CompletableFuture<Void> key = run(forKey, "SET maintenance_work_mem = '256MB'")
                    .then(
                            run(
                                    forKey,
                                    "ALTER TABLE unit_facts ADD CONSTRAINT unit_facts_pkey PRIMARY KEY (unit_id, kind, fact_id)"))
                    .toFuture();
            Connection other = lanes.get(1 % lanes.size()).connection;
            if (other == forKey) {
                key.join(); // one stream: one connection, one statement at a time
            }
            meanwhile.apply(other).block();
            long t2 = System.nanoTime();
            key.join();
            long t3 = System.nanoTime();
            return new Finished(rows, (t1 - t0) / 1e9, (t3 - t1) / 1e9, (t2 - t1) / 1e9);
        }

        @Override
        public void close() {
            for (Lane l : lanes) {
                if (!finished) {
                    l.queue.clear();
                    l.queue.offer(END); // let a running COPY end; the caller's error is what matters
                    l.copied.cancel(true);
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

    private static Iterator<ByteBuf> buffers(Iterator<List<Fact>> units, Map<String, Map<String, String>> statuses) {
        Map<String, byte[]> cache = CopyRows.cache(); // this thread's, for this call
        return new Iterator<>() {
            private Iterator<Fact> current = java.util.Collections.emptyIterator();
            private Map<String, String> unitStatuses = Map.of(); // the current unit's: looked up once per unit

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
                    row(out, current.next(), unitStatuses);
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

    private static final int FIELDS = 15;

    /** Identifiers and codes that recur from row to row are written from the cache; event ids are written as they are. */
    private static void row(CopyRows out, Fact fact, Map<String, String> unitStatuses) {
        out.row(FIELDS);
        if (fact instanceof CreditFact c) {
            out.repeated(c.unitId())
                    .text(c.eventId())
                    .repeated("C")
                    .nul()
                    .repeated(c.indicator())
                    .repeated(c.outcome())
                    .numeric(c.points())
                    .repeated(c.period())
                    .date(c.occurredOn())
                    .timestamp(c.recordedAt())
                    .repeated(c.providerOrg())
                    .nul()
                    .nul()
                    .nul()
                    .repeated(unitStatuses.get(c.eventId()));
        } else if (fact instanceof DebtorListing l) {
            out.repeated(l.unitId())
                    .text(l.listingId())
                    .repeated("L")
                    .nul()
                    .nul()
                    .nul()
                    .nul()
                    .nul()
                    .nul()
                    .timestamp(l.recordedAt())
                    .text(l.providerOrg())
                    .text(l.caseNumber())
                    .repeated(l.status().name())
                    .nul()
                    .nul();
        } else {
            Correction x = (Correction) fact;
            var a = x.amendment();
            out.repeated(x.unitId())
                    .text(x.correctionId())
                    .repeated("X")
                    .text(x.eventId())
                    .nul()
                    .text(a == null ? null : a.outcome())
                    .numeric(a == null ? null : a.points())
                    .nul()
                    .date(a == null ? null : a.occurredOn())
                    .timestamp(x.recordedAt())
                    .nul()
                    .nul()
                    .nul()
                    .repeated(x.kind().name())
                    .nul();
        }
    }
}
