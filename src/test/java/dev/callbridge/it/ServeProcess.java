package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.store.Databases;
import dev.callbridge.store.JdbcCallStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code callbridge serve} as a real child JVM, started from the test class path on a free port
 * with its own {@code DATA_DIR}: for what only a whole process shows (signals, exit codes, what
 * is in the store after exit). Its log goes to a file the test reads.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final Path dataDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServeProcess(Process process, Path log, Path dataDir) throws IOException, InterruptedException {
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
        this.port = Integer.parseInt(awaitLog(LISTENING, Duration.ofSeconds(60)).group(1));
    }

    /** Starts {@code serve} in {@code dir} (data in {@code dir/data}) with {@code env} on top of a free port. */
    public static ServeProcess start(Path dir, Map<String, String> env) throws IOException, InterruptedException {
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.callbridge.Main", "serve");
        pb.directory(dir.toFile());
        Map<String, String> all = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1", "DATA_DIR", dataDir.toString()));
        all.putAll(env);
        pb.environment().putAll(all);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServeProcess(pb.start(), log, dataDir);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * The live heap of the process in bytes: a full GC ({@code jcmd GC.run}), then the used heap
     * as {@code jcmd GC.heap_info} reports it (the generations' or regions' "used", not Metaspace).
     */
    public long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long usedK = 0;
        Matcher m = Pattern.compile("used (\\d+)K").matcher("");
        for (String line : info.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) continue;
            m.reset(line);
            if (m.find()) usedK += Long.parseLong(m.group(1));
        }
        if (usedK == 0) throw new AssertionError("no heap figure in jcmd GC.heap_info:\n" + info);
        return usedK * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("jcmd " + command + " failed:\n" + out);
        return out;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGTERM, as systemd or Kubernetes stop a service ({@link Process#destroy} sends it on Linux). */
    public void sigterm() {
        process.destroy();
    }

    /** A Twilio call on this process, its stream started: {@code id} on the record, {@code stream} the caller's side. */
    public record LiveCall(String id, RawTwilioStream stream) {}

    /** An inbound Twilio call whose stream has started and that the API lists as in progress. */
    public LiveCall inboundTwilioCall(io.vertx.core.Vertx vertx) throws Exception {
        Calls.StreamAnswer answer = Calls.answered(this, RawTwilioStream.CALL_SID, Map.of());
        String callId = answer.callId();
        RawTwilioStream stream = new RawTwilioStream(vertx, port);
        stream.connected();
        stream.start(answer);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/api/calls/" + callId).json().path("status").asText().equals("in-progress"));
        return new LiveCall(callId, stream);
    }

    /** SIGTERM, and the drain's first log line: from here on the process is draining {@code calls} calls. */
    public void sigtermAndAwaitDrain(int calls) throws InterruptedException {
        sigterm();
        awaitLog(Pattern.compile("SIGTERM: draining " + calls + " calls in flight"), Duration.ofSeconds(5));
    }

    /** The exit code, once the process has exited by itself within {@code limit}. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("serve did not exit within " + limit + "; its log:\n" + logText());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String logText() {
        return String.join("\n", logLines());
    }

    /** Waits for a log line matching {@code pattern}; fails if the process exits first. */
    public Matcher awaitLog(Pattern pattern, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : logLines()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) return m;
            }
            if (!process.isAlive()) throw new AssertionError("serve exited before logging " + pattern + ":\n" + logText());
            Thread.sleep(20);
        }
        throw new AssertionError("serve did not log " + pattern + " within " + limit + ":\n" + logText());
    }

    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return CallJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    public Reply postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply postForm(String path, String form, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(b::header);
        return send(b);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError("serve did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The stored record of a call, read from the process's {@code DATA_DIR} once it has exited. */
    public Optional<CallRecord> storedCall(String callId) {
        try (JdbcCallStore store = openStore()) {
            return store.find(callId);
        }
    }

    /** Every stored call, read from the process's {@code DATA_DIR} once it has exited. */
    public List<CallRecord> storedCalls() {
        try (JdbcCallStore store = openStore()) {
            return store.list(new dev.callbridge.call.CallStore.CallQuery(null, 500, null)).calls();
        }
    }

    private JdbcCallStore openStore() {
        if (process.isAlive()) throw new IllegalStateException("the store is read after the process has exited");
        return new JdbcCallStore(Databases.embedded(dataDir));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
