package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.Fact;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The replay's bulk load of {@code unit_facts}: PostgreSQL's COPY (binary format) over R2DBC, with the table's indexes
 * dropped during the load and built once afterwards, under the names Flyway gave them — the schema ends identical
 * to a migrated one. An order of magnitude faster than multi-row inserts for a million facts.
 */
final class FactCopy {

    private static final String COLUMNS = "unit_id, fact_id, kind, target_event_id, indicator, outcome, points, period,"
            + " occurred_on, recorded_at, provider_org, case_number, listing_status, correction_kind, status";
    private static final int ROWS_PER_BUFFER = 10_000;

    private FactCopy() {}

    /**
     * A bulk load fed while the facts are still being read: {@link #start} drops the indexes and opens {@link #LANES}
     * COPY streams on connections of their own (PostgreSQL runs each in its own process, so the load can use more
     * than one core), {@link #add} queues rows on one of them (blocking while the database is behind — at most
     * {@link #QUEUED} buffers wait per stream), and {@link #finish} ends the streams and builds the indexes — the
     * primary key and the occurrence index at the same time, on two connections.
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
            run(first, "ALTER TABLE unit_facts DROP CONSTRAINT unit_facts_pkey")
                    .then(run(first, "DROP INDEX unit_facts_by_occurrence"))
                    .block();
            return new Load(opened);
        }

        /** Queues the rows of these units' facts on stream {@code lane} (mod {@link #LANES}); blocks while it is full. */
        void add(Iterable<List<Fact>> factsByUnit, Map<String, Map<String, String>> statuses, int lane) {
            Lane to = lanes.get(Math.floorMod(lane, lanes.size()));
            Iterator<ByteBuf> buffers = buffers(factsByUnit.iterator(), statuses);
            while (buffers.hasNext()) {
                to.put(buffers.next());
            }
        }

        /** What {@link #finish} did: rows copied, seconds waiting for the COPY's end, seconds building the indexes. */
        record Finished(long rows, double copySeconds, double indexSeconds) {}

        /**
         * Ends the COPY streams and builds the indexes under the names Flyway gave them; {@code meanwhile} runs while
         * PostgreSQL builds them (other tables' writes: the indexes lock only {@code unit_facts}).
         */
        Finished finish(Runnable meanwhile) {
            long t0 = System.nanoTime();
            lanes.forEach(l -> l.put(END));
            finished = true;
            long rows = 0;
            for (Lane l : lanes) {
                rows += l.copied.join();
            }
            long t1 = System.nanoTime();
            Connection forKey = lanes.get(0).connection;
            Connection forOccurrence = lanes.get(1 % lanes.size()).connection;
            Mono<Void> primaryKey = run(forKey, "SET maintenance_work_mem = '256MB'")
                    .then(
                            run(
                                    forKey,
                                    "ALTER TABLE unit_facts ADD CONSTRAINT unit_facts_pkey PRIMARY KEY (unit_id, kind, fact_id)"));
            Mono<Void> occurrence = run(forOccurrence, "SET maintenance_work_mem = '256MB'")
                    .then(run(
                            forOccurrence,
                            "CREATE INDEX unit_facts_by_occurrence ON unit_facts (occurred_on) WHERE kind = 'C'"));
            CompletableFuture<Void> indexes = (forKey == forOccurrence
                            ? primaryKey.then(occurrence)
                            : Mono.when(primaryKey, occurrence))
                    .toFuture();
            meanwhile.run();
            indexes.join();
            return new Finished(rows, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
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
        return new Iterator<>() {
            private Iterator<Fact> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && units.hasNext()) {
                    current = units.next().iterator();
                }
                return current.hasNext();
            }

            @Override
            public ByteBuf next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ByteBuf out = Unpooled.buffer(ROWS_PER_BUFFER * 200);
                for (int n = 0; n < ROWS_PER_BUFFER && hasNext(); n++) {
                    row(out, current.next(), statuses);
                }
                return out;
            }
        };
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

    private static void row(ByteBuf out, Fact fact, Map<String, Map<String, String>> statuses) {
        out.writeShort(FIELDS);
        if (fact instanceof CreditFact c) {
            text(out, c.unitId());
            text(out, c.eventId());
            text(out, "C");
            text(out, null);
            text(out, c.indicator());
            text(out, c.outcome());
            numeric(out, c.points());
            text(out, c.period());
            date(out, c.occurredOn());
            timestamp(out, c.recordedAt());
            text(out, c.providerOrg());
            text(out, null);
            text(out, null);
            text(out, null);
            text(out, statuses.getOrDefault(c.unitId(), Map.of()).get(c.eventId()));
        } else if (fact instanceof DebtorListing l) {
            text(out, l.unitId());
            text(out, l.listingId());
            text(out, "L");
            text(out, null);
            text(out, null);
            text(out, null);
            numeric(out, null);
            text(out, null);
            date(out, null);
            timestamp(out, l.recordedAt());
            text(out, l.providerOrg());
            text(out, l.caseNumber());
            text(out, l.status().name());
            text(out, null);
            text(out, null);
        } else {
            Correction x = (Correction) fact;
            var a = x.amendment();
            text(out, x.unitId());
            text(out, x.correctionId());
            text(out, "X");
            text(out, x.eventId());
            text(out, null);
            text(out, a == null ? null : a.outcome());
            numeric(out, a == null ? null : a.points());
            text(out, null);
            date(out, a == null ? null : a.occurredOn());
            timestamp(out, x.recordedAt());
            text(out, null);
            text(out, null);
            text(out, null);
            text(out, x.kind().name());
            text(out, null);
        }
    }

    /** text and char(n): the UTF-8 bytes; null: length -1. */
    private static void text(ByteBuf out, String value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        int at = out.writerIndex();
        out.writeInt(0);
        int length = out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.setInt(at, length);
    }

    /** PostgreSQL's epoch, 2000-01-01, in days and seconds since 1970-01-01. */
    private static final long PG_EPOCH_DAY = 10_957;

    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;

    private static void date(ByteBuf out, LocalDate value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(4);
        out.writeInt((int) (value.toEpochDay() - PG_EPOCH_DAY));
    }

    /** timestamptz: microseconds since 2000-01-01T00:00Z. */
    private static void timestamp(ByteBuf out, Instant value) {
        out.writeInt(8);
        out.writeLong((value.getEpochSecond() - PG_EPOCH_SECOND) * 1_000_000L + value.getNano() / 1_000);
    }

    /**
     * numeric: base-10000 digits, most significant first, the weight of the first, the sign and the display scale
     * (PostgreSQL's numeric_send layout). The column's numeric(9, 2) applies its scale on receipt, as it does for text.
     */
    static void numeric(ByteBuf out, BigDecimal value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        int dscale = Math.max(0, value.scale());
        int fractionGroups = (dscale + 3) / 4;
        // points are at most 9 digits (numeric(9, 2)): long arithmetic, no BigInteger per row
        long unscaled = value.abs().movePointRight(fractionGroups * 4).longValueExact();
        short[] digits = new short[6];
        int count = 0;
        for (long u = unscaled; u > 0; u /= 10_000) {
            digits[count++] = (short) (u % 10_000); // least significant first
        }
        java.util.ArrayDeque<Short> groups = new java.util.ArrayDeque<>(count); // most significant first
        for (int i = count - 1; i >= 0; i--) {
            groups.addLast(digits[i]);
        }
        int weight = groups.size() - fractionGroups - 1;
        while (!groups.isEmpty() && groups.peekFirst() == 0) { // leading zero groups (0.05 → weight -1)
            groups.removeFirst();
            weight--;
        }
        while (!groups.isEmpty() && groups.peekLast() == 0) { // trailing zero groups carry nothing
            groups.removeLast();
        }
        if (groups.isEmpty()) {
            weight = 0;
        }
        out.writeInt(8 + 2 * groups.size());
        out.writeShort(groups.size());
        out.writeShort(weight);
        out.writeShort(value.signum() < 0 ? 0x4000 : 0x0000);
        out.writeShort(dscale);
        groups.forEach(g -> out.writeShort(g));
    }
}
