package dev.callbridge.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for an OpenAI-compatible {@code POST /v1/chat/completions} with {@code "stream": true},
 * built from docs/protocols/openai-chat-completions.md. It listens on 127.0.0.1 at a random port;
 * each request takes the next {@link Reply} a test queued and plays it message by message.
 *
 * <p>Adversarial on purpose: with the reply's seed it varies what real servers vary (a role-only
 * first chunk or not, {@code system_fingerprint}, {@code "usage":null} on every chunk, keep-alive
 * comments, {@code data:} with or without its space, LF or CRLF) and cuts the bytes into pieces at
 * random points, each written separately, so SSE lines and UTF-8 characters arrive split across
 * reads. A reply can also pause, stall (send nothing more, keep the connection), drop the
 * connection mid-stream, or answer an HTTP error with an OpenAI-style error body.
 *
 * <pre>{@code
 * fake.enqueue(Reply.stream(seed).text("Hello", " there").finish("stop").usage(12, 2));
 * fake.enqueue(Reply.status(429, Reply.openAiError("Rate limit reached", "requests", "rate_limit_exceeded"))
 *         .header("Retry-After", "2"));
 * }</pre>
 */
public final class FakeChatCompletions implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received, and when its connection closed (the client aborting shows here). */
    public record Served(MultiMap headers, JsonNode body, Future<Void> connectionClosed) {}

    private final Vertx vertx;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private FakeChatCompletions(Vertx vertx) {
        this.vertx = vertx;
    }

    public static Future<FakeChatCompletions> start(Vertx vertx) {
        FakeChatCompletions fake = new FakeChatCompletions(vertx);
        fake.server = vertx.createHttpServer().requestHandler(fake::onRequest);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    /** The base URL, as LLM_URL would be: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public synchronized FakeChatCompletions enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    public List<Served> served() {
        return served;
    }

    @Override
    public void close() {
        server.close().await();
    }

    private synchronized Reply next() {
        return replies.poll();
    }

    private void onRequest(HttpServerRequest req) {
        Promise<Void> closed = Promise.promise();
        req.connection().closeHandler(v -> closed.tryComplete());
        req.body().onSuccess(body -> {
            JsonNode json;
            try {
                json = JSON.readTree(body.getBytes());
            } catch (Exception e) {
                json = null;
            }
            served.add(new Served(req.headers(), json, closed.future()));
            HttpServerResponse resp = req.response();
            if (!req.path().equals("/v1/chat/completions") || req.method() != io.vertx.core.http.HttpMethod.POST) {
                resp.setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end(Reply.openAiError("Unknown request URL: " + req.method() + " " + req.path(), "invalid_request_error", "unknown_url"));
                return;
            }
            Reply reply = next();
            if (reply == null) {
                resp.setStatusCode(500).putHeader("Content-Type", "application/json")
                        .end(Reply.openAiError("the test scripted no reply for this request", "server_error", null));
                return;
            }
            reply.play(vertx, resp, req);
        });
    }

    /** What the fake answers to one request. */
    public static final class Reply {
        private sealed interface Step {}
        private record Event(String data) implements Step {}
        private record Raw(String text) implements Step {}
        private record Pause(long ms) implements Step {}
        private record Stall() implements Step {}
        private record Drop() implements Step {}

        private final Random random;
        private final int status;
        /** Null for an event stream; else the whole body of a plain answer. */
        private final String body;
        private final List<String[]> headers = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private final boolean roleChunk;
        private final boolean fingerprint;
        private final boolean nullUsage;
        private final boolean space;
        private final String eol;
        private final double keepAliveChance;
        private final String model = "gpt-4o-mini-2024-07-18";
        private boolean done = true;

        private Reply(long seed, int status, String body) {
            this.random = new Random(seed);
            this.status = status;
            this.body = body;
            roleChunk = random.nextBoolean();
            fingerprint = random.nextBoolean();
            nullUsage = random.nextBoolean();
            space = random.nextInt(4) != 0;
            eol = random.nextBoolean() ? "\n" : "\r\n";
            keepAliveChance = random.nextBoolean() ? 0.3 : 0;
            if (body == null && roleChunk) steps.add(new Event(chunk(delta().put("role", "assistant").put("content", ""), null)));
        }

        /** A 200 event stream; the seed picks the variations and the split points. */
        public static Reply stream(long seed) {
            return new Reply(seed, 200, null);
        }

        /** An HTTP error (or any status) with this body, no stream. */
        public static Reply status(int status, String body) {
            return new Reply(0, status, body == null ? "" : body);
        }

        public static String openAiError(String message, String type, String code) {
            ObjectNode error = JSON.createObjectNode();
            ObjectNode e = error.putObject("error").put("message", message).put("type", type).putNull("param");
            if (code == null) e.putNull("code");
            else e.put("code", code);
            return error.toString();
        }

        /** No role-only first chunk, whatever the seed chose: the first byte comes with the first scripted step. */
        public Reply withoutRoleChunk() {
            if (roleChunk && body == null) steps.remove(0);
            return this;
        }

        public Reply header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** Each piece is one chunk's {@code delta.content}. */
        public Reply text(String... pieces) {
            for (String piece : pieces) steps.add(new Event(chunk(delta().put("content", piece), null)));
            return this;
        }

        /** The first piece of a tool call: its id and name, arguments empty (as OpenAI sends it). */
        public Reply toolStart(int index, String id, String name) {
            ObjectNode d = delta();
            ObjectNode call = d.putArray("tool_calls").addObject().put("index", index).put("id", id).put("type", "function");
            call.putObject("function").put("name", name).put("arguments", "");
            steps.add(new Event(chunk(d, null)));
            return this;
        }

        /** A fragment of a tool call's arguments. */
        public Reply toolArgs(int index, String fragment) {
            ObjectNode d = delta();
            d.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", fragment);
            steps.add(new Event(chunk(d, null)));
            return this;
        }

        /** The chunk with {@code finish_reason} and an empty delta. */
        public Reply finish(String reason) {
            steps.add(new Event(chunk(JSON.createObjectNode(), reason)));
            return this;
        }

        /** The {@code include_usage} chunk: empty {@code choices}, the usage for the whole request. */
        public Reply usage(int prompt, int completion) {
            ObjectNode c = base();
            c.putArray("choices");
            c.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
            steps.add(new Event(c.toString()));
            return this;
        }

        /** An {@code error} object in the stream, as OpenAI's SDKs expect it. */
        public Reply streamError(String message, String type) {
            steps.add(new Event(openAiError(message, type, null)));
            done = false;
            return this;
        }

        /** Any data payload, verbatim. */
        public Reply data(String payload) {
            steps.add(new Event(payload));
            return this;
        }

        /** Bytes verbatim, not framed. */
        public Reply raw(String text) {
            steps.add(new Raw(text));
            return this;
        }

        public Reply pause(long ms) {
            steps.add(new Pause(ms));
            return this;
        }

        /** Send nothing more, and keep the connection open. */
        public Reply stall() {
            steps.add(new Stall());
            done = false;
            return this;
        }

        /** Close the connection here, without {@code [DONE]}. */
        public Reply drop() {
            steps.add(new Drop());
            done = false;
            return this;
        }

        /** Leave out the final {@code data: [DONE]}, ending the body right after the last step. */
        public Reply withoutDone() {
            done = false;
            return this;
        }

        private ObjectNode delta() {
            return JSON.createObjectNode();
        }

        private ObjectNode base() {
            ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                    .put("created", 1_763_700_000L).put("model", model);
            if (fingerprint) c.put("system_fingerprint", "fp_fake01");
            if (nullUsage) c.putNull("usage");
            return c;
        }

        private String chunk(ObjectNode delta, String finishReason) {
            ObjectNode c = base();
            ArrayNode choices = c.putArray("choices");
            ObjectNode choice = choices.addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) choice.putNull("finish_reason");
            else choice.put("finish_reason", finishReason);
            return c.toString();
        }

        private String frame(String data) {
            StringBuilder s = new StringBuilder();
            if (random.nextDouble() < keepAliveChance) s.append(": keep-alive").append(eol).append(eol);
            for (String line : data.split("\n", -1)) s.append(space ? "data: " : "data:").append(line).append(eol);
            return s.append(eol).toString();
        }

        public void play(Vertx vertx, HttpServerResponse resp, HttpServerRequest req) {
            resp.setStatusCode(status);
            headers.forEach(h -> resp.putHeader(h[0], h[1]));
            if (body != null) {
                if (resp.headers().get("Content-Type") == null) resp.putHeader("Content-Type", "application/json");
                resp.end(body);
                return;
            }
            if (resp.headers().get("Content-Type") == null) resp.putHeader("Content-Type", "text/event-stream; charset=utf-8");
            resp.setChunked(true);
            resp.writeHead();
            List<Step> script = new ArrayList<>(steps);
            if (done) script.add(new Event("[DONE]"));
            run(vertx, resp, req, script, 0, new StringBuilder());
        }

        /** Writes frames until a pause, stall or drop, cutting what it has gathered at random points. */
        private void run(Vertx vertx, HttpServerResponse resp, HttpServerRequest req, List<Step> script, int at, StringBuilder pending) {
            for (int i = at; i < script.size(); i++) {
                Step step = script.get(i);
                switch (step) {
                    case Event e -> pending.append(frame(e.data()));
                    case Raw r -> pending.append(r.text());
                    case Pause p -> {
                        int next = i + 1;
                        writePieces(vertx, resp, bytes(pending), 0, () -> vertx.setTimer(p.ms(),
                                id -> run(vertx, resp, req, script, next, new StringBuilder())));
                        return;
                    }
                    case Stall s -> {
                        writePieces(vertx, resp, bytes(pending), 0, () -> { });
                        return;
                    }
                    case Drop d -> {
                        writePieces(vertx, resp, bytes(pending), 0, () -> req.connection().close());
                        return;
                    }
                }
            }
            writePieces(vertx, resp, bytes(pending), 0, () -> {
                if (!resp.ended() && !resp.closed()) resp.end();
            });
        }

        private static byte[] bytes(StringBuilder s) {
            byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
            s.setLength(0);
            return b;
        }

        /** Writes {@code bytes} from {@code from} in random pieces, a timer tick apart so each is its own read. */
        private void writePieces(Vertx vertx, HttpServerResponse resp, byte[] bytes, int from, Runnable then) {
            if (resp.closed() || resp.ended()) return;
            if (from >= bytes.length) {
                then.run();
                return;
            }
            int n = Math.min(bytes.length - from, 1 + random.nextInt(random.nextBoolean() ? 8 : 120));
            resp.write(Buffer.buffer().appendBytes(bytes, from, n));
            int next = from + n;
            if (random.nextInt(3) == 0) vertx.setTimer(1, id -> writePieces(vertx, resp, bytes, next, then));
            else vertx.runOnContext(v -> writePieces(vertx, resp, bytes, next, then));
        }
    }
}
