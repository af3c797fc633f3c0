package cn.jiyuan.integrity.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL server from Maven Central binaries (zonky), keeping its data in the data directory. */
final class LocalPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(Path dataDir, int port) {
        try {
            Path pg = dataDir.resolve("postgres");
            Files.createDirectories(pg);
            return new LocalPostgres(EmbeddedPostgres.builder()
                    .setDataDirectory(pg.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
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
