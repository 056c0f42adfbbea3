package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The migrations H2 runs apply unchanged on PostgreSQL, with its own text index (5.1), into the schema DATABASE_URL names. */
class MigrationsRunOnPostgresTest {

    @Test
    void allMigrationsApplyIntoTheNamedSchemaAndRerunAsNoOps() throws SQLException {
        try (PostgresSchema schema = PostgresSchema.create()) {
            try (HikariDataSource first = Databases.postgres(schema.databaseUrl())) {
                assertThat(tables(first, schema.name))
                        .contains("calls", "transcript_entries", "call_events", "webhook_deliveries", "whatsapp_messages", "flyway_schema_history");
                assertThat(query(first, "SELECT version || ' ' || success FROM " + schema.name
                        + ".flyway_schema_history ORDER BY installed_rank")).containsExactly("1 true", "2 true", "3 true", "4 true", "5 true", "5.1 true", "6 true", "7 true", "8 true", "9 true");
            }
            // Opening again finds nothing to do and leaves the history as it was.
            try (HikariDataSource again = Databases.postgres(schema.databaseUrl())) {
                assertThat(query(again, "SELECT COUNT(*) FROM " + schema.name + ".flyway_schema_history"))
                        .containsExactly("10");
            }
        }
    }

    private static List<String> tables(HikariDataSource ds, String schema) throws SQLException {
        return query(ds, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'");
    }

    private static List<String> query(HikariDataSource ds, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var c = ds.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }
}
