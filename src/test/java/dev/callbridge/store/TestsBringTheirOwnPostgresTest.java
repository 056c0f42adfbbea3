package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * On a machine with no PostgreSQL the tests start one; a PostgreSQL that answers is used as is.
 * (The choice runs for real once per JVM in {@link TestPostgres}; here each branch is taken on purpose.)
 */
class TestsBringTheirOwnPostgresTest {

    @Test
    void whenNothingAnswersOneIsStartedThatTakesWorkAndIsGoneOnceClosed() throws Exception {
        String nothingThere = "jdbc:postgresql://127.0.0.1:" + unusedPort() + "/test";

        TestPostgres.Choice choice = TestPostgres.choose(nothingThere, LocalPostgres::start);
        try (LocalPostgres server = choice.started().orElseThrow()) {
            assertThat(choice.url()).isEqualTo(server.jdbcUrl()).isNotEqualTo(nothingThere);
            assertThat(choice.why()).contains(nothingThere + " gave no connection", server.how());
            assertThat(query(choice.url(), "SHOW server_version")).startsWith("17.");
            assertThat(query(choice.url(), "CREATE TABLE t(x int); INSERT INTO t VALUES (7); SELECT x FROM t")).isEqualTo("7");
        }
        assertThat(refused(choice.url())).as("still answering after close").isTrue();
    }

    @Test
    void aPostgresThatAnswersIsUsedAndNoneIsStarted() {
        String answering = TestPostgres.serverUrl();
        AtomicInteger starts = new AtomicInteger();

        TestPostgres.Choice choice = TestPostgres.choose(answering, () -> {
            starts.incrementAndGet();
            throw new AssertionError("started a server although " + answering + " answers");
        });

        assertThat(choice.url()).isEqualTo(answering);
        assertThat(choice.started()).isEmpty();
        assertThat(starts).hasValue(0);
    }

    @Test
    void oneThatAnswersButRefusesTheTestsIsReplacedAndTheLineSaysWhy() {
        String noSuchDatabase = TestPostgres.serverUrl().replaceFirst("/[^/?]*(\\?|$)", "/no_such_database_here$1");
        LocalPostgres stand = new LocalPostgres() {
            @Override public String jdbcUrl() { return "jdbc:postgresql://127.0.0.1:1/stand-in"; }
            @Override public String how() { return "a stand-in"; }
            @Override public void close() { }
        };

        TestPostgres.Choice choice = TestPostgres.choose(noSuchDatabase, () -> stand);

        assertThat(choice.url()).isEqualTo(stand.jdbcUrl());
        assertThat(choice.why()).contains(noSuchDatabase + " gave no connection", "no_such_database_here");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: nothing listens there now
        }
    }

    static String query(String url, String sql) throws SQLException {
        try (var c = DriverManager.getConnection(url, postgresUser()); var s = c.createStatement()) {
            boolean rows = s.execute(sql);
            while (!rows && s.getUpdateCount() != -1) rows = s.getMoreResults();
            try (var rs = s.getResultSet()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static boolean refused(String url) {
        try (var c = DriverManager.getConnection(url, postgresUser())) {
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    private static Properties postgresUser() {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3");
        return props;
    }
}
