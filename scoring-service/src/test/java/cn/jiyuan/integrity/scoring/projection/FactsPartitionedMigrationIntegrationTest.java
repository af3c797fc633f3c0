package cn.jiyuan.integrity.scoring.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.scoring.ScoringSchema;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * Flyway V6 on a projection that already holds facts: every fact moves into its unit's partition, nothing is lost, and
 * a unit without a score row (which the service never leaves behind) keeps its facts in the default partition.
 */
class FactsPartitionedMigrationIntegrationTest {

    @Test
    void factsMoveIntoTheirUnitsPartitions() throws SQLException {
        String schema = SharedPostgres.schemaFor("factsv6");
        ScoringSchema.migrate(schema, MigrationVersion.fromVersion("5"));
        List<String> units = List.of("KJZ", "SFJ", "JGW", "BENCH00042", "ORPHAN");
        try (Connection c = DriverManager.getConnection(SharedPostgres.jdbcUrl(), SharedPostgres.USER, "");
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            for (String unit : units) {
                for (int i = 0; i < 3; i++) {
                    s.execute("INSERT INTO unit_facts (unit_id, fact_id, kind, indicator, outcome, occurred_on,"
                            + " recorded_at, provider_org, status) VALUES ('" + unit + "', '" + unit + "-" + i
                            + "', 'C', '4.1', 'TALK_OR_CRITICISM', DATE '2026-01-05', TIMESTAMPTZ"
                            + " '2026-01-06 10:00+08', 'JGW', 'COUNTED')");
                }
                if (!unit.equals("ORPHAN")) {
                    s.execute("INSERT INTO unit_scores (unit_id, kafka_partition, as_of, catalog_version, score,"
                            + " raw_score, debtor_listed, active, indicators, updated_at) VALUES ('" + unit + "', "
                            + Partitions.of(unit) + ", DATE '2026-01-06', 'jgb-2022-44', 99, 99, false, true, '[]',"
                            + " now())");
                }
            }
        }

        ScoringSchema.migrate(schema);

        try (Connection c = DriverManager.getConnection(SharedPostgres.jdbcUrl(), SharedPostgres.USER, "");
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            List<String> placed = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT tableoid::regclass::text AS t, unit_id, count(*) AS n,"
                    + " min(kafka_partition) AS p, min(status) AS st FROM unit_facts GROUP BY 1, 2 ORDER BY 2")) {
                while (r.next()) {
                    placed.add(r.getString("unit_id") + " " + r.getString("t") + " " + r.getInt("p") + " "
                            + r.getInt("n") + " " + r.getString("st"));
                }
            }
            List<String> expected = new ArrayList<>();
            for (String unit : units.stream().sorted().toList()) {
                expected.add(
                        unit.equals("ORPHAN")
                                ? "ORPHAN unit_facts_other -1 3 COUNTED"
                                : unit + " unit_facts_p" + Partitions.of(unit) + " " + Partitions.of(unit)
                                        + " 3 COUNTED");
            }
            assertThat(placed).isEqualTo(expected);
        }
    }
}
