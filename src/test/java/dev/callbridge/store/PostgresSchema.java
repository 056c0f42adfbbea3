package dev.callbridge.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh, randomly named schema in the test PostgreSQL ({@code test.pg.url}), dropped on close,
 * so test classes never see each other's rows.
 */
final class PostgresSchema implements AutoCloseable {
    static final String SERVER_URL = System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");

    final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    static PostgresSchema create() {
        PostgresSchema schema = new PostgresSchema("t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    /** A {@code DATABASE_URL} whose tables live in this schema. */
    String databaseUrl() {
        return SERVER_URL + "?user=postgres&currentSchema=" + name;
    }

    void execute(String sql) {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection(SERVER_URL, props); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + SERVER_URL + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA " + name + " CASCADE");
    }
}
