package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PORT=0}: every event loop's server shares the one free port the log names. Vert.x gives
 * each instance a port of its own for 0, which left all loops but one listening where nobody
 * connects, and every connection on one loop (tests then never saw a call and its listeners on
 * different loops). Read from the process's own listening TCP sockets (Linux /proc).
 */
class PortZeroIsOneListenerForEveryEventLoopTest {
    @TempDir
    Path dir;

    @Test
    void theServeProcessListensOnOnePortOnly() throws Exception {
        assumeThat(Path.of("/proc/net/tcp")).exists();
        assumeThat(Runtime.getRuntime().availableProcessors()).as("one event loop per core: needs two").isGreaterThan(1);
        try (ServeProcess serve = ServeProcess.start(dir, Map.of())) {
            assertThat(listeningTcpPorts(serve.pid())).containsExactly(serve.port());
        }
    }

    /** The ports of the TCP sockets in LISTEN state that {@code pid} holds open. */
    private static Set<Integer> listeningTcpPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            if (!Files.exists(Path.of(table))) continue;
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ... inode (10th column); 0A is LISTEN
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
