package dev.callbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens the pooled, migrated {@link HikariDataSource} a {@link JdbcCallStore} runs on: embedded
 * H2 under {@code DATA_DIR}, or PostgreSQL at {@code DATABASE_URL}. Both run the same Flyway
 * migrations ({@code db/migration}); PostgreSQL also runs its own from {@code db/postgresql} (the
 * transcript text index), numbered between the shared ones. Not a folder inside {@code db/migration}:
 * Flyway scans locations recursively, so H2 would run them too. Failures are {@link StoreException}s (unreachable, refused)
 * or {@link IllegalArgumentException}s (malformed setting) whose messages name the variable to fix
 * and never contain the password.
 */
public final class Databases {
    private static final long CONNECTION_TIMEOUT_MS = 5_000;
    private static final String SHARED_MIGRATIONS = "classpath:db/migration";
    private static final String POSTGRES_MIGRATIONS = "classpath:db/postgresql";

    private Databases() {}

    /**
     * H2 file database {@code <dataDir>/callbridge.mv.db}, for one process. {@code WRITE_DELAY=0}
     * writes every commit to the file before the commit returns, so a killed process keeps all
     * committed batches; {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to {@link JdbcCallStore#close()},
     * after the writer has drained, instead of H2's own shutdown hook racing it. The file lock makes
     * a second process fail fast rather than share the file; AUTO_SERVER stays off.
     */
    public static HikariDataSource embedded(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new IllegalArgumentException("DATA_DIR " + dir + " contains ';', which H2 database URLs cannot carry");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("DATA_DIR " + dir + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(dir)) throw new StoreException("DATA_DIR " + dir + " is not writable");
        HikariConfig config = new HikariConfig();
        config.setPoolName("callbridge-h2");
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("callbridge")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        config.setUsername("sa");
        config.setPassword("");
        // Embedded: the one writer plus API reads; more connections would only contend.
        config.setMaximumPoolSize(4);
        return open(config, "the embedded database in DATA_DIR " + dir);
    }

    /** PostgreSQL from {@code DATABASE_URL} (see {@link DatabaseUrl} for the accepted forms). */
    public static HikariDataSource postgres(String databaseUrl) {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("callbridge-pg");
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(8);
        if (url.schema() != null) config.setSchema(url.schema());
        return open(config, "PostgreSQL at " + url.target() + " (DATABASE_URL)", url.schema(), SHARED_MIGRATIONS, POSTGRES_MIGRATIONS);
    }

    private static HikariDataSource open(HikariConfig config, String what) {
        return open(config, what, null, SHARED_MIGRATIONS);
    }

    private static HikariDataSource open(HikariConfig config, String what, String schema, String... migrations) {
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open " + what + ": " + rootMessage(e), e);
        }
        try {
            var flyway = Flyway.configure().dataSource(dataSource).locations(migrations)
                    .failOnMissingLocations(true);
            if (schema != null) flyway.schemas(schema);
            flyway.load().migrate();
            return dataSource;
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreException("migrating " + what + " failed: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
