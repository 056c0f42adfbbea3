package dev.callbridge.engine.translate;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the translation fakes share: a loopback HTTP server that records each request and answers it
 * with the vendor's own logic ({@link Vendor}) unless a test queued a {@link Reply} to force a
 * status, a pause, a stall or a drop. Public for the gateway's own tests ({@code TRANSLATE=…} end to end). Adversarial in how it sends: the body is cut at random points
 * (UTF-8 characters included) and written in pieces, some after a short pause.
 */
public final class FakeTranslationServer implements AutoCloseable {

    /** One request as received. */
    public record Served(String method, String path, MultiMap query, MultiMap headers, String body) {}

    /** The vendor's behaviour for a request no {@link Reply} overrides. */
    public interface Vendor {
        Reply answer(Served request);
    }

    /** An answer, and how to misbehave while sending it. */
    public static final class Reply {
        final int status;
        final String body;
        final Map<String, String> headers = new LinkedHashMap<>();
        long delayMs;
        boolean stall;
        boolean drop;

        Reply(int status, String body) {
            this.status = status;
            this.body = body;
            headers.put("Content-Type", "application/json");
        }

        public static Reply json(int status, String body) {
            return new Reply(status, body);
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Waits this long before the status line: a slow translation. */
        public Reply delay(long ms) {
            delayMs = ms;
            return this;
        }

        /** Sends the headers and half the body, then nothing more, keeping the connection. */
        Reply stall() {
            stall = true;
            return this;
        }

        /** Sends the headers and half the body, then closes the connection. */
        public Reply drop() {
            drop = true;
            return this;
        }
    }

    private final Vertx vertx;
    private final Vendor vendor;
    private final Random random;
    private final Deque<Reply> forced = new ArrayDeque<>();
    public final List<Served> served = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private FakeTranslationServer(Vertx vertx, Vendor vendor, long seed) {
        this.vertx = vertx;
        this.vendor = vendor;
        this.random = new Random(seed);
    }

    public static FakeTranslationServer start(Vertx vertx, Vendor vendor, long seed) {
        FakeTranslationServer fake = new FakeTranslationServer(vertx, vendor, seed);
        fake.server = vertx.createHttpServer().requestHandler(fake::onRequest);
        fake.server.listen(0, "127.0.0.1").await();
        return fake;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The next request gets this instead of the vendor's answer. */
    public synchronized void force(Reply reply) {
        forced.add(reply);
    }

    private void onRequest(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Served s = new Served(request.method().name(), request.path(), request.params(), request.headers(), body.toString(StandardCharsets.UTF_8));
            served.add(s);
            Reply reply;
            synchronized (this) {
                reply = forced.isEmpty() ? vendor.answer(s) : forced.poll();
            }
            if (reply.delayMs > 0) vertx.setTimer(reply.delayMs, id -> play(request.response(), reply));
            else play(request.response(), reply);
        });
    }

    private void play(HttpServerResponse response, Reply reply) {
        response.setStatusCode(reply.status);
        reply.headers.forEach(response::putHeader);
        byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
        if (reply.stall || reply.drop) {
            response.setChunked(true);
            response.write(Buffer.buffer(bytes).slice(0, bytes.length / 2));
            if (reply.drop) vertx.setTimer(20, id -> response.reset());
            return;
        }
        response.putHeader("Content-Length", String.valueOf(bytes.length));
        writePieces(response, bytes, 0);
    }

    /** The rest of the body from {@code at}, in random pieces, some a few milliseconds apart. */
    private void writePieces(HttpServerResponse response, byte[] bytes, int at) {
        if (at >= bytes.length) {
            response.end();
            return;
        }
        int n;
        boolean pause;
        synchronized (this) {
            n = 1 + random.nextInt(Math.max(1, bytes.length / 3));
            pause = random.nextInt(3) == 0;
        }
        int end = Math.min(bytes.length, at + n);
        response.write(Buffer.buffer(bytes).slice(at, end));
        if (pause) vertx.setTimer(1 + end % 5, id -> writePieces(response, bytes, end));
        else writePieces(response, bytes, end);
    }

    @Override
    public void close() {
        server.close().await();
    }
}
