package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's PostgreSQL keeps what it acknowledged (reliability probe D2: it ran with fsync and
 * synchronous_commit off, and a crash lost an acknowledged fact), and a launcher killed with {@code kill -9} leaves no
 * server behind that the next launcher would silently reuse (D11).
 */
class LocalPostgresTest {

    /** Run in a child JVM: starts the local PostgreSQL in {@code args[0]} on port {@code args[1]} and waits. */
    public static void main(String[] args) throws Exception {
        LocalPostgres.start(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }

    @Test
    void aServerLeftByAKilledLauncherIsStoppedAndTheNewOneIsDurable(@TempDir Path data) throws Exception {
        int port = freePort();
        File log = data.resolve("child.log").toFile();
        Process launcher = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalPostgresTest.class.getName(),
                        data.toString(),
                        Integer.toString(port)))
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(log.toPath()).contains("READY"));
        } finally {
            launcher.destroyForcibly().waitFor();
        }
        ProcessHandle orphan = LocalPostgres.orphan(data.resolve("postgres")).orElseThrow();
        assertThat(orphan.isAlive()).isTrue();

        try (LocalPostgres postgres = LocalPostgres.start(data, port)) {
            assertThat(orphan.isAlive()).as("the orphaned server is stopped").isFalse();
            assertThat(LocalPostgres.orphan(data.resolve("postgres"))
                            .orElseThrow()
                            .pid())
                    .isNotEqualTo(orphan.pid());
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
                assertThat(show(c, "fsync")).isEqualTo("on");
                assertThat(show(c, "synchronous_commit")).isEqualTo("on");
                assertThat(show(c, "full_page_writes")).isEqualTo("on");
            }
        }
        assertThat(LocalPostgres.orphan(data.resolve("postgres"))).isEmpty();
    }

    private static String show(Connection c, String setting) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
