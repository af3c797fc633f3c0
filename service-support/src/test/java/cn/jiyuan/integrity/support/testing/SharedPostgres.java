package cn.jiyuan.integrity.support.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database {@code test}, trust auth; override with INTEGRITY_TEST_PG_HOST,
 * _PORT, _DB, _USER), with a fresh schema per test JVM so that runs never see each other's rows. The schema is
 * dropped when the JVM exits.
 */
public final class SharedPostgres {

    public static final String HOST = env("INTEGRITY_TEST_PG_HOST", "127.0.0.1");
    public static final String PORT = env("INTEGRITY_TEST_PG_PORT", "5432");
    public static final String DATABASE = env("INTEGRITY_TEST_PG_DB", "test");
    public static final String USER = env("INTEGRITY_TEST_PG_USER", "postgres");

    private static final String SCHEMA_PREFIX =
            "it_" + Long.toString(ProcessHandle.current().pid(), 36) + "_"
                    + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + "_";

    private SharedPostgres() {}

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    public static String r2dbcUrl() {
        return "r2dbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    /** A schema name unique to this JVM for {@code service}; it is dropped at exit. */
    public static synchronized String schemaFor(String service) {
        String schema = SCHEMA_PREFIX + service.replaceAll("[^a-z0-9]", "_");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(schema), "drop-" + schema));
        return schema;
    }

    private static void drop(String schema) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
