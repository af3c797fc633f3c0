package cn.jiyuan.integrity.scoring.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.ScoringSchema;
import cn.jiyuan.integrity.scoring.projection.Partitions;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The replay's bulk load against the real PostgreSQL, into a freshly migrated schema of its own. */
class FactCopyIntegrationTest {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private String schema;
    private ConnectionFactory connections;
    private DatabaseClient db;

    @BeforeEach
    void migrate() {
        schema = SharedPostgres.schemaFor("factcopy" + SCHEMAS.incrementAndGet()); // each test its own
        ScoringSchema.migrate(schema);
        connections = ConnectionFactories.get(ConnectionFactoryOptions.parse(SharedPostgres.r2dbcUrl())
                .mutate()
                .option(ConnectionFactoryOptions.USER, SharedPostgres.USER)
                .option(Option.valueOf("schema"), schema)
                .build());
        db = DatabaseClient.create(connections);
    }

    @Test
    void rowsReachPostgresqlWhileTheLoadIsOpenAndTheTableEndsAsMigrated() {
        List<String> indexesAsMigrated = indexes();
        List<String> partitionsAsMigrated = partitions();
        assertThat(partitionsAsMigrated)
                .as("a partition for every topic partition, and the default")
                .hasSize(IntegrityTopics.PARTITIONS + 1);
        List<Fact> unitA = facts("A", 15_010); // more than one buffer
        int a = Partitions.of("A");
        String other = Stream.of("B", "C", "D", "E", "F", "G", "H")
                .filter(u -> Partitions.of(u) != a)
                .findFirst()
                .orElseThrow(); // a unit in another partition
        int b = Partitions.of(other);
        List<Fact> unitB = facts(other, 3);
        Map<String, Map<String, FactStatus>> statuses = Map.of("A", Map.of("A-7", FactStatus.COUNTED));
        // unit A's facts in two lists; the second is handed out only once the test says so
        CountDownLatch release = new CountDownLatch(1);
        Iterable<List<Fact>> held = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == 1) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return next < 2;
            }

            @Override
            public List<Fact> next() {
                return next++ == 0 ? unitA.subList(0, 15_000) : unitA.subList(15_000, 15_010);
            }
        };

        FactCopy.Load.Finished finished;
        try (FactCopy.Load load = FactCopy.Load.start(connections)) {
            var adding = CompletableFuture.runAsync(() -> load.add(a, held, statuses, 0));
            // streamed, not gathered until the partition's end: PostgreSQL takes rows while more are being made
            await().atMost(Duration.ofSeconds(30)).until(() -> copiedSoFar() >= 10_000);
            release.countDown();
            adding.join();
            load.add(b, List.of(unitB), statuses, 1);
            finished = load.finish(c -> Mono.empty());
        }

        assertThat(finished.rows()).isEqualTo(15_013);
        assertThat(count("SELECT count(*) FROM unit_facts")).isEqualTo(15_013);
        assertThat(count("SELECT count(*) FROM unit_facts WHERE unit_id = '" + other + "'"))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM unit_facts_p" + a + " WHERE unit_id = 'A' AND kafka_partition = " + a))
                .as("in its partition's table")
                .isEqualTo(15_010);
        Map<String, Object> row = db.sql("SELECT kind, points, occurred_on, recorded_at, status FROM unit_facts"
                        + " WHERE unit_id = 'A' AND fact_id = 'A-7'")
                .fetch()
                .one()
                .block();
        assertThat(row)
                .containsEntry("kind", "C")
                .containsEntry("points", new BigDecimal("-2.50"))
                .containsEntry("occurred_on", LocalDate.of(2025, 3, 8))
                .containsEntry("status", "COUNTED");
        assertThat(row.get("recorded_at").toString()).isEqualTo("2025-03-09T00:00:07Z");
        assertThat(indexes()).isEqualTo(indexesAsMigrated);
        assertThat(partitions()).isEqualTo(partitionsAsMigrated);
    }

    @Test
    void aFailedCopySurfacesInsteadOfHanging() {
        Fact duplicate = facts("C", 1).get(0);
        try (FactCopy.Load load = FactCopy.Load.start(connections)) {
            load.add(Partitions.of("C"), List.of(List.of(duplicate, duplicate)), Map.of(), 0);
            Assertions.assertThatThrownBy(() -> load.finish(c -> Mono.empty()))
                    .hasMessageContaining("could not create unique index")
                    .hasMessageContaining("_pkey");
        }
    }

    private long copiedSoFar() {
        return count("SELECT coalesce(sum(p.tuples_processed), 0) FROM pg_stat_progress_copy p"
                + " JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + schema + "' AND c.relname LIKE 'unit_facts%'");
    }

    private long count(String sql) {
        return db.sql(sql)
                .map((row, meta) -> ((Number) row.get(0)).longValue())
                .one()
                .block();
    }

    /** The partitions of unit_facts and their bounds. */
    private List<String> partitions() {
        return db.sql("SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'unit_facts'::regclass"
                        + " ORDER BY 1")
                .map((row, meta) -> row.get(0, String.class))
                .all()
                .collectList()
                .block();
    }

    private List<String> indexes() {
        return db.sql("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename LIKE 'unit_facts%'"
                        + " ORDER BY indexname")
                .bind(0, schema)
                .map((row, meta) -> row.get(0, String.class))
                .all()
                .collectList()
                .block();
    }

    private static List<Fact> facts(String unit, int n) {
        List<Fact> facts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            facts.add(new CreditFact(
                    unit + "-" + i,
                    unit,
                    "1.1",
                    "o" + i % 3,
                    new BigDecimal("-2.50"),
                    "2025",
                    LocalDate.of(2025, 3, 1).plusDays(i % 100),
                    Instant.parse("2025-03-09T00:00:00Z").plusSeconds(i),
                    "XYB"));
        }
        return facts;
    }
}
