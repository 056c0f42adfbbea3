package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --exit-when-listening}, the launcher's AOT training run: the gateway starts up as
 * usual (store, codec warm-up, listeners), answers one {@code GET /health} so the classes behind an
 * operator's first probe are in the cache too, then stops by itself with status 0.
 */
class ServeExitsOnceListeningForTheTrainingRunTest {
    @TempDir
    Path dir;

    @Test
    void itStartsListensAndStops() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.callbridge.Main",
                "serve", "--exit-when-listening");
        pb.directory(dir.toFile());
        pb.environment().putAll(Map.of("PORT", "0", "HOST", "127.0.0.1", "DATA_DIR", dir.resolve("data").toString()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("media path warmed up: ", "listening on 127.0.0.1:",
                "training request: GET /health answered HTTP/1.0 200 OK");
        assertThat(dir.resolve("data").resolve("callbridge.mv.db")).exists();
    }
}
