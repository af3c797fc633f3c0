package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Grading;
import cn.jiyuan.integrity.rules.units.Registrations;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.consumer.Decoder;
import cn.jiyuan.integrity.scoring.grading.Grader;
import cn.jiyuan.integrity.scoring.projection.FactKeys;
import cn.jiyuan.integrity.scoring.projection.OutboxRecord;
import cn.jiyuan.integrity.scoring.projection.Partitions;
import cn.jiyuan.integrity.scoring.projection.ProjectionStore;
import cn.jiyuan.integrity.scoring.projection.Projector;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import cn.jiyuan.integrity.scoring.projection.UnitState;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Rebuilds the projection from the beginning of the topics into a fresh schema while the live one keeps serving, then
 * swaps it in atomically (README "Replay").
 *
 * <ol>
 *   <li>Reads the three input topics from their beginning up to the end offsets of the moment it started, decoding
 *       as the live consumer does (records it cannot decode were dead-lettered by the live service and are skipped),
 *       keeping every unit's facts in memory.
 *   <li>Folds every unit with the rules library for the evaluation date (today, or {@code --as-of}), grades all
 *       active units, and writes facts, units, scores, grades and the end offsets into {@code <schema>_replay},
 *       migrated by Flyway like the live schema. Reading and writing overlap: the topics are read one partition
 *       number at a time (the topics are co-partitioned by unit id), and a writer thread folds the units of a
 *       partition and streams their facts into that partition's table (binary COPY), whose key PostgreSQL builds
 *       while the next partition is read.
 *   <li>Switch (not with {@code --as-of} or {@code --no-switch}): in one transaction holding the live projection's
 *       {@code meta} table exclusively — live batches wait — it reads what the live consumers have committed up to,
 *       replays the few records in between, queues unit-scores and grade-changes only for what really differs from
 *       the live projection (normally nothing), carries over unpublished outbox rows, and renames the schemas. The
 *       live consumers then see a new generation and continue from the replayed offsets.
 * </ol>
 */
public final class Replay {

    /** The live consumer's inputs, and every registration change beside the compacted directory (audit D3). */
    private static final List<String> TOPICS = List.of(
            IntegrityTopics.CREDIT_EVENTS.name(),
            IntegrityTopics.UNITS.name(),
            IntegrityTopics.OBJECTIONS.name(),
            IntegrityTopics.UNIT_REGISTRATIONS.name());

    private final DatabaseClient live;
    private final ProjectionStore liveStore;
    private final TransactionalOperator liveTx;
    private final Projector projector;
    private final Grader grader;
    private final KafkaProperties kafka;
    private final Clock clock;
    private final String schema;
    private final Decoder decoder;

    /**
     * Facts by unit, as delivered (the first delivery of a fact wins when a unit is folded, as in the live table).
     * Concurrent map: the reader adds the units of the next partition while the writer folds those of the previous one,
     * then drops them.
     */
    private final Map<String, List<Fact>> facts = new ConcurrentHashMap<>();

    private final Map<String, UnitState> units = new ConcurrentHashMap<>();

    /** The date replayed: the registrations and facts known at its end count. */
    private LocalDate asOf;

    private long records;
    private long undecodable;
    private Runnable beforeSwitch = () -> {};

    Replay(
            DatabaseClient live,
            TransactionalOperator liveTx,
            Projector projector,
            Grader grader,
            KafkaProperties kafka,
            Clock clock,
            Catalogs catalogs,
            String schema) {
        this.decoder = new Decoder(catalogs);
        this.live = live;
        this.liveStore = new ProjectionStore(live);
        this.liveTx = liveTx;
        this.projector = projector;
        this.grader = grader;
        this.kafka = kafka;
        this.clock = clock;
        this.schema = Checksum.quote(schema);
    }

    static Replay fromContext(ConfigurableApplicationContext context, String schema) {
        return new Replay(
                context.getBean(DatabaseClient.class),
                context.getBean(TransactionalOperator.class),
                context.getBean(Projector.class),
                context.getBean(Grader.class),
                context.getBean(KafkaProperties.class),
                context.getBean(Clock.class),
                context.getBean(Catalogs.class),
                schema);
    }

    int run(Environment env, PrintStream out) {
        String asOfArg = env.getProperty("as-of");
        LocalDate date = asOfArg == null ? ChinaTime.dateOf(clock.instant()) : LocalDate.parse(asOfArg);
        asOf = date;
        boolean switchOver = asOfArg == null && !env.containsProperty("no-switch");
        ReplayTarget replayTarget = ReplayTarget.of(env, schema);
        String target = replayTarget.schema();
        out.printf("replay into %s for %s%s%n", target, date, switchOver ? ", then switch over" : " (no switch)");

        long started = System.nanoTime();
        ConnectionFactory targetConnections = connectionFactory(env, target);
        DatabaseClient targetDb = DatabaseClient.create(targetConnections);
        ProjectionStore targetStore = new ProjectionStore(targetDb);

        Map<TopicPartition, Long> end;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            Map<String, ScoreRow> rows = new ConcurrentHashMap<>();
            FactCopy.Load.Finished written;
            long readEnd;
            double writerBehind;
            ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "replay-writer"));
            AtomicReference<FactCopy.Load> load = new AtomicReference<>();
            try {
                // A pipeline. The writer migrates the target schema and opens the COPY while reading begins; then,
                // while the next partition is read, it folds the units of the previous one and streams their facts
                // into the COPY (a unit's records are all in one partition number).
                List<Future<?>> work = new ArrayList<>();
                work.add(writer.submit(() -> {
                    prepare(env, target, replayTarget.operator());
                    load.set(FactCopy.Load.start(targetConnections));
                }));
                List<TopicPartition> partitions = partitions(consumer);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                end = consumer.endOffsets(partitions);
                long total = 0;
                for (TopicPartition tp : partitions) {
                    total += end.get(tp) - begin.get(tp);
                }
                setupNanos = System.nanoTime() - started;
                for (List<TopicPartition> set : partitionSets(partitions)) {
                    consumer.assign(set);
                    consumer.seekToBeginning(set);
                    Set<String> touched = read(consumer, slice(end, set), total, out, started);
                    int lane = setNumber;
                    int partition = set.get(0).partition();
                    work.add(writer.submit(() -> foldAndLoad(touched, partition, date, rows, load.get(), lane)));
                }
                readEnd = System.nanoTime();
                for (Future<?> f : work) {
                    f.get();
                }
                writerBehind = seconds(readEnd);
                Map<TopicPartition, Long> ends = end;
                // units, scores, grades and offsets are written while PostgreSQL builds the facts' primary key
                written = load.get().finish(c -> writeUnitsScoresAndGrades(c, rows, ends, date));
                consumer.assign(partitions);
                end.forEach(consumer::seek);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("replay interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("preparing, folding or loading failed: " + e.getCause(), e.getCause());
            } finally {
                writer.shutdownNow();
                if (load.get() != null) {
                    load.get().close();
                }
            }
            Instant now = clock.instant();
            Map<String, ScoreRow> sorted = new TreeMap<>(rows);
            out.printf(
                    "  read in %.1f s: finding the topics' ends %.1f s, polling %.1f s, decoding %.1f s, applying %.1f s%n",
                    (readEnd - started) / 1e9, setupNanos / 1e9, pollNanos / 1e9, decodeNanos / 1e9, applyNanos / 1e9);
            out.printf(
                    "  wrote %,d facts and %,d unit rows; after the last record read: folding and copying %.1f s,"
                            + " the last partitions' keys %.1f s (meanwhile the unit rows %.1f s), in all %.1f s%n",
                    written.rows(),
                    sorted.size(),
                    writerBehind,
                    written.lastKeysSeconds(),
                    written.meanwhileSeconds(),
                    seconds(readEnd));
            out.printf(
                    "replayed %,d records (%,d undecodable, skipped) into %,d units in %.1f s → %,.0f records/s%n",
                    records, undecodable, sorted.size(), seconds(started), records / seconds(started));
            if (switchOver) {
                beforeSwitch.run();
                switchOver(consumer, targetStore, targetDb, target, sorted.keySet(), date, now, out);
            }
        }
        out.println("projection " + (switchOver ? schema : target) + ":");
        out.println(Checksum.of(live, switchOver ? schema : target).describe());
        return 0;
    }

    /** For tests: runs after the replayed projection is built and before the switch-over begins. */
    Replay beforeSwitch(Runnable action) {
        this.beforeSwitch = action;
        return this;
    }

    private void prepare(Environment env, String target, String operator) {
        live.sql("DROP SCHEMA IF EXISTS " + target + " CASCADE").then().block();
        Flyway.configure()
                .dataSource(
                        env.getRequiredProperty("spring.flyway.url"),
                        env.getProperty("spring.flyway.user", env.getProperty("spring.r2dbc.username")),
                        env.getProperty("spring.flyway.password", ""))
                .schemas(target)
                .defaultSchema(target)
                .locations(env.getProperty("spring.flyway.locations", "classpath:db/migration/scoring"))
                .load()
                .migrate();
        live.sql("UPDATE " + target + ".meta SET generation = md5(random()::text || clock_timestamp()::text),"
                        + " built_by = $1, created_at = now()")
                .bind(0, "replay by " + operator)
                .then()
                .block();
    }

    private static ConnectionFactory connectionFactory(Environment env, String target) {
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(
                        env.getRequiredProperty("spring.r2dbc.url"))
                .mutate()
                .option(Option.valueOf("schema"), target);
        String user = env.getProperty("spring.r2dbc.username");
        if (user != null) {
            options.option(ConnectionFactoryOptions.USER, user);
        }
        String password = env.getProperty("spring.r2dbc.password");
        if (password != null && !password.isEmpty()) {
            options.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        return ConnectionFactories.get(options.build());
    }

    private KafkaConsumer<String, byte[]> consumer() {
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

    /**
     * The partition sets to read one after another: partition number p of the three topics together, which holds
     * every record of the units hashed to p — or all partitions at once if the topics' partition counts differ.
     */
    private static List<List<TopicPartition>> partitionSets(List<TopicPartition> partitions) {
        Map<String, Integer> counts = new HashMap<>();
        partitions.forEach(tp -> counts.merge(tp.topic(), 1, Integer::sum));
        if (new java.util.HashSet<>(counts.values()).size() != 1) {
            return List.of(partitions);
        }
        Map<Integer, List<TopicPartition>> byNumber = new TreeMap<>();
        partitions.forEach(tp ->
                byNumber.computeIfAbsent(tp.partition(), k -> new ArrayList<>()).add(tp));
        return List.copyOf(byNumber.values());
    }

    private static Map<TopicPartition, Long> slice(Map<TopicPartition, Long> end, List<TopicPartition> set) {
        Map<TopicPartition, Long> slice = new HashMap<>();
        set.forEach(tp -> slice.put(tp, end.get(tp)));
        return slice;
    }

    private long lastReport = System.nanoTime();

    /** Where the reading's time went: waiting for records, decoding them, applying them. */
    private long pollNanos;

    private long decodeNanos;
    private long setupNanos;
    private long applyNanos;

    /** Which partition set each unit was read in: a unit met in two would break the pipeline's premise. */
    private final Map<String, Integer> unitSet = new HashMap<>();

    private int setNumber;

    /** Reads the assigned partitions to {@code end}; returns the units whose records were read. */
    private Set<String> read(
            KafkaConsumer<String, byte[]> consumer,
            Map<TopicPartition, Long> end,
            long total,
            PrintStream out,
            long t0) {
        setNumber++;
        Set<String> touched = new java.util.HashSet<>();
        while (!reached(consumer, end)) {
            long polled = System.nanoTime();
            ConsumerRecords<String, byte[]> polledRecords = consumer.poll(Duration.ofMillis(500));
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polledRecords.count());
            for (TopicPartition tp : polledRecords.partitions()) { // one limit lookup per partition, not per record
                Long limit = end.get(tp);
                for (ConsumerRecord<String, byte[]> r : polledRecords.records(tp)) {
                    if (limit != null && r.offset() < limit) {
                        batch.add(r);
                    }
                }
            }
            long t1 = System.nanoTime();
            // Decoding is most of the reading: on all cores, then applied in offset order on this thread.
            Object[] decoded = new Object[batch.size()];
            java.util.stream.IntStream.range(0, batch.size()).parallel().forEach(i -> {
                try {
                    decoded[i] = decoder.decode(batch.get(i));
                } catch (RuntimeException e) {
                    decoded[i] = e;
                }
            });
            long t2 = System.nanoTime();
            pollNanos += t1 - polled;
            decodeNanos += t2 - t1;
            for (Object d : decoded) {
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
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                double rate = records / seconds(t0);
                out.printf(
                        "  %,d / %,d records (%.0f%%), %,.0f records/s, ETA %.0f s%n",
                        records,
                        total,
                        total == 0 ? 100.0 : 100.0 * records / total,
                        rate,
                        rate == 0 ? 0 : (total - records) / rate);
            }
        }
        return touched;
    }

    /** On the writer thread: folds the units of one partition set and queues their facts for the COPY. */
    private void foldAndLoad(
            Set<String> touched,
            int partition,
            LocalDate date,
            Map<String, ScoreRow> rows,
            FactCopy.Load load,
            int lane) {
        for (String unit : touched) {
            if (Partitions.of(unit) != partition) {
                throw new IllegalStateException("unit " + unit + " has its records in partition " + partition
                        + " of the topics, but the projection puts it in partition " + Partitions.of(unit)
                        + ": the input topics must have " + IntegrityTopics.PARTITIONS
                        + " partitions and be keyed by unit id");
            }
        }
        // units in id order and each unit's facts in key order (firstDeliveries): rows reach the table close to the
        // order of its primary key, which PostgreSQL then sorts faster
        List<String> ids = touched.stream().sorted().toList();
        List<List<Fact>> kept = ids.parallelStream()
                .map(u -> {
                    List<Fact> unitFacts = kept(facts.getOrDefault(u, List.of()), date);
                    rows.put(u, foldOne(u, unitFacts, date));
                    return unitFacts;
                })
                .toList();
        load.add(partition, kept, statuses, lane);
        // Loaded: these units' facts are in the COPY now and are not needed again (the switch-over reads the few it
        // may need back from the table). Holding a million facts to the end made every young collection copy them.
        facts.keySet().removeAll(ids);
        statuses.keySet().removeAll(ids);
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Returns the unit the record touched, or null. */
    private String apply(ConsumerRecord<String, byte[]> r) {
        Object decoded;
        try {
            decoded = decoder.decode(r);
        } catch (RuntimeException e) {
            decoded = e;
        }
        return apply(decoded);
    }

    /** Applies a decoded record (or the exception decoding it threw); returns the unit it touched, or null. */
    private String apply(Object decoded) {
        records++;
        if (!(decoded instanceof Decoder.Input input)) {
            undecodable++;
            return null;
        }
        if (input.fact() != null) {
            facts.computeIfAbsent(input.unitId(), k -> new ArrayList<>()).add(input.fact());
            return input.unitId();
        }
        if (input.unit() != null) {
            // the registration in force at the end of the replayed date, not the last one read (audit D3)
            UnitState read = input.unit();
            units.compute(
                    input.unitId(),
                    (id, was) ->
                            Registrations.replaces(was == null ? null : was.registeredAt(), read.registeredAt(), asOf)
                                    ? read
                                    : was);
            return input.unitId();
        }
        return null;
    }

    /**
     * The first deliveries, without credit facts beyond retention on {@code date} and the corrections of those facts,
     * as the live purge.
     */
    private List<Fact> kept(List<Fact> delivered, LocalDate date) {
        List<Fact> unitFacts = FactKeys.firstDeliveries(delivered);
        LocalDate limit = Window.retentionLimit(date);
        List<Fact> kept = new ArrayList<>(unitFacts.size());
        java.util.Set<String> purged = new java.util.HashSet<>();
        for (Fact f : unitFacts) {
            if (f instanceof CreditFact c && !c.occurredOn().isAfter(limit)) {
                purged.add(c.eventId());
            }
        }
        for (Fact f : unitFacts) {
            if (f instanceof CreditFact c && purged.contains(c.eventId())) {
                continue;
            }
            if (f instanceof Correction x && purged.contains(x.eventId())) {
                continue;
            }
            kept.add(f);
        }
        return kept;
    }

    /** Each credit fact's status from the last fold (unit → eventId → status), written with the facts. */
    private final Map<String, Map<String, String>> statuses = new ConcurrentHashMap<>();

    private ScoreRow foldOne(String unit, LocalDate date) {
        return foldOne(unit, kept(facts.getOrDefault(unit, List.of()), date), date);
    }

    private ScoreRow foldOne(String unit, List<Fact> kept, LocalDate date) {
        Projector.Folded folded = projector.fold(unit, kept, units.get(unit), date);
        statuses.put(unit, folded.statuses());
        return folded.row();
    }

    /**
     * The replay's other tables, into the freshly migrated (empty) target on one connection, each in one binary COPY:
     * a few thousand rows, written while PostgreSQL builds the facts' key.
     */
    private Mono<Void> writeUnitsScoresAndGrades(
            io.r2dbc.spi.Connection target, Map<String, ScoreRow> rows, Map<TopicPartition, Long> end, LocalDate date) {
        Instant now = clock.instant();
        List<GradedUnit> graded = grades(rows);
        return FactCopy.copy(
                        target,
                        "units",
                        "unit_id, name, active, registered_at",
                        4,
                        units.values(),
                        (out, u) -> out.text(u.unitId())
                                .text(u.name())
                                .bool(u.active())
                                .timestamp(u.registeredAt()))
                .then(FactCopy.copy(
                        target,
                        "unit_scores",
                        "unit_id, kafka_partition, as_of, catalog_version, score, raw_score, debtor_listed, active,"
                                + " indicators, updated_at",
                        10,
                        rows.values(),
                        (out, r) -> out.text(r.unitId())
                                .int4(r.partition())
                                .date(r.asOf())
                                .text(r.catalogVersion())
                                .numeric(r.score())
                                .numeric(r.rawScore())
                                .bool(r.debtorListed())
                                .bool(r.active())
                                .text(r.indicators())
                                .timestamp(now)))
                .then(FactCopy.copy(
                        target,
                        "grades",
                        "unit_id, grade, as_of",
                        3,
                        graded,
                        (out, g) -> out.text(g.unitId()).text(g.grade().name()).date(date)))
                .then(FactCopy.copy(
                        target,
                        "consumer_offsets",
                        "topic, kafka_partition, next_offset",
                        3,
                        end.entrySet(),
                        (out, e) -> out.text(e.getKey().topic())
                                .int4(e.getKey().partition())
                                .int8(e.getValue())))
                .then();
    }

    private static List<GradedUnit> grades(Map<String, ScoreRow> rows) {
        Map<String, BigDecimal> active = new HashMap<>();
        rows.values().stream().filter(ScoreRow::active).forEach(r -> active.put(r.unitId(), r.score()));
        return Grading.grade(active);
    }

    private static void writeGrades(DatabaseClient db, Map<String, ScoreRow> rows, LocalDate date) {
        List<String> units = new ArrayList<>();
        List<String> grades = new ArrayList<>();
        for (GradedUnit g : grades(rows)) {
            units.add(g.unitId());
            grades.add(g.grade().name());
        }
        db.sql("DELETE FROM grades").then().block();
        if (!units.isEmpty()) {
            db.sql(
                            "INSERT INTO grades (unit_id, grade, as_of) SELECT u, g, $3 FROM unnest($1::text[], $2::text[]) AS x(u, g)")
                    .bind(0, units.toArray(String[]::new))
                    .bind(1, grades.toArray(String[]::new))
                    .bind(2, date)
                    .then()
                    .block();
        }
    }

    /** The atomic switch-over described in the class comment. */
    private void switchOver(
            KafkaConsumer<String, byte[]> consumer,
            ProjectionStore target,
            DatabaseClient targetDb,
            String targetSchema,
            java.util.Set<String> folded,
            LocalDate date,
            Instant now,
            PrintStream out) {
        String retired = schema + "_retired_"
                + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(now.atOffset(ZoneOffset.UTC));
        Mono<Integer> work = live.sql("LOCK TABLE " + schema + ".meta IN ACCESS EXCLUSIVE MODE")
                .then()
                .then(Mono.fromCallable(() -> catchUpAndDiff(consumer, target, targetDb, folded, date, now))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .flatMap(queued -> live.sql("INSERT INTO " + targetSchema + ".outbox (topic, record_key, payload)"
                                + " SELECT topic, record_key, payload FROM " + schema + ".outbox ORDER BY id")
                        .then()
                        .then(live.sql("ALTER SCHEMA " + schema + " RENAME TO " + retired)
                                .then())
                        .then(live.sql("ALTER SCHEMA " + targetSchema + " RENAME TO " + schema)
                                .then())
                        .thenReturn(queued));
        Integer queued = liveTx.transactional(work).block();
        out.printf(
                "switched: %s is now the replayed projection (%d record(s) queued for changes that differ);"
                        + " the previous one is kept as %s%n",
                schema, queued, retired);
        dropOlderRetired(retired, out);
    }

    /**
     * Inside the switch transaction: brings the replayed projection to the live consumers' committed offsets, then
     * queues what differs from the live projection. Returns the number of records queued.
     */
    private int catchUpAndDiff(
            KafkaConsumer<String, byte[]> consumer,
            ProjectionStore target,
            DatabaseClient targetDb,
            java.util.Set<String> folded,
            LocalDate date,
            Instant now) {
        Map<TopicPartition, Long> committed =
                liveStore.offsets(consumer.assignment()).block();
        java.util.Set<String> touched = new TreeSet<>();
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            positions.put(tp, consumer.position(tp));
        }
        Map<TopicPartition, Long> gap = new HashMap<>();
        committed.forEach((tp, offset) -> {
            Long at = positions.get(tp);
            if (at != null && offset > at) {
                gap.put(tp, offset);
            }
        });
        while (!gap.isEmpty() && !reached(consumer, gap)) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Long limit = gap.get(new TopicPartition(r.topic(), r.partition()));
                if (limit != null && r.offset() < limit) {
                    String unit = apply(r);
                    if (unit != null) {
                        touched.add(unit);
                    }
                }
            }
        }
        if (!touched.isEmpty()) {
            mergeStored(target, touched);
            List<Fact> newFacts = new ArrayList<>();
            List<UnitState> newUnits = new ArrayList<>();
            List<ScoreRow> newRows = new ArrayList<>();
            for (String unit : touched) {
                newFacts.addAll(kept(facts.getOrDefault(unit, List.of()), date));
                if (units.containsKey(unit)) {
                    newUnits.add(units.get(unit));
                }
                newRows.add(foldOne(unit, date));
            }
            List<String[]> statusChanges = new ArrayList<>();
            for (String unit : touched) {
                statuses.getOrDefault(unit, Map.of())
                        .forEach((eventId, status) -> statusChanges.add(new String[] {unit, eventId, status}));
            }
            target.insertFacts(newFacts, statuses)
                    .then(target.updateStatuses(statusChanges))
                    .then(target.upsertUnits(newUnits))
                    .then(target.upsertScores(newRows, now))
                    .block();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>(positions);
        offsets.putAll(gap);
        target.saveOffsets(offsets).block();

        java.util.Set<String> all = new TreeSet<>(folded);
        all.addAll(touched);
        Map<String, ScoreRow> replayed = new TreeMap<>(target.scores(all).block());
        writeGrades(targetDb, replayed, date);
        Map<String, ScoreRow> current = liveStore.scores(replayed.keySet()).block();
        List<OutboxRecord> queue = new ArrayList<>();
        for (ScoreRow row : replayed.values()) {
            if (row.publishedContentDiffers(current.get(row.unitId()))) {
                queue.add(projector.unitScoreRecord(row, now));
            }
        }
        Map<String, Grader.StoredGrade> liveGrades = grader.storedGrades().block();
        Map<String, BigDecimal> scores = new HashMap<>();
        replayed.values().forEach(r -> scores.put(r.unitId(), r.score()));
        queue.addAll(
                grader.diff(grades(replayed), liveGrades, scores, date, now).changes());
        target.enqueue(queue).block();
        return queue.size();
    }

    /**
     * Puts the stored facts of these units (written by the load, no longer in memory) in front of those read since:
     * the stored ones were delivered first, and the first delivery of a fact wins.
     */
    private void mergeStored(ProjectionStore target, java.util.Set<String> units) {
        ProjectionStore.Stored stored = target.factsOf(units).block();
        for (String unit : units) {
            List<Fact> merged = new ArrayList<>(stored.facts().getOrDefault(unit, List.of()));
            merged.addAll(facts.getOrDefault(unit, List.of()));
            facts.put(unit, merged);
        }
    }

    private void dropOlderRetired(String keep, PrintStream out) {
        List<String> old = live.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 AND nspname <> $2")
                .bind(0, schema + "\\_retired\\_%")
                .bind(1, keep)
                .map((row, meta) -> row.get("nspname", String.class))
                .all()
                .collectList()
                .block();
        for (String s : old) {
            live.sql("DROP SCHEMA " + Checksum.quote(s) + " CASCADE").then().block();
            out.println("dropped the older retired projection " + s);
        }
    }

    private static double seconds(long since) {
        return Math.max(1e-9, (System.nanoTime() - since) / 1e9);
    }
}
