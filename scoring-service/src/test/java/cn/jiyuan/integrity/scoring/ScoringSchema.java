package cn.jiyuan.integrity.scoring;

import cn.jiyuan.integrity.support.testing.SharedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/** A scoring schema of a test's own in the shared PostgreSQL, migrated by the service's Flyway scripts. */
public final class ScoringSchema {

    private ScoringSchema() {}

    /** Migrates {@code schema} to the latest version. */
    public static void migrate(String schema) {
        migrate(schema, MigrationVersion.LATEST);
    }

    /** Migrates {@code schema} up to {@code target}. */
    public static void migrate(String schema, MigrationVersion target) {
        Flyway.configure()
                .dataSource(SharedPostgres.jdbcUrl(), SharedPostgres.USER, "")
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration/scoring")
                .target(target)
                .load()
                .migrate();
    }
}
