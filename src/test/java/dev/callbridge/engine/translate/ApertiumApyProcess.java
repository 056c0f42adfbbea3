package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code apertium-apy} with the English–Spanish pair, started on a free port for a test
 * class and stopped after it ({@code .ci/run} installs both packages). Ready once it lists spa.
 */
public final class ApertiumApyProcess implements AutoCloseable {
    private static final Path MODES = Path.of("/usr/share/apertium/modes");
    private final Process apy;
    private final URI root;

    private ApertiumApyProcess(Process apy, URI root) {
        this.apy = apy;
        this.root = root;
    }

    public static ApertiumApyProcess start() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/apertium-apy")) || !Files.isDirectory(MODES)) {
            fail("apertium-apy and apertium-eng-spa are not installed: apt-get install apertium-apy apertium-eng-spa (.ci/run does)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process apy = new ProcessBuilder("apertium-apy", "-p", String.valueOf(port), MODES.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI root = URI.create("http://127.0.0.1:" + port);
        HttpClient probe = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            if (!apy.isAlive()) throw new AssertionError("apertium-apy exited with " + apy.exitValue());
            return probe.send(HttpRequest.newBuilder(root.resolve("/listPairs")).build(), HttpResponse.BodyHandlers.ofString())
                    .body().contains("\"spa\"");
        });
        return new ApertiumApyProcess(apy, root);
    }

    /** Its root, as {@code TRANSLATE_URL} takes it. */
    public URI root() {
        return root;
    }

    @Override
    public void close() throws InterruptedException {
        apy.destroy();
        if (!apy.waitFor(5, TimeUnit.SECONDS)) apy.destroyForcibly();
    }
}
