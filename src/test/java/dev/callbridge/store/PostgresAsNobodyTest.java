package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * As root where no user namespace may be made, the tests' PostgreSQL runs as uid 65534 through
 * setpriv. Only root can switch users, so this runs as root (as CI does), whatever the machine
 * allows, so the path a Docker container would take is tested here too.
 */
class PostgresAsNobodyTest {

    @Test
    void asRootItRunsAsUid65534AndLeavesNothingBehind() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "only root can run a server as another user");

        Path base;
        String url;
        try (PostgresAsNobody server = PostgresAsNobody.start()) {
            url = server.jdbcUrl();
            base = server.directory();
            assertThat(TestsBringTheirOwnPostgresTest.query(url, "SHOW server_version")).startsWith("17.");
            assertThat(uid(server.pid())).as("the server's real and effective uid").isEqualTo("65534\t65534\t65534\t65534");
            assertThat(Files.getOwner(base.resolve("data")).getName()).isIn("nobody", "65534");
        }
        assertThat(TestsBringTheirOwnPostgresTest.refused(url)).as("still answering after close").isTrue();
        assertThat(base).doesNotExist();
    }

    /** The Uid line of /proc/PID/status: real, effective, saved and filesystem uid. */
    private static String uid(long pid) throws Exception {
        List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        return status.stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().substring(4).strip();
    }
}
