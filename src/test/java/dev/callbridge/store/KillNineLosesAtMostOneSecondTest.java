package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.TranscriptEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise: a process killed mid-call (no shutdown hook, no close) keeps every event
 * made more than a second before the kill, in order. A real child JVM writes through
 * {@link StoreWriter} into an H2 file; this test kills it and reads the file back.
 */
class KillNineLosesAtMostOneSecondTest {

    @Test
    void everyEventOlderThanOneSecondAtTheKillIsStoredInOrder(@TempDir Path dataDir) throws Exception {
        Path output = dataDir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EventWritingChild.class.getName(),
                dataDir.resolve("db").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Instant killedAt;
        try {
            awaitLine(child, output, EventWritingChild.WRITING, Duration.ofSeconds(20));
            Thread.sleep(2_500);
            killedAt = Instant.now();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        List<TranscriptEntry> stored;
        try (JdbcCallStore store = new JdbcCallStore(Databases.embedded(dataDir.resolve("db")))) {
            assertThat(store.find(EventWritingChild.CALL_ID)).isPresent();
            stored = store.transcript(EventWritingChild.CALL_ID);
        }
        // Entries are made in seq order, so "all older than kill − 1 s are stored" means: the stored
        // ones are 1..n without a gap, and the n-th was made less than a second before the kill.
        assertThat(stored).hasSizeGreaterThan(200);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).seq()).isEqualTo(i + 1);
            if (i > 0) assertThat(stored.get(i).timestamp()).isAfterOrEqualTo(stored.get(i - 1).timestamp());
        }
        Instant newest = stored.getLast().timestamp();
        assertThat(newest).as("newest stored event, killed at %s", killedAt).isAfter(killedAt.minusSeconds(1));
    }

    private static void awaitLine(Process child, Path output, String line, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readAllLines(output).contains(line)) return;
            if (!child.isAlive()) throw new AssertionError("child exited early:\n" + Files.readString(output));
            Thread.sleep(20);
        }
        throw new AssertionError("child did not print '" + line + "' within " + timeout + ":\n" + Files.readString(output));
    }
}
