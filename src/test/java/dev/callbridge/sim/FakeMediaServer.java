package dev.callbridge.sim;

import dev.callbridge.twilio.TwiML;
import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import dev.callbridge.twilio.TwilioSignature;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test stand-in for a callbridge server with the echo agent, built from the DESIGN contract:
 * {@code POST /twilio/voice} answers stream TwiML (or busy TwiML), {@code POST /twilio/status}
 * is recorded, {@code /ws/twilio-media} echoes every media payload at once and sends a mark
 * every {@code markEvery} frames (and one {@code clear} if asked). It checks signatures the way
 * the real server must and records what it saw for the tests to assert on.
 */
final class FakeMediaServer {
    /** The host the TwiML names: unreachable on purpose, so the simulator must map it to --url. */
    static final String PUBLIC_URL = "https://gateway.example.test";
    static final String STREAM_URL = "wss://gateway.example.test/ws/twilio-media";

    record Options(boolean busy, Optional<String> authToken, int markEvery, int clearAtFrame) {}

    /** One stream as the fake saw it; filled on the server's event loop, read after the call. */
    static final class StreamLog {
        final List<TwilioMessage> received = new ArrayList<>();
        final List<String> marksSent = new ArrayList<>();
        volatile boolean signatureValid;
        volatile boolean closed;
    }

    private final Options options;
    private final TwilioMediaCodec codec = new TwilioMediaCodec();
    private final AtomicInteger calls = new AtomicInteger();
    final ConcurrentLinkedQueue<MultiMap> voiceWebhooks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<MultiMap> statusCallbacks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Boolean> webhookSignaturesValid = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<StreamLog> streams = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    private FakeMediaServer(Options options) {
        this.options = options;
    }

    static Future<FakeMediaServer> start(Vertx vertx, Options options) {
        FakeMediaServer fake = new FakeMediaServer(options);
        fake.server = vertx.createHttpServer()
                .webSocketHandshakeHandler(h -> {
                    if (h.path().equals("/ws/twilio-media")) h.accept();
                    else h.reject(404);
                })
                .webSocketHandler(fake::onStream)
                .requestHandler(fake::onRequest);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    int port() {
        return server.actualPort();
    }

    Future<Void> close() {
        return server.close();
    }

    private void onRequest(HttpServerRequest req) {
        if (req.method() == io.vertx.core.http.HttpMethod.POST) req.setExpectMultipart(true); // form bodies only
        req.end().onSuccess(v -> {
            MultiMap form = req.formAttributes();
            if (req.method() == io.vertx.core.http.HttpMethod.POST) checkSignature(req, form); // Twilio signs its webhooks only
            switch (req.path()) {
                case "/twilio/voice" -> {
                    voiceWebhooks.add(form);
                    String twiml = options.busy() // the gateway's own TwiML writer, so the shapes match
                            ? TwiML.busy("All lines are busy.")
                            : TwiML.connectStream(STREAM_URL, Map.of("callId", "c_fake" + calls.incrementAndGet()));
                    req.response().putHeader("content-type", "text/xml").end(twiml);
                }
                case "/twilio/status" -> {
                    statusCallbacks.add(form);
                    req.response().setStatusCode(204).end();
                }
                default -> req.response().setStatusCode(404).end();
            }
        });
    }

    private void checkSignature(HttpServerRequest req, MultiMap form) {
        if (options.authToken().isEmpty()) return;
        Map<String, List<String>> params = new LinkedHashMap<>();
        form.forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        String expected = TwilioSignature.compute(options.authToken().get(), PUBLIC_URL + req.path(), params);
        webhookSignaturesValid.add(expected.equals(req.getHeader("X-Twilio-Signature")));
    }

    private void onStream(ServerWebSocket ws) {
        StreamLog log = new StreamLog();
        streams.add(log);
        log.signatureValid = options.authToken()
                .map(token -> TwilioSignature.compute(token, STREAM_URL, Map.of()).equals(ws.headers().get("x-twilio-signature")))
                .orElse(true);
        int[] media = {0};
        String[] streamSid = {null};
        ws.textMessageHandler(text -> {
            TwilioMessage message = codec.decodeFromTwilio(text); // it plays the gateway: what it reads comes from Twilio
            log.received.add(message);
            switch (message) {
                case TwilioMessage.Start s -> streamSid[0] = s.streamSid();
                case TwilioMessage.Media m -> {
                    ws.writeFinalTextFrame(utf8(new TwilioMessage.OutMedia(streamSid[0], m.payload())));
                    media[0]++;
                    if (options.markEvery() > 0 && media[0] % options.markEvery() == 0) {
                        String name = "m" + media[0];
                        log.marksSent.add(name);
                        ws.writeFinalTextFrame(utf8(new TwilioMessage.OutMark(streamSid[0], name)));
                    }
                    if (media[0] == options.clearAtFrame()) ws.writeFinalTextFrame(utf8(new TwilioMessage.Clear(streamSid[0])));
                }
                default -> { }
            }
        });
        ws.closeHandler(v -> log.closed = true);
    }

    private String utf8(TwilioMessage message) {
        return new String(codec.encode(message), StandardCharsets.UTF_8);
    }
}
