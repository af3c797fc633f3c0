package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.scoring.consumer.Decoder;
import cn.jiyuan.integrity.scoring.grading.Grader;
import cn.jiyuan.integrity.scoring.projection.Projector;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Rebuilds the projection from the beginning of the topics into a fresh schema while the live one keeps serving, then
 * swaps it in atomically (docs/operations.md, "Replay"). It only sequences three parts:
 *
 * <ol>
 *   <li>{@link PartitionSetReader} reads the input topics one partition set at a time up to the ends of the moment it
 *       started, into {@link ReplayedUnits};
 *   <li>{@link TargetLoad}, overlapping the reading, folds every unit with the rules library for the evaluation date
 *       (today, or {@code --as-of}), grades the active units, and writes facts, units, scores, grades and the end
 *       offsets into {@code <schema>_replay}, migrated by Flyway like the live schema;
 *   <li>{@link SwitchOver} (not with {@code --as-of} or {@code --no-switch}) catches up with the live consumers, queues
 *       what differs and renames the schemas in one transaction.
 * </ol>
 */
public final class Replay {

    private final DatabaseClient live;
    private final TransactionalOperator liveTx;
    private final Projector projector;
    private final Grader grader;
    private final KafkaProperties kafka;
    private final Clock clock;
    private final Decoder decoder;

    /** The live projection's schema, quoted. */
    private final String schema;

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
        this.live = live;
        this.liveTx = liveTx;
        this.projector = projector;
        this.grader = grader;
        this.kafka = kafka;
        this.clock = clock;
        this.decoder = new Decoder(catalogs);
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

    /** For tests: runs after the replayed projection is built and before the switch-over begins. */
    Replay beforeSwitch(Runnable action) {
        this.beforeSwitch = action;
        return this;
    }

    int run(Environment env, PrintStream out) {
        String asOfArg = env.getProperty("as-of");
        LocalDate date = asOfArg == null ? ChinaTime.dateOf(clock.instant()) : LocalDate.parse(asOfArg);
        boolean switchOver = asOfArg == null && !env.containsProperty("no-switch");
        ReplayTarget target = ReplayTarget.of(env, schema);
        out.printf(
                "replay into %s for %s%s%n", target.schema(), date, switchOver ? ", then switch over" : " (no switch)");

        long started = System.nanoTime();
        ReplayedUnits replayed = new ReplayedUnits(projector, date);
        // the load prepares the target schema on its writer thread while the reader finds the topics' ends
        try (TargetLoad load = new TargetLoad(live, env, target, replayed, clock);
                PartitionSetReader reader = new PartitionSetReader(kafka, decoder, replayed, out, started)) {
            for (List<TopicPartition> set : reader.partitionSets()) {
                Set<String> read = reader.read(set);
                load.add(read, set.get(0).partition());
            }
            long readEnd = System.nanoTime();
            TargetLoad.Loaded loaded = load.finish(reader.end(), date);
            reader.standAtEnd();
            Map<String, ScoreRow> rows = new TreeMap<>(loaded.rows());
            out.println("  " + reader.timings(readEnd));
            out.printf(
                    "  wrote %,d facts and %,d unit rows; after the last record read: folding and copying %.1f s,"
                            + " the last partitions' keys %.1f s (meanwhile the unit rows %.1f s), in all %.1f s%n",
                    loaded.written().rows(),
                    rows.size(),
                    loaded.writerBehindSeconds(),
                    loaded.written().lastKeysSeconds(),
                    loaded.written().meanwhileSeconds(),
                    seconds(readEnd));
            out.printf(
                    "replayed %,d records (%,d undecodable, skipped) into %,d units in %.1f s → %,.0f records/s%n",
                    reader.records(),
                    reader.undecodable(),
                    rows.size(),
                    seconds(started),
                    reader.records() / seconds(started));
            if (switchOver) {
                Instant now = clock.instant();
                beforeSwitch.run();
                new SwitchOver(live, liveTx, projector, grader, schema)
                        .run(reader, replayed, load.targetClient(), target.schema(), rows.keySet(), now, out);
            }
        }
        String built = switchOver ? schema : target.schema();
        out.println("projection " + built + ":");
        out.println(Checksum.of(live, built).describe());
        return 0;
    }

    /** Seconds since a {@link System#nanoTime()} reading, never 0 (rates divide by it). */
    static double seconds(long since) {
        return Math.max(1e-9, (System.nanoTime() - since) / 1e9);
    }
}
