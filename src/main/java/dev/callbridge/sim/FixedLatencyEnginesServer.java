package dev.callbridge.sim;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engines of the cascaded pipeline and of the interpreter with fixed, known latencies, on one
 * local HTTP server: OpenAI-compatible transcriptions, streamed chat completions and PCM speech
 * (docs/protocols/openai-audio-transcriptions.md, openai-chat-completions.md, openai-audio-speech.md),
 * and LibreTranslate's {@code POST /translate} (docs/protocols/libretranslate.md). With the
 * engines' shares fixed, what remains of a turn's latency is the gateway's own: this is what
 * {@code scripts/bench-pipeline} and {@code scripts/bench-interpreter} load the agents against. Every answer is the same;
 * requests are checked only for what the gateway must send. Keys are not checked (local servers
 * take none). This class is the transport; {@link FixedLatencyReplies} makes the bytes.
 */
public final class FixedLatencyEnginesServer {
    public static final String TRANSCRIPTIONS = "/v1/audio/transcriptions";
    public static final String COMPLETIONS = "/v1/chat/completions";
    public static final String SPEECH = "/v1/audio/speech";
    /** LibreTranslate's endpoint, at the server's root: {@code TRANSLATE_URL} is the root, the engine appends it. */
    public static final String TRANSLATE = "/translate";
    /** What every utterance is heard as. */
    public static final String HEARD = "Hello, I would like to book a table for two, please.";
    /** Every answer, two sentences, in the pieces the stream sends it in. */
    public static final List<String> ANSWER = List.of("Certainly,", " a table for two", " is booked for eight tonight.",
            " Is there", " anything else I can do for you?");
    /** Speech is written in pieces of this length, back to back, as a streaming synthesiser sends them. */
    private static final int SPEECH_PIECE_MS = 100;

    /**
     * @param sttDelay    from the whole upload to the transcription
     * @param llmDelay    from the request to the answer's first delta (all deltas follow at once)
     * @param ttsDelay    from the request to the first bytes of speech (the rest follows at once)
     * @param translateDelay from the request to the translation
     * @param speechMs    milliseconds of audio in each speech answer
     * @param eventLoops  server instances, one per event loop of the Vert.x it runs on
     */
    public record Options(String host, int port, Duration sttDelay, Duration llmDelay, Duration ttsDelay, Duration translateDelay,
                          int speechMs, int eventLoops) {
        /** The pipeline's three engines; translations at once. */
        public Options(String host, int port, Duration sttDelay, Duration llmDelay, Duration ttsDelay, int speechMs, int eventLoops) {
            this(host, port, sttDelay, llmDelay, ttsDelay, Duration.ZERO, speechMs, eventLoops);
        }

        public Options {
            for (Duration d : List.of(sttDelay, llmDelay, ttsDelay, translateDelay)) {
                if (d.isNegative()) throw new IllegalArgumentException("delays must not be negative, got " + d.toMillis() + " ms");
            }
            if (speechMs < 1) throw new IllegalArgumentException("speech length must be at least 1 ms, got " + speechMs);
        }
    }

    /** Running totals; written on the event loops, read by anyone. */
    public static final class Counters {
        final LongAdder transcriptions = new LongAdder();
        final LongAdder completions = new LongAdder();
        final LongAdder speeches = new LongAdder();
        final LongAdder translations = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder cutShort = new LongAdder();

        public long transcriptions() {
            return transcriptions.sum();
        }

        public long completions() {
            return completions.sum();
        }

        public long speeches() {
            return speeches.sum();
        }

        public long translations() {
            return translations.sum();
        }

        public long refused() {
            return refused.sum();
        }

        /** Answers the client closed before their end (the gateway cancels on barge-in). */
        public long cutShort() {
            return cutShort.sum();
        }
    }

    private final Vertx vertx;
    private final Options options;
    private final FixedLatencyReplies replies = new FixedLatencyReplies();
    private final Buffer speech;
    private final Counters counters = new Counters();
    private final AtomicLong completionNumbers = new AtomicLong();
    private final AtomicInteger boundPort = new AtomicInteger();
    private String deploymentId;

    private FixedLatencyEnginesServer(Vertx vertx, Options options) {
        this.vertx = vertx;
        this.options = options;
        this.speech = Buffer.buffer(replies.tone(options.speechMs()));
    }

    /** Listens on {@code options}' host and port (0: a free one, see {@link #port()}). */
    public static Future<FixedLatencyEnginesServer> start(Vertx vertx, Options options) {
        FixedLatencyEnginesServer server = new FixedLatencyEnginesServer(vertx, options);
        HttpServerOptions http = new HttpServerOptions().setHost(options.host()).setPort(options.port()).setTcpNoDelay(true);
        return vertx.deployVerticle(() -> new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        return vertx.createHttpServer(http).requestHandler(server::onRequest).listen()
                                .onSuccess(s -> server.boundPort.set(s.actualPort()));
                    }
                }, new DeploymentOptions().setInstances(Math.max(1, options.eventLoops())))
                .map(id -> {
                    server.deploymentId = id;
                    return server;
                });
    }

    public int port() {
        return boundPort.get();
    }

    /** What to set {@code STT_URL}, {@code LLM_URL} and {@code TTS_URL} to. */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /** What to set {@code TRANSLATE_URL} to (with {@code TRANSLATE=libretranslate}). */
    public String rootUrl() {
        return "http://" + options.host() + ":" + port();
    }

    public Counters counters() {
        return counters;
    }

    public Future<Void> close() {
        return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    }

    private void onRequest(HttpServerRequest req) {
        req.exceptionHandler(e -> { }); // a client that vanishes ends its request; nothing to report per request
        if (req.method() != HttpMethod.POST) {
            refuse(req, 404, "invalid_request_error", "Invalid URL (" + req.method() + " " + req.path() + ")", null);
            return;
        }
        switch (req.path()) {
            case TRANSCRIPTIONS -> transcribe(req);
            case COMPLETIONS -> req.body().onSuccess(body -> complete(req, body));
            case SPEECH -> req.body().onSuccess(body -> speak(req, body));
            case TRANSLATE -> req.body().onSuccess(body -> translate(req, body));
            default -> refuse(req, 404, "invalid_request_error", "Invalid URL (POST " + req.path() + ")", null);
        }
    }

    /** Transcriptions §1: a multipart form with a non-empty {@code file} and a {@code model}. */
    private void transcribe(HttpServerRequest req) {
        String type = req.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            refuse(req, 400, "invalid_request_error", "Expected a multipart/form-data body.", null);
            return;
        }
        req.setExpectMultipart(true);
        long[] fileBytes = {0};
        req.uploadHandler(upload -> upload.handler(data -> {
            if (upload.name().equals("file")) fileBytes[0] += data.length();
        }));
        req.endHandler(v -> {
            String model = req.formAttributes().get("model");
            if (model == null || model.isBlank()) {
                refuse(req, 400, "invalid_request_error", "Missing required parameter: 'model'.", "model");
            } else if (fileBytes[0] == 0) {
                refuse(req, 400, "invalid_request_error", "Missing required parameter: 'file'.", "file");
            } else {
                after(options.sttDelay(), () -> {
                    counters.transcriptions.increment();
                    json(req.response(), 200, replies.transcription(HEARD));
                });
            }
        });
    }

    /** Chat completions §1–2: a streamed request answered by the fixed two sentences as server-sent events. */
    private void complete(HttpServerRequest req, Buffer body) {
        JsonObject request = jsonObject(req, body);
        if (request == null) return;
        Object stream = request.getValue("stream");
        Object model = request.getValue("model");
        Object messages = request.getValue("messages");
        if (!(model instanceof String m) || m.isBlank()) {
            refuse(req, 400, "invalid_request_error", "Missing required parameter: 'model'.", "model");
        } else if (!(messages instanceof JsonArray list) || list.isEmpty()) {
            refuse(req, 400, "invalid_request_error", "Missing required parameter: 'messages'.", "messages");
        } else if (!Boolean.TRUE.equals(stream)) {
            refuse(req, 400, "invalid_request_error", "This server only streams: send \"stream\": true.", "stream");
        } else {
            HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8");
            resp.writeHead();
            String id = "chatcmpl-" + Long.toString(completionNumbers.incrementAndGet(), 36);
            List<String> events = replies.chatEvents(id, m, System.currentTimeMillis() / 1000, ANSWER);
            after(options.llmDelay(), () -> {
                if (resp.closed()) {
                    counters.cutShort.increment();
                    return;
                }
                counters.completions.increment();
                for (String event : events) resp.write(event);
                resp.end();
            });
        }
    }

    /** Speech §1–2: {@code model}, {@code input}, {@code voice} and {@code "response_format": "pcm"}; answered with raw PCM. */
    private void speak(HttpServerRequest req, Buffer body) {
        JsonObject request = jsonObject(req, body);
        if (request == null) return;
        for (String field : List.of("model", "input", "voice")) {
            if (!(request.getValue(field) instanceof String s) || s.isBlank()) {
                refuse(req, 400, "invalid_request_error", "Missing required parameter: '" + field + "'.", field);
                return;
            }
        }
        if (!"pcm".equals(request.getValue("response_format"))) {
            refuse(req, 400, "invalid_request_error", "This server only answers \"response_format\": \"pcm\".", "response_format");
            return;
        }
        HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "audio/pcm");
        resp.writeHead();
        after(options.ttsDelay(), () -> {
            if (resp.closed()) {
                counters.cutShort.increment();
                return;
            }
            counters.speeches.increment();
            int piece = SPEECH_PIECE_MS * FixedLatencyReplies.SPEECH_BYTES_PER_MS;
            for (int at = 0; at < speech.length(); at += piece) resp.write(speech.slice(at, Math.min(speech.length(), at + piece)));
            resp.end();
        });
    }

    /**
     * LibreTranslate §1–3: a JSON body with string {@code q}, {@code source} and {@code target} (and
     * {@code format} {@code text} or {@code html} when given); {@code {"translatedText": …}} after the
     * delay. Errors in LibreTranslate's own shape, {@code {"error": …}}.
     */
    private void translate(HttpServerRequest req, Buffer body) {
        JsonObject request;
        try {
            request = body.length() > 0 && body.getByte(0) == '{' ? body.toJsonObject() : null;
        } catch (DecodeException e) {
            request = null;
        }
        if (request == null) {
            refuseTranslation(req, "Invalid request: the body is not a JSON object");
            return;
        }
        for (String field : List.of("q", "source", "target")) {
            if (!(request.getValue(field) instanceof String s) || s.isBlank()) {
                refuseTranslation(req, "Invalid request: missing " + field + " parameter");
                return;
            }
        }
        Object format = request.getValue("format");
        if (format != null && !"text".equals(format) && !"html".equals(format)) {
            refuseTranslation(req, format + " format is not supported");
            return;
        }
        String translated = replies.translation(request.getString("q"), request.getString("target"));
        after(options.translateDelay(), () -> {
            counters.translations.increment();
            json(req.response(), 200, new JsonObject().put("translatedText", translated).encode());
        });
    }

    private void refuseTranslation(HttpServerRequest req, String message) {
        counters.refused.increment();
        json(req.response(), 400, new JsonObject().put("error", message).encode());
    }

    /** The body as a JSON object, or null once the request has been refused. */
    private JsonObject jsonObject(HttpServerRequest req, Buffer body) {
        try {
            if (body.length() > 0 && body.getByte(0) == '{') return body.toJsonObject();
        } catch (DecodeException e) {
            // refused below
        }
        refuse(req, 400, "invalid_request_error", "We could not parse the JSON body of your request.", null);
        return null;
    }

    /** Runs {@code task} on the caller's context after {@code delay}; at once for zero. */
    private void after(Duration delay, Runnable task) {
        if (delay.isZero()) vertx.getOrCreateContext().runOnContext(v -> task.run());
        else vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
    }

    private void refuse(HttpServerRequest req, int status, String type, String message, String param) {
        counters.refused.increment();
        json(req.response(), status, replies.error(type, message, param, null));
    }

    private static void json(HttpServerResponse resp, int status, String body) {
        if (resp.closed() || resp.ended()) return;
        resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
