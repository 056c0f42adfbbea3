package dev.callbridge.engine.stt;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.Wav;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for an OpenAI-compatible {@code POST /v1/audio/transcriptions}, built from
 * docs/protocols/openai-audio-transcriptions.md. It listens on 127.0.0.1 at a random port and
 * parses each request strictly: the multipart framing byte by byte (boundary, CRLFs, the closing
 * delimiter, nothing after it), exactly the parts {@code file}, {@code model},
 * {@code response_format} and optionally {@code language}, the file a mono 16-bit PCM WAV, the
 * bearer key. A request that breaks any of this is answered 400 as OpenAI does and its violation
 * kept in {@link Served#violations()}, so a test sees precisely what was wrong.
 *
 * <p>Each request takes the next {@link Reply} a test queued: a transcript (with the extra fields
 * and the leading space real servers send), an HTTP error with headers, a non-JSON page, a slow
 * answer, or a dropped connection.
 */
public final class FakeTranscriptions implements AutoCloseable {
    private static final Pattern BOUNDARY = Pattern.compile("^multipart/form-data; *boundary=\"?([^\";]{1,70})\"?$", Pattern.CASE_INSENSITIVE);

    /**
     * One request as received. {@code wav} is null when the file part was missing or unreadable, or is
     * another container OpenAI takes (Ogg, MP3…: see {@code file}, the part as sent, null when missing).
     */
    public record Served(MultiMap headers, Map<String, String> fields, AudioChunk wav, List<String> violations, Future<Void> connectionClosed,
                         Part file) {}

    /** The file types OpenAI's transcriptions endpoint takes, by the extension it goes by. */
    private static final List<String> OTHER_CONTAINERS = List.of(".flac", ".mp3", ".mp4", ".mpeg", ".mpga", ".m4a", ".ogg", ".webm");

    /** What to answer one request with. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMs, boolean drop) {
        /** 200 with {@code text} as whisper servers send it: extra fields around it. */
        public static Reply text(String text) {
            String json = "{\"text\":" + quote(text) + ",\"usage\":{\"type\":\"duration\",\"seconds\":2},\"x_groq\":{\"id\":\"req_1\"}}";
            return new Reply(200, Map.of("Content-Type", "application/json"), json, 0, false);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, Map.of("Content-Type", body.startsWith("{") ? "application/json" : "text/html"), body, 0, false);
        }

        public static Reply dropConnection() {
            return new Reply(0, Map.of(), "", 0, true);
        }

        public static String openAiError(String message, String type, String code) {
            return "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}}";
        }

        public Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, delayMs, drop);
        }

        public Reply after(long millis) {
            return new Reply(status, headers, body, millis, drop);
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    private final Vertx vertx;
    private final String expectedModel;
    private final String expectedKey;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private FakeTranscriptions(Vertx vertx, String expectedModel, String expectedKey) {
        this.vertx = vertx;
        this.expectedModel = expectedModel;
        this.expectedKey = expectedKey;
    }

    public static Future<FakeTranscriptions> start(Vertx vertx, String expectedModel, String expectedKey) {
        FakeTranscriptions fake = new FakeTranscriptions(vertx, expectedModel, expectedKey);
        fake.server = vertx.createHttpServer().requestHandler(fake::onRequest);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    /** As STT_URL would be: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public synchronized FakeTranscriptions enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    public List<Served> served() {
        return served;
    }

    private void onRequest(HttpServerRequest req) {
        Promise<Void> closed = Promise.promise();
        req.connection().closeHandler(v -> closed.tryComplete());
        req.body().onSuccess(buffer -> {
            List<String> violations = new ArrayList<>();
            if (req.method() != io.vertx.core.http.HttpMethod.POST) violations.add("method " + req.method());
            if (!"/v1/audio/transcriptions".equals(req.path())) violations.add("path " + req.path());
            if (expectedKey != null && !("Bearer " + expectedKey).equals(req.getHeader("Authorization"))) violations.add("bad Authorization");
            Map<String, Part> parts = parse(req.getHeader("Content-Type"), buffer.getBytes(), violations);
            Map<String, String> fields = new LinkedHashMap<>();
            AudioChunk wav = null;
            for (Part p : parts.values()) if (p.fileName == null) fields.put(p.name, new String(p.content, StandardCharsets.UTF_8));
            Part file = parts.get("file");
            if (file == null) violations.add("no file part");
            else if (!"audio/wav".equals(file.contentType) && file.fileName != null
                    && OTHER_CONTAINERS.stream().anyMatch(file.fileName::endsWith)) {
                if (file.content.length == 0) violations.add("empty file");
            } else {
                if (!"audio/wav".equals(file.contentType)) violations.add("file Content-Type " + file.contentType);
                if (file.fileName == null || !file.fileName.endsWith(".wav")) violations.add("file name " + file.fileName);
                try {
                    wav = Wav.parse(file.content);
                    if (wav.format().encoding() != Encoding.L16) violations.add("WAV is " + wav.format().encoding() + ", not 16-bit PCM");
                    if (wav.data().length == 0) violations.add("empty WAV");
                } catch (IllegalArgumentException e) {
                    violations.add("WAV: " + e.getMessage());
                }
            }
            for (String name : parts.keySet()) {
                if (!List.of("file", "model", "language", "response_format").contains(name)) violations.add("unexpected part " + name);
            }
            if (expectedModel != null && !expectedModel.equals(fields.get("model"))) violations.add("model " + fields.get("model"));
            if (!"json".equals(fields.get("response_format"))) violations.add("response_format " + fields.get("response_format"));
            String language = fields.get("language");
            if (language != null && !language.matches("[a-z]{2}")) violations.add("language " + language);
            served.add(new Served(req.headers(), fields, wav, violations, closed.future(), file));
            if (!violations.isEmpty()) {
                req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(Reply.openAiError(String.join("; ", violations), "invalid_request_error", "invalid_request"));
                return;
            }
            Reply reply;
            synchronized (this) {
                reply = replies.poll();
            }
            if (reply == null) reply = Reply.status(500, Reply.openAiError("no reply queued", "server_error", "fake"));
            play(req, reply);
        });
    }

    private void play(HttpServerRequest req, Reply reply) {
        if (reply.drop()) {
            req.connection().close();
            return;
        }
        Runnable answer = () -> {
            var response = req.response().setStatusCode(reply.status());
            reply.headers().forEach(response::putHeader);
            response.end(reply.body());
        };
        if (reply.delayMs() > 0) vertx.setTimer(reply.delayMs(), id -> answer.run());
        else answer.run();
    }

    public static final class Part {
        String name;
        String fileName;
        String contentType;
        byte[] content;

        public String fileName() {
            return fileName;
        }

        public String contentType() {
            return contentType;
        }

        public byte[] content() {
            return content;
        }
    }

    private static final Pattern DISPOSITION = Pattern.compile("^form-data; name=\"([^\"]+)\"(?:; filename=\"([^\"]+)\")?$");

    /** RFC 7578 framing, strictly: no preamble, CRLF everywhere, one closing delimiter, nothing after it. */
    public static Map<String, Part> parse(String contentType, byte[] body, List<String> violations) {
        Map<String, Part> parts = new LinkedHashMap<>();
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (m == null || !m.matches()) {
            violations.add("Content-Type " + contentType);
            return parts;
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        byte[] between = ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        if (!startsWith(body, 0, delimiter)) {
            violations.add("body does not start with the boundary");
            return parts;
        }
        int pos = delimiter.length;
        while (true) {
            if (startsWith(body, pos, "--\r\n".getBytes(StandardCharsets.US_ASCII))) {
                if (pos + 4 != body.length) violations.add("bytes after the closing delimiter");
                return parts;
            }
            if (!startsWith(body, pos, new byte[] {'\r', '\n'})) {
                violations.add("no CRLF after a boundary at " + pos);
                return parts;
            }
            pos += 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (headersEnd < 0) {
                violations.add("part headers do not end");
                return parts;
            }
            Part part = new Part();
            for (String line : new String(body, pos, headersEnd - pos, StandardCharsets.US_ASCII).split("\r\n", -1)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    violations.add("bad part header line: " + line);
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase();
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-disposition")) {
                    Matcher d = DISPOSITION.matcher(value);
                    if (!d.matches()) violations.add("bad Content-Disposition: " + value);
                    else {
                        part.name = d.group(1);
                        part.fileName = d.group(2);
                    }
                } else if (name.equals("content-type")) {
                    part.contentType = value;
                } else {
                    violations.add("unexpected part header " + name);
                }
            }
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, between, contentStart);
            if (contentEnd < 0) {
                violations.add("a part does not end with CRLF and the boundary");
                return parts;
            }
            part.content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
            if (part.name == null) violations.add("a part without a name");
            else if (parts.put(part.name, part) != null) violations.add("part " + part.name + " twice");
            pos = contentEnd + between.length;
        }
    }

    private static boolean startsWith(byte[] hay, int at, byte[] prefix) {
        if (at + prefix.length > hay.length) return false;
        for (int i = 0; i < prefix.length; i++) if (hay[at + i] != prefix[i]) return false;
        return true;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        for (int i = from; i + needle.length <= hay.length; i++) if (startsWith(hay, i, needle)) return i;
        return -1;
    }

    @Override
    public void close() {
        server.close().await();
    }
}
