package dev.callbridge.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The two databases every {@link JdbcCallStore} test runs against, each opened fresh. */
enum Backend {
    H2 {
        @Override
        TestDatabase open() {
            try {
                Path dir = Files.createTempDirectory("callbridge-store-");
                return new TestDatabase(Databases.embedded(dir), () -> deleteTree(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    POSTGRES {
        @Override
        TestDatabase open() {
            PostgresSchema schema = PostgresSchema.create();
            return new TestDatabase(Databases.postgres(schema.databaseUrl()), schema::close);
        }
    };

    abstract TestDatabase open();

    /** A migrated store plus its pool (for checks in SQL); close drops everything. */
    record TestDatabase(HikariDataSource dataSource, JdbcCallStore store, Runnable cleanup) implements AutoCloseable {
        TestDatabase(HikariDataSource dataSource, Runnable cleanup) {
            this(dataSource, new JdbcCallStore(dataSource), cleanup);
        }

        long count(String sql) {
            try (var c = dataSource.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        @Override
        public void close() {
            store.close();
            cleanup.run();
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
