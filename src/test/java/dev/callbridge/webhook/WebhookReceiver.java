package dev.callbridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A real HTTP receiver for webhooks, on Vert.x, answering each request as the test's script says:
 * a status after a delay, or a dropped connection with no answer at all. Every request is kept,
 * answered or not, with its headers (names lower-cased) and raw body.
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Received(String body, Map<String, String> headers, Instant at) {
        public JsonNode json() {
            try {
                return CallJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String eventId() {
            return json().path("id").asText();
        }

        public String callId() {
            return json().path("callId").asText();
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How to answer one request. */
    public record Reply(int status, long delayMs, boolean drop) {
        public static Reply status(int status) {
            return new Reply(status, 0, false);
        }

        public static Reply after(long delayMs, int status) {
            return new Reply(status, delayMs, false);
        }

        public static Reply dropConnection() {
            return new Reply(0, 0, true);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> requests = new ArrayList<>();
    private final List<Received> accepted = new ArrayList<>();
    private volatile Function<Received, Reply> script = r -> Reply.status(200);

    private WebhookReceiver(int port) {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(buffer -> {
            Map<String, String> headers = new TreeMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            Received r = new Received(buffer.toString(), headers, Instant.now());
            synchronized (this) {
                requests.add(r);
            }
            Reply reply = script.apply(r);
            if (reply.drop()) {
                request.connection().close();
                return;
            }
            vertx.setTimer(Math.max(1, reply.delayMs()), t -> {
                if (reply.status() >= 200 && reply.status() < 300) {
                    synchronized (this) {
                        accepted.add(r);
                    }
                }
                request.response().setStatusCode(reply.status()).end();
            });
        })).listen(port, "127.0.0.1").await();
    }

    public static WebhookReceiver start() {
        return new WebhookReceiver(0);
    }

    /** On a given port: a receiver that comes back where the gateway expects it. */
    public static WebhookReceiver startOn(int port) {
        return new WebhookReceiver(port);
    }

    /** A port nothing listens on (at the moment it is returned). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public void answer(Function<Received, Reply> script) {
        this.script = script;
    }

    /** Every request, answered or not, in arrival order. */
    public synchronized List<Received> requests() {
        return List.copyOf(requests);
    }

    /** Requests answered 2xx, in the order their answers went out. */
    public synchronized List<Received> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
