package cn.jiyuan.integrity.scoring.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
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
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/** The replay's bulk load against the real PostgreSQL, into a freshly migrated schema of its own. */
class FactCopyIntegrationTest {

    private static final java.util.concurrent.atomic.AtomicInteger SCHEMAS =
            new java.util.concurrent.atomic.AtomicInteger();

    private String schema;
    private ConnectionFactory connections;
    private DatabaseClient db;

    @BeforeEach
    void migrate() {
        schema = SharedPostgres.schemaFor("factcopy" + SCHEMAS.incrementAndGet()); // each test its own
        Flyway.configure()
                .dataSource(SharedPostgres.jdbcUrl(), SharedPostgres.USER, "")
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration/scoring")
                .load()
                .migrate();
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
        List<Fact> unitA = facts("A", 15_000); // more than one buffer
        List<Fact> unitB = facts("B", 3);
        Map<String, Map<String, String>> statuses = Map.of("A", Map.of("A-7", "COUNTED"));

        FactCopy.Load.Finished finished;
        try (FactCopy.Load load = FactCopy.Load.start(connections)) {
            load.add(List.of(unitA), statuses, 0);
            // streamed, not gathered until the end: PostgreSQL has taken rows before the load is finished
            await().atMost(Duration.ofSeconds(30)).until(() -> copiedSoFar() >= 10_000);
            load.add(List.of(unitB), statuses, 1);
            finished = load.finish(c -> reactor.core.publisher.Mono.empty());
        }

        assertThat(finished.rows()).isEqualTo(15_003);
        assertThat(count("SELECT count(*) FROM unit_facts")).isEqualTo(15_003);
        assertThat(count("SELECT count(*) FROM unit_facts WHERE unit_id = 'B'")).isEqualTo(3);
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
    }

    @Test
    void aFailedCopySurfacesInsteadOfHanging() {
        Fact duplicate = facts("C", 1).get(0);
        try (FactCopy.Load load = FactCopy.Load.start(connections)) {
            load.add(List.of(List.of(duplicate, duplicate)), Map.of(), 0);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> load.finish(c -> reactor.core.publisher.Mono.empty()))
                    .hasMessageContaining("unit_facts_pkey");
        }
    }

    private long copiedSoFar() {
        return count("SELECT coalesce(sum(tuples_processed), 0) FROM pg_stat_progress_copy WHERE relid = '" + schema
                + ".unit_facts'::regclass");
    }

    private long count(String sql) {
        return db.sql(sql)
                .map((row, meta) -> ((Number) row.get(0)).longValue())
                .one()
                .block();
    }

    private List<String> indexes() {
        return db.sql("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'unit_facts'"
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
