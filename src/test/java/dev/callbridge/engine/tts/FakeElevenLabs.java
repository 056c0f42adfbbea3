package dev.callbridge.engine.tts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for ElevenLabs' {@code wss://api.elevenlabs.io/v1/text-to-speech/{voice}/stream-input},
 * message by message as docs/protocols/elevenlabs-stream-input.md describes it. It listens on
 * 127.0.0.1 at a random port; each connection takes the next {@link Reply} a test queued.
 *
 * <p>Strict about the client: the handshake needs the {@code xi-api-key} (else 401 with
 * ElevenLabs' {@code {"detail":{"status","message"}}}), the expected voice and model, a known
 * {@code output_format} and no unknown query parameter; then the first message must be the single
 * space, every text must end in a space, {@code voice_settings} may not change after the first
 * message, and the empty text ends the input. A violation gets ElevenLabs' error message and a
 * 1008 close, which a test sees as a failure. The reply starts on the first flush or at the end of
 * the input, as the real server generates.
 *
 * <p>Adversarial about the answer, by the reply's seed: audio in the requested format cut into
 * messages of random size (odd byte counts, never frame-aligned), each sent at once, next tick or
 * a millisecond later; {@code isFinal} absent, {@code null} or {@code false} on audio messages;
 * the alignments present, {@code null} or absent, with either spelling of the durations field; the
 * end as {@code {"isFinal":true}} alone, with {@code "audio":null} or {@code ""}, carrying the last
 * piece of audio itself, or a bare 1000 close with no final message. A reply can also pause, stall,
 * drop the TCP connection, send an error message and close, send any text, or refuse the handshake
 * outright.
 */
final class FakeElevenLabs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v1/text-to-speech/([^/]+)/stream-input");
    private static final Set<String> QUERY = Set.of("model_id", "output_format", "auto_mode", "language_code", "inactivity_timeout",
            "sync_alignment", "enable_logging", "enable_ssml_parsing", "apply_text_normalization", "seed", "authorization");

    /** One connection as the fake saw it. Thread-safe: the fake writes on its event loop, a test reads from its own. */
    static final class Served {
        final String voice;
        final MultiMap query;
        final MultiMap headers;
        /** The client's messages, parsed, in order. */
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        private final Promise<Void> finished = Promise.promise();
        private final Promise<Void> closed = Promise.promise();
        private volatile Short clientCloseCode;
        /** How the seed dressed the answer, for a test's output. */
        volatile String dress = "";

        Served(String voice, MultiMap query, MultiMap headers) {
            this.voice = voice;
            this.query = query;
            this.headers = headers;
        }

        /** Every byte of audio the fake sent, in order. */
        synchronized byte[] audioSent() {
            return audio.toByteArray();
        }

        synchronized void sent(byte[] bytes) {
            audio.write(bytes, 0, bytes.length);
        }

        void finishedNow() {
            finished.tryComplete();
        }

        /** The reply played to its end (final message sent). */
        Future<Void> finished() {
            return finished.future();
        }

        /** The socket closed, by either side or by the network. */
        Future<Void> closed() {
            return closed.future();
        }

        /** The close code of the client's close frame, or null when it sent none. */
        Short clientCloseCode() {
            return clientCloseCode;
        }
    }

    private final Vertx vertx;
    private final String key;
    private final String voice;
    private final String model;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private FakeElevenLabs(Vertx vertx, String key, String voice, String model) {
        this.vertx = vertx;
        this.key = key;
        this.voice = voice;
        this.model = model;
    }

    static Future<FakeElevenLabs> start(Vertx vertx, String key, String voice, String model) {
        FakeElevenLabs fake = new FakeElevenLabs(vertx, key, voice, model);
        fake.server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketMessageSize(1024 * 1024)).requestHandler(fake::onRequest);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    /** As TTS_URL would be: {@code ws://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "ws://127.0.0.1:" + server.actualPort() + "/v1";
    }

    synchronized FakeElevenLabs enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    List<Served> served() {
        return served;
    }

    @Override
    public void close() {
        server.close().await();
    }

    private synchronized Reply next() {
        return replies.poll();
    }

    /** ElevenLabs' REST error body, which its handshake refusals are assumed to carry too. */
    static String errorBody(String status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("detail").put("status", status).put("message", message);
        return body.toString();
    }

    /** The error message the socket sends before it closes: {@code {"message","error","code"}}. */
    static String errorMessage(String error, String message, int code) {
        return JSON.createObjectNode().put("message", message).put("error", error).put("code", code).toString();
    }

    private void onRequest(HttpServerRequest req) {
        Matcher path = PATH.matcher(req.path());
        MultiMap query = MultiMap.caseInsensitiveMultiMap().addAll(req.params());
        Served s = new Served(path.matches() ? path.group(1) : null, query, MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
        served.add(s);
        req.connection().closeHandler(v -> s.closed.tryComplete());
        if (s.voice == null) {
            refuse(req, 404, "", errorBody("not_found", "Not Found"));
            return;
        }
        if (!key.equals(req.getHeader("xi-api-key"))) {
            refuse(req, 401, "", errorBody("invalid_api_key", "Invalid API key"));
            return;
        }
        Reply reply = next();
        if (reply == null) {
            refuse(req, 500, "", errorBody("no_reply", "the test scripted no reply for this connection"));
            return;
        }
        if (reply.refusal != null) {
            refuse(req, reply.refusal.status, reply.refusal.retryAfter, reply.refusal.body);
            return;
        }
        HttpConnection connection = req.connection();
        req.toWebSocket().onSuccess(ws -> {
            ws.closeHandler(v -> {
                s.clientCloseCode = ws.closeStatusCode();
                s.closed.tryComplete();
            });
            String wrong = checkQuery(s);
            if (wrong != null) {
                fail(ws, "invalid_request", wrong);
                return;
            }
            new FakeElevenLabsSession(vertx, ws, connection, s, reply, outputFormat(query.get("output_format"))).listen();
        });
    }

    private static void refuse(HttpServerRequest req, int status, String retryAfter, String body) {
        var resp = req.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (!retryAfter.isEmpty()) resp.putHeader("Retry-After", retryAfter);
        resp.end(body);
    }

    /** Why ElevenLabs would refuse this query, or null. */
    private String checkQuery(Served s) {
        for (String name : s.query.names()) if (!QUERY.contains(name)) return "unknown query parameter " + name;
        if (!voice.equals(s.voice)) return "A voice with voice_id " + s.voice + " was not found.";
        if (!model.equals(s.query.get("model_id"))) return "unknown model_id " + s.query.get("model_id");
        if (outputFormat(s.query.get("output_format")) == null) return "unknown output_format " + s.query.get("output_format");
        return null;
    }

    static void fail(ServerWebSocket ws, String error, String message) {
        ws.writeTextMessage(errorMessage(error, message, 1008)).onComplete(v -> ws.close((short) 1008, message));
    }

    /** What an {@code output_format} value means, or null for one this fake does not speak. */
    static AudioFormat outputFormat(String name) {
        if (name == null) return null;
        if (name.equals("ulaw_8000")) return AudioFormat.PCMU_8K;
        if (name.equals("alaw_8000")) return AudioFormat.PCMA_8K;
        if (name.matches("pcm_(8000|16000|22050|24000|44100)")) return new AudioFormat(Encoding.L16, Integer.parseInt(name.substring(4)));
        return null;
    }

    /** A sine tone in {@code format}, from sample {@code start}, so consecutive pieces join without a click. */
    static byte[] tone(AudioFormat format, double hz, int start, int samples) {
        byte[] pcm = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int v = (int) Math.round(12_000 * Math.sin(2 * Math.PI * hz * (start + i) / format.sampleRate()));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return switch (format.encoding()) {
            case L16 -> pcm;
            case PCMU -> G711.pcm16ToUlaw(pcm);
            case PCMA -> G711.pcm16ToAlaw(pcm);
        };
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** What the fake answers one connection with. */
    static final class Reply {
        sealed interface Step {}
        record Audio(int ms) implements Step {}
        record Pause(long ms) implements Step {}
        record Stall() implements Step {}
        record Drop() implements Step {}
        record Error(String error, String message, int code) implements Step {}
        record Close(int code, String reason) implements Step {}
        record Raw(String text) implements Step {}
        record Refusal(int status, String retryAfter, String body) {}

        final long seed;
        final List<Step> steps = new ArrayList<>();
        private Refusal refusal;
        double hz = 440;

        private Reply(long seed) {
            this.seed = seed;
        }

        /** Speech, cut and dressed as the seed says. */
        static Reply speech(long seed) {
            return new Reply(seed);
        }

        /** The handshake answered with this status and ElevenLabs' error body; {@code retryAfter} may be empty. */
        static Reply refuse(int status, String retryAfter, String body) {
            Reply r = new Reply(0);
            r.refusal = new Refusal(status, retryAfter, body);
            return r;
        }

        Reply hz(double hz) {
            this.hz = hz;
            return this;
        }

        /** This much of the tone. */
        Reply millis(int ms) {
            steps.add(new Audio(ms));
            return this;
        }

        Reply pause(long ms) {
            steps.add(new Pause(ms));
            return this;
        }

        /** Send nothing more, and keep the connection open. */
        Reply stall() {
            steps.add(new Stall());
            return this;
        }

        /** Reset the TCP connection here, no close frame. */
        Reply drop() {
            steps.add(new Drop());
            return this;
        }

        /** ElevenLabs' error message, then a close with its code and the message as the reason. */
        Reply error(String error, String message, int code) {
            steps.add(new Error(error, message, code));
            return this;
        }

        /** A text message as is, whatever it says. */
        Reply raw(String text) {
            steps.add(new Raw(text));
            return this;
        }

        /** A close frame with no message before it. */
        Reply close(int code, String reason) {
            steps.add(new Close(code, reason));
            return this;
        }
    }
}
