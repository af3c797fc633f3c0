package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Grading;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.projection.Partitions;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Loads the replayed projection into its target schema on a writer thread, overlapping the reading: the writer
 * migrates the freshly dropped target with Flyway and opens the facts' COPY while the first partition set is read;
 * then, while the next set is read, it folds the units of the previous one (a unit's records are all in one partition
 * number) and streams their facts into that partition's table (binary COPY), whose key PostgreSQL builds meanwhile.
 * {@link #finish} writes the units, scores, grades and end offsets while the last keys are built.
 */
final class TargetLoad implements AutoCloseable {

    private final DatabaseClient live;
    private final ConnectionFactory targetConnections;
    private final ReplayedUnits replayed;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "replay-writer"));
    private final List<Future<?>> work = new ArrayList<>();
    private final AtomicReference<FactCopy.Load> load = new AtomicReference<>();

    /** Every folded unit's score row. */
    private final Map<String, ScoreRow> rows = new ConcurrentHashMap<>();

    private int lane;

    /** Starts preparing the target schema; the writer thread then waits for partition sets. */
    TargetLoad(DatabaseClient live, Environment env, ReplayTarget target, ReplayedUnits replayed, Clock clock) {
        this.live = live;
        this.targetConnections = connectionFactory(env, target.schema());
        this.replayed = replayed;
        this.clock = clock;
        work.add(writer.submit(() -> {
            prepare(env, target);
            load.set(FactCopy.Load.start(targetConnections));
        }));
    }

    /** A client on the target schema (for the switch-over). */
    DatabaseClient targetClient() {
        return DatabaseClient.create(targetConnections);
    }

    /** Queues the units of a partition set just read for folding and copying. */
    void add(Set<String> units, int partition) {
        int setLane = ++lane;
        work.add(writer.submit(() -> foldAndCopy(units, partition, setLane)));
    }

    /**
     * Waits for every partition set to be loaded, then writes the other tables; returns how long the writer was
     * behind the reading and what the COPY reports.
     */
    Loaded finish(Map<TopicPartition, Long> end, LocalDate date) {
        long readEnd = System.nanoTime();
        try {
            for (Future<?> f : work) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing, folding or loading failed: " + e.getCause(), e.getCause());
        }
        double writerBehind = Replay.seconds(readEnd);
        // units, scores, grades and offsets are written while PostgreSQL builds the facts' primary key
        FactCopy.Load.Finished written = load.get().finish(c -> writeUnitsScoresAndGrades(c, end, date));
        return new Loaded(rows, written, writerBehind);
    }

    record Loaded(Map<String, ScoreRow> rows, FactCopy.Load.Finished written, double writerBehindSeconds) {}

    @Override
    public void close() {
        writer.shutdownNow();
        if (load.get() != null) {
            load.get().close();
        }
    }

    /** The grades of the active units among {@code rows}. */
    static List<GradedUnit> grades(Collection<ScoreRow> rows) {
        Map<String, BigDecimal> active = new HashMap<>();
        rows.stream().filter(ScoreRow::active).forEach(r -> active.put(r.unitId(), r.score()));
        return Grading.grade(active);
    }

    private void prepare(Environment env, ReplayTarget target) {
        live.sql("DROP SCHEMA IF EXISTS " + target.schema() + " CASCADE").then().block();
        Flyway.configure()
                .dataSource(
                        env.getRequiredProperty("spring.flyway.url"),
                        env.getProperty("spring.flyway.user", env.getProperty("spring.r2dbc.username")),
                        env.getProperty("spring.flyway.password", ""))
                .schemas(target.schema())
                .defaultSchema(target.schema())
                .locations(env.getProperty("spring.flyway.locations", "classpath:db/migration/scoring"))
                .load()
                .migrate();
        live.sql("UPDATE " + target.schema() + ".meta SET generation = md5(random()::text || clock_timestamp()::text),"
                        + " built_by = $1, created_at = now()")
                .bind(0, "replay by " + target.operator())
                .then()
                .block();
    }

    /** On the writer thread: folds the units of one partition set and queues their facts for the COPY. */
    private void foldAndCopy(Set<String> units, int partition, int setLane) {
        for (String unit : units) {
            if (Partitions.of(unit) != partition) {
                throw new IllegalStateException("unit " + unit + " has its records in partition " + partition
                        + " of the topics, but the projection puts it in partition " + Partitions.of(unit)
                        + ": the input topics must have " + IntegrityTopics.PARTITIONS
                        + " partitions and be keyed by unit id");
            }
        }
        // units in id order and each unit's facts in key order (firstDeliveries): rows reach the table close to the
        // order of its primary key, which PostgreSQL then sorts faster
        List<String> ids = units.stream().sorted().toList();
        List<List<Fact>> kept = ids.parallelStream()
                .map(u -> {
                    List<Fact> unitFacts = replayed.kept(u);
                    rows.put(u, replayed.fold(u, unitFacts));
                    return unitFacts;
                })
                .toList();
        load.get().add(partition, kept, replayed.statuses(), setLane);
        // Holding a million facts to the end made every young collection copy them.
        replayed.forget(ids);
    }

    /**
     * The replay's other tables, into the freshly migrated (empty) target on one connection, each in one binary COPY:
     * a few thousand rows, written while PostgreSQL builds the facts' key.
     */
    private Mono<Void> writeUnitsScoresAndGrades(Connection target, Map<TopicPartition, Long> end, LocalDate date) {
        Instant now = clock.instant();
        List<GradedUnit> graded = grades(rows.values());
        return FactCopy.copy(
                        target,
                        "units",
                        "unit_id, name, active, registered_at",
                        4,
                        replayed.registrations(),
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
                                .text(r.indicatorsJson())
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
}
