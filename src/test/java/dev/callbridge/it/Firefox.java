package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Firefox for the dashboard's tests, driven over WebDriver BiDi, the protocol Firefox
 * serves itself ({@code --remote-debugging-port}): Debian packages {@code firefox-esr} but no
 * geckodriver, and nothing may be downloaded at test time, so there is no driver in between.
 * One browser per test, with a fresh profile, closed with it. Every command and every wait is
 * bounded; a BiDi error answer becomes an {@link IllegalStateException} naming the error.
 */
public final class Firefox implements AutoCloseable {
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration COMMAND = Duration.ofSeconds(20);
    public static final Duration WAIT = Duration.ofSeconds(8);
    /** Quiet and offline: no first-run pages, telemetry, updates or calls home (the tests run without internet). */
    private static final Map<String, Object> PREFS = Map.ofEntries(
            Map.entry("remote.active-protocols", 1),
            Map.entry("browser.shell.checkDefaultBrowser", false),
            Map.entry("browser.startup.homepage_override.mstone", "ignore"),
            Map.entry("browser.aboutwelcome.enabled", false),
            Map.entry("datareporting.policy.dataSubmissionEnabled", false),
            Map.entry("datareporting.healthreport.uploadEnabled", false),
            Map.entry("toolkit.telemetry.reportingpolicy.firstRun", false),
            Map.entry("toolkit.telemetry.enabled", false),
            Map.entry("app.update.disabledForTesting", true),
            Map.entry("app.normandy.enabled", false),
            Map.entry("services.settings.server", "data:,#remote-settings-dummy/v1"),
            Map.entry("browser.safebrowsing.update.enabled", false),
            Map.entry("network.captive-portal-service.enabled", false),
            Map.entry("network.connectivity-service.enabled", false),
            Map.entry("extensions.update.enabled", false));

    private final ObjectMapper json = new ObjectMapper();
    private final Path profile;
    private final Process process;
    private final Deque<String> output = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final WebSocket socket;
    private final String context;

    public Firefox() {
        if (!Files.isExecutable(FIREFOX)) {
            throw new IllegalStateException("the Firefox dashboard tests need Debian's firefox-esr at " + FIREFOX
                    + ": apt-get install firefox-esr (.ci/run installs it)");
        }
        try {
            profile = Files.createTempDirectory("callbridge-firefox");
            StringBuilder userJs = new StringBuilder();
            PREFS.forEach((k, v) -> userJs.append("user_pref(\"").append(k).append("\", ")
                    .append(v instanceof String s ? "\"" + s + "\"" : v).append(");\n"));
            Files.writeString(profile.resolve("user.js"), userJs);
            // Port 0: Firefox picks a free port and says which on its output.
            ProcessBuilder firefox = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote", "--remote-debugging-port=0",
                    "--profile", profile.toString(), "about:blank").redirectErrorStream(true);
            firefox.environment().put("MOZ_CRASHREPORTER_DISABLE", "1"); // a crash fails the test; no reporter left waiting
            process = firefox.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String url = drainOutputUntilListening().get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(COMMAND)
                    .buildAsync(URI.create(url + "/session"), new Answers()).get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            send("session.new", Map.of("capabilities", Map.of()));
            context = send("browsingContext.getTree", Map.of()).path("contexts").path(0).path("context").asText();
            if (context.isEmpty()) throw new IllegalStateException("Firefox has no tab to drive");
            send("browsingContext.setViewport", Map.of("context", context, "viewport", Map.of("width", 1280, "height", 900)));
        } catch (Exception | AssertionError e) {
            destroy(Duration.ZERO);
            throw new IllegalStateException("Firefox did not start with WebDriver BiDi: " + e + "; its output:\n" + output(), e);
        }
    }

    /** Reads Firefox's output for the life of the process (so it never blocks on a full pipe), keeping the last lines. */
    private CompletableFuture<String> drainOutputUntilListening() {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > 40) output.removeFirst();
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) url.complete(m.group(1));
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            url.completeExceptionally(new IllegalStateException("Firefox exited before listening"));
        }, "firefox-output");
        drain.setDaemon(true);
        drain.start();
        return url;
    }

    private String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Collects each message's frames and hands a command's answer to whoever sent it, by id. */
    private final class Answers implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                answer(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("BiDi socket closed: " + status + " " + reason)));
            return null;
        }
    }

    private void answer(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            return; // not ours to judge; a command waiting for it times out with its name
        }
        if (!message.has("id") || message.get("id").isNull()) return; // an event: none are subscribed to
        CompletableFuture<JsonNode> waiting = pending.remove(message.get("id").asLong());
        if (waiting == null) return;
        if ("error".equals(message.path("type").asText())) {
            waiting.completeExceptionally(new IllegalStateException(
                    message.path("error").asText() + ": " + message.path("message").asText()));
        } else {
            waiting.complete(message.path("result"));
        }
    }

    /** Sends one BiDi command and waits (bounded) for its answer's {@code result}. */
    public JsonNode send(String method, Map<String, ?> params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            String command = json.writeValueAsString(Map.of("id", id, "method", method, "params", params));
            synchronized (this) {
                socket.sendText(command, true).get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            }
            return answer.get(COMMAND.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(method + " got no answer within " + COMMAND.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Runs {@code functionDeclaration} (e.g. {@code "() => { ... }"}) in every document of this
     * browser before the page's own scripts, from the next navigation on.
     */
    public void beforeEveryPage(String functionDeclaration) {
        send("script.addPreloadScript", Map.of("functionDeclaration", functionDeclaration));
    }

    /** Navigates and waits for the page's load event. */
    public void open(String url) {
        send("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    /**
     * The value of {@code js} (an expression; a promise is awaited) in the page, as plain JSON:
     * strings, numbers, booleans, null (also for undefined), arrays and objects of those.
     * A thrown exception becomes an {@link IllegalStateException} with its text.
     */
    public JsonNode evaluate(String js) {
        JsonNode result = send("script.evaluate", Map.of("expression", js, "target", Map.of("context", context),
                "awaitPromise", true, "resultOwnership", "none"));
        if ("exception".equals(result.path("type").asText())) {
            throw new IllegalStateException("`" + js + "` threw: " + result.path("exceptionDetails").path("text").asText());
        }
        return plain(result.path("result"));
    }

    /** {@link #evaluate} for an expression whose value is a string. */
    public String text(String js) {
        return evaluate(js).asText();
    }

    /** A BiDi RemoteValue as the plain JSON it stands for. */
    private static JsonNode plain(JsonNode remote) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode value = remote.path("value");
        return switch (remote.path("type").asText()) {
            case "string" -> nodes.textNode(value.asText());
            case "boolean" -> nodes.booleanNode(value.asBoolean());
            case "number" -> value.isNumber() ? value : nodes.textNode(value.asText()); // NaN, Infinity, -0 come as strings
            case "bigint" -> nodes.textNode(value.asText());
            case "array", "set" -> {
                ArrayNode array = nodes.arrayNode();
                value.forEach(item -> array.add(plain(item)));
                yield array;
            }
            case "object", "map" -> {
                ObjectNode object = nodes.objectNode();
                value.forEach(pair -> object.set(pair.path(0).isTextual() ? pair.path(0).asText() : plain(pair.path(0)).toString(),
                        plain(pair.path(1))));
                yield object;
            }
            case "null", "undefined" -> nodes.nullNode();
            default -> nodes.textNode(remote.path("type").asText()); // a node, function, window...: its kind is all a test needs
        };
    }

    /**
     * Polls {@code js} until its value is truthy (a true, a non-empty string, a non-zero number,
     * any array or object) and returns that value; fails after {@code timeout}, saying what it
     * waited for and what it last saw. An expression that throws (an element not there yet) counts as not yet.
     */
    public JsonNode until(String js, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "nothing";
        while (true) {
            try {
                JsonNode value = evaluate(js);
                if (truthy(value)) return value;
                last = value.toString();
            } catch (IllegalStateException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + "ms for `" + js + "` in Firefox; it was last " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for `" + js + "`", e);
            }
        }
    }

    public JsonNode until(String js) {
        return until(js, WAIT);
    }

    private static boolean truthy(JsonNode value) {
        if (value.isBoolean()) return value.asBoolean();
        if (value.isTextual()) return !value.asText().isEmpty() && !value.asText().equals("NaN") && !value.asText().equals("-0");
        if (value.isNumber()) return value.asDouble() != 0;
        return !value.isNull() && !value.isMissingNode();
    }

    /** The size of the page's viewport in CSS pixels, like a window resized to it. */
    public void viewport(int width, int height) {
        send("browsingContext.setViewport", Map.of("context", context, "viewport", Map.of("width", width, "height", height)));
    }

    public Path screenshot(String name) {
        String png = send("browsingContext.captureScreenshot", Map.of("context", context)).path("data").asText();
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode(png));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes Firefox through BiDi ({@code browser.close}, which ends the session), then makes sure its whole process tree is gone. */
    @Override
    public void close() {
        try {
            send("browser.close", Map.of());
        } catch (RuntimeException ignored) {
            // it is ended below either way
        }
        socket.abort();
        destroy(Duration.ofSeconds(5));
    }

    /**
     * Gives Firefox and its content processes {@code grace} to exit, then asks them (SIGTERM) and
     * after 5 s more forces them (SIGKILL); removes the profile.
     */
    private void destroy(Duration grace) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        if (!exited(tree, grace)) {
            tree.forEach(ProcessHandle::destroy);
            if (!exited(tree, Duration.ofSeconds(5))) tree.forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }

    /** Whether the whole tree is gone within {@code within}, looked at every 50 ms. */
    private static boolean exited(List<ProcessHandle> tree, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (tree.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
