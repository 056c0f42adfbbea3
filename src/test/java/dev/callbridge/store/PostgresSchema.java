package dev.callbridge.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh, randomly named schema in the test PostgreSQL ({@link TestPostgres}), dropped on
 * close, so test classes never see each other's rows. Public for the gateway's tests that run on
 * PostgreSQL ({@code STORE=postgres}, {@code DATABASE_URL} from {@link #databaseUrl()}).
 */
public final class PostgresSchema implements AutoCloseable {
    final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    public static PostgresSchema create() {
        PostgresSchema schema = new PostgresSchema("t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    /** A {@code DATABASE_URL} whose tables live in this schema. */
    public String databaseUrl() {
        String server = TestPostgres.serverUrl();
        return server + (server.contains("?") ? "&" : "?") + "user=postgres&currentSchema=" + name;
    }

    void execute(String sql) {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        String server = TestPostgres.serverUrl();
        try (Connection c = DriverManager.getConnection(server, props); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + server + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA " + name + " CASCADE");
    }
}
