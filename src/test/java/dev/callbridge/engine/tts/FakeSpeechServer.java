package dev.callbridge.engine.tts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for an OpenAI-compatible {@code POST /v1/audio/speech} with {@code "response_format":
 * "pcm"}: raw 24 kHz 16-bit little-endian mono, chunked. It listens on 127.0.0.1 at a random port;
 * each request takes the next {@link Reply} a test queued.
 *
 * <p>Strict about the request, as OpenAI is: a JSON object of exactly {@code model}, {@code input},
 * {@code voice} and {@code response_format} (all strings; the format {@code pcm}; model and voice
 * the expected ones; input not blank) with the expected bearer key. Anything else gets OpenAI's 400
 * (or 401) error, which a test sees as a failure. Adversarial about the answer: the seed picks the
 * Content-Type ({@code audio/pcm} or {@code application/octet-stream}) and cuts the audio into
 * pieces of random size, odd byte counts included, each its own write. A reply can also pause,
 * stall (send nothing more, keep the connection) or drop the connection mid-stream.
 */
public final class FakeSpeechServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int RATE = 24_000;

    /** One request as received; when the fake finished writing the answer, and when its connection closed. */
    public record Served(MultiMap headers, JsonNode body, Future<Void> finished, Future<Void> connectionClosed) {}

    private final Vertx vertx;
    private final String key;
    private final String model;
    private final String voice;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private FakeSpeechServer(Vertx vertx, String key, String model, String voice) {
        this.vertx = vertx;
        this.key = key;
        this.model = model;
        this.voice = voice;
    }

    public static Future<FakeSpeechServer> start(Vertx vertx, String key, String model, String voice) {
        FakeSpeechServer fake = new FakeSpeechServer(vertx, key, model, voice);
        fake.server = vertx.createHttpServer().requestHandler(fake::onRequest);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    /** As TTS_URL would be: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public synchronized FakeSpeechServer enqueue(Reply reply) {
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
        Promise<Void> finished = Promise.promise();
        req.connection().closeHandler(v -> closed.tryComplete());
        req.body().onSuccess(body -> {
            JsonNode json;
            try {
                json = JSON.readTree(body.getBytes());
            } catch (Exception e) {
                json = null;
            }
            served.add(new Served(req.headers(), json, finished.future(), closed.future()));
            HttpServerResponse resp = req.response();
            if (!req.path().equals("/v1/audio/speech") || req.method() != HttpMethod.POST) {
                error(resp, 404, "Unknown request URL: " + req.method() + " " + req.path(), "unknown_url");
                return;
            }
            if (!("Bearer " + key).equals(req.getHeader("Authorization"))) {
                error(resp, 401, "Incorrect API key provided.", "invalid_api_key");
                return;
            }
            String wrong = check(req.getHeader("Content-Type"), json);
            if (wrong != null) {
                error(resp, 400, wrong, "invalid_request");
                return;
            }
            Reply reply = next();
            if (reply == null) {
                error(resp, 500, "the test scripted no reply for this request", null);
                return;
            }
            reply.play(vertx, req, resp, finished);
        });
    }

    /** Why OpenAI would refuse this request, or null. */
    private String check(String contentType, JsonNode json) {
        if (contentType == null || !contentType.startsWith("application/json")) return "Content-Type must be application/json, was " + contentType;
        if (json == null || !json.isObject()) return "the body is not a JSON object";
        Set<String> fields = new java.util.TreeSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        if (!fields.equals(Set.of("input", "model", "response_format", "voice"))) return "unexpected fields: " + fields;
        for (String f : fields) if (!json.get(f).isTextual()) return f + " must be a string";
        if (!json.get("response_format").asText().equals("pcm")) return "response_format must be pcm here";
        if (!json.get("model").asText().equals(model)) return "unknown model " + json.get("model");
        if (!json.get("voice").asText().equals(voice)) return "unknown voice " + json.get("voice");
        if (json.get("input").asText().isBlank()) return "input must not be empty";
        return null;
    }

    private static void error(HttpServerResponse resp, int status, String message, String code) {
        resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(openAiError(message, code));
    }

    public static String openAiError(String message, String code) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode error = e.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param");
        if (code == null) error.putNull("code");
        else error.put("code", code);
        return e.toString();
    }

    /** A sine tone as 24 kHz PCM16LE, continuing from sample {@code start} so consecutive pieces join without a click. */
    static byte[] tone(double hz, int startSample, int samples) {
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int s = (int) Math.round(12_000 * Math.sin(2 * Math.PI * hz * (startSample + i) / RATE));
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    /** What the fake answers to one request. */
    public static final class Reply {
        private sealed interface Step {}
        private record Audio(int samples) implements Step {}
        private record Pause(long ms) implements Step {}
        private record Stall() implements Step {}
        private record Drop() implements Step {}

        private final Random random;
        private final int status;
        private final String body;
        private final List<String[]> headers = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private double hz = 440;
        private int written;

        private Reply(long seed, int status, String body) {
            this.random = new Random(seed);
            this.status = status;
            this.body = body;
        }

        /** A 200 of raw PCM; the seed picks the Content-Type and the split points. */
        public static Reply pcm(long seed) {
            Reply r = new Reply(seed, 200, null);
            r.headers.add(new String[] {"Content-Type", r.random.nextBoolean() ? "audio/pcm" : "application/octet-stream"});
            return r;
        }

        /** Any status with this body, no audio. */
        public static Reply status(int status, String contentType, String body) {
            Reply r = new Reply(0, status, body);
            r.headers.add(new String[] {"Content-Type", contentType});
            return r;
        }

        public Reply header(String name, String value) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            headers.add(new String[] {name, value});
            return this;
        }

        public Reply hz(double hz) {
            this.hz = hz;
            return this;
        }

        /** This much of the tone. */
        public Reply millis(int ms) {
            steps.add(new Audio(RATE * ms / 1000));
            return this;
        }

        public Reply pause(long ms) {
            steps.add(new Pause(ms));
            return this;
        }

        /** Send nothing more, and keep the connection open. */
        public Reply stall() {
            steps.add(new Stall());
            return this;
        }

        /** Close the connection here, mid-body. */
        public Reply drop() {
            steps.add(new Drop());
            return this;
        }

        public void play(Vertx vertx, HttpServerRequest req, HttpServerResponse resp, Promise<Void> finished) {
            resp.setStatusCode(status);
            headers.forEach(h -> resp.putHeader(h[0], h[1]));
            if (body != null) {
                resp.end(body).onComplete(v -> finished.tryComplete());
                return;
            }
            resp.setChunked(true);
            resp.writeHead();
            run(vertx, req, resp, steps.iterator(), finished);
        }

        private void run(Vertx vertx, HttpServerRequest req, HttpServerResponse resp, Iterator<Step> script, Promise<Void> finished) {
            if (resp.closed() || resp.ended()) return;
            if (!script.hasNext()) {
                resp.end();
                finished.tryComplete();
                return;
            }
            switch (script.next()) {
                case Audio a -> {
                    byte[] pcm = tone(hz, written, a.samples());
                    written += a.samples();
                    writePieces(vertx, resp, pcm, 0, () -> run(vertx, req, resp, script, finished));
                }
                case Pause p -> vertx.setTimer(p.ms(), id -> run(vertx, req, resp, script, finished));
                case Stall s -> { }
                case Drop d -> req.connection().close();
            }
        }

        /** Writes {@code bytes} in random pieces (odd sizes included), each its own write a tick apart. */
        private void writePieces(Vertx vertx, HttpServerResponse resp, byte[] bytes, int from, Runnable then) {
            if (resp.closed() || resp.ended()) return;
            if (from >= bytes.length) {
                then.run();
                return;
            }
            int n = Math.min(bytes.length - from, 1 + random.nextInt(random.nextBoolean() ? 9 : 4801));
            resp.write(Buffer.buffer().appendBytes(bytes, from, n));
            int next = from + n;
            if (random.nextInt(3) == 0) vertx.setTimer(1, id -> writePieces(vertx, resp, bytes, next, then));
            else vertx.runOnContext(v -> writePieces(vertx, resp, bytes, next, then));
        }
    }
}
