package dev.callbridge.store;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the tests use, chosen once per test JVM and shared by every test class: the
 * one at {@code test.pg.url} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code postgres}, no password) when it takes a connection; otherwise a {@link LocalPostgres}
 * started here and stopped when the JVM exits. One log line says which, and why.
 */
final class TestPostgres {
    static final String CONFIGURED_URL = System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

    // Once per JVM, by design: starting a server per test class would cost seconds each.
    private static Choice shared;
    private static RuntimeException failure;

    private TestPostgres() {}

    /** The PostgreSQL to use, and the server this JVM started for it, if it did. */
    record Choice(String url, Optional<LocalPostgres> started, String why) {}

    /** The chosen server's URL; a server that cannot be had fails every caller with the same one line. */
    static synchronized String serverUrl() {
        if (shared == null && failure == null) {
            try {
                shared = choose(CONFIGURED_URL, LocalPostgres::start);
                log.info("test PostgreSQL: {}", shared.why());
                shared.started().ifPresent(server -> Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop")));
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) throw new IllegalStateException("no PostgreSQL for the tests: " + failure.getMessage(), failure);
        return shared.url();
    }

    /** {@code configuredUrl} if it takes a connection, else a server from {@code start}. */
    static Choice choose(String configuredUrl, Supplier<LocalPostgres> start) {
        Optional<String> refused = refusal(configuredUrl);
        if (refused.isEmpty()) return new Choice(configuredUrl, Optional.empty(), configuredUrl + " (it answered)");
        LocalPostgres server = start.get();
        return new Choice(server.jdbcUrl(), Optional.of(server), "embedded at " + server.jdbcUrl() + ", " + server.how()
                + "; " + configuredUrl + " gave no connection: " + refused.get());
    }

    /** Why no connection could be made as {@code postgres}, or empty if one was. */
    private static Optional<String> refusal(String url) {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3"); // seconds; a silent host must not stall the run
        try (var c = DriverManager.getConnection(url, props)) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
