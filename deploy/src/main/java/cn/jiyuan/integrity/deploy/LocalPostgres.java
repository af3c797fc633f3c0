package cn.jiyuan.integrity.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server from Maven Central binaries (zonky), keeping its data in the data directory — durably: a
 * 2xx of the platform rests on a commit, so {@code fsync} and {@code synchronous_commit} stay on (zonky's test
 * defaults turn both off). A server left running by a launcher that was killed ({@code kill -9}) is stopped before
 * a new one starts, instead of being silently reused with whatever settings it had.
 */
final class LocalPostgres implements AutoCloseable {

    private static final long ORPHAN_STOP_SECONDS = 30;

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(Path dataDir, int port) {
        return start(dataDir, port, 100);
    }

    /** With room for {@code maxConnections} (the cluster mode runs two instances of every service). */
    static LocalPostgres start(Path dataDir, int port, int maxConnections) {
        try {
            Path pg = dataDir.resolve("postgres");
            Files.createDirectories(pg);
            stopOrphan(pg);
            return new LocalPostgres(EmbeddedPostgres.builder()
                    .setDataDirectory(pg.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // zonky passes -F (fsync off) first; a later -c wins.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", String.valueOf(maxConnections))
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /**
     * The postmaster named by {@code postmaster.pid} in {@code pg}, if it is still running: left behind by a launcher
     * that died without stopping it.
     */
    static Optional<ProcessHandle> orphan(Path pg) throws IOException {
        Path pidFile = pg.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    }

    private static void stopOrphan(Path pg) throws IOException {
        Optional<ProcessHandle> orphan = orphan(pg);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        System.out.printf(
                "postgres   stopping the server (pid %d) a previous launcher left running in %s%n",
                postmaster.pid(), pg);
        postmaster.destroy(); // SIGTERM: a smart shutdown; its clients died with the launcher
        try {
            postmaster.onExit().get(ORPHAN_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            postmaster.destroyForcibly(); // recovery from the write-ahead log on the next start
            try {
                postmaster.onExit().get(ORPHAN_STOP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException again) {
                throw new IllegalStateException("cannot stop the PostgreSQL server (pid " + postmaster.pid()
                        + ") left running in " + pg + "; stop it by hand");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
