package dev.callbridge.asterisk;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A protocol-faithful stand-in for Asterisk 22's ARI, built from protocols/asterisk-ari.md and
 * the captures in shared/fixtures/asterisk: HTTP Basic auth (or {@code api_key}) on everything,
 * the {@code /ari/events} WebSocket (one per app), and the REST calls {@link AriClient} makes,
 * over real channel and bridge state, each emitting the events the captures show.
 *
 * <pre>{@code
 * FakeAri fake = FakeAri.start(vertx, "asterisk", "secret");
 * // connect an AriEventStream to fake.url(), then:
 * String caller = fake.incomingCall("+4915112345678", "4930123456");   // StasisStart, state Ring
 * fake.callerHangsUp(caller);                                          // ChannelHangupRequest, StasisEnd
 * fake.sentEvents();                                                    // ["StasisStart 1795…", …]
 * }</pre>
 *
 * <p>Everything runs on one Vert.x context; the test hooks hand their work to it and wait, so
 * a hook's events are on the wire, in order, when it returns.
 */
final class FakeAri implements AutoCloseable {
    /** One REST request as answered: {@code params} are the query parameters. */
    record Request(String method, String path, Map<String, String> params, int status) {
        @Override
        public String toString() {
            return method + " " + path + (params.isEmpty() ? "" : " " + params) + " -> " + status;
        }
    }

    private final Context context;
    private final FakeAriState state;
    private final FakeAriRest rest;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final FakeAriEventSockets sockets = new FakeAriEventSockets();
    private volatile String username;
    private volatile String password;
    private HttpServer server;

    private FakeAri(Vertx vertx, String username, String password) {
        this.context = vertx.getOrCreateContext();
        this.username = username;
        this.password = password;
        this.state = new FakeAriState(sockets::emit);
        this.rest = new FakeAriRest(vertx, state);
    }

    /** Listening on 127.0.0.1 at a free port, requiring {@code username}/{@code password}. */
    static FakeAri start(Vertx vertx, String username, String password) {
        FakeAri fake = new FakeAri(vertx, username, password);
        Router router = fake.rest.router();
        // listen() from the fake's context binds every connection's handlers to it.
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        fake.context.runOnContext(v -> vertx.createHttpServer().requestHandler(req -> fake.onRequest(req, router))
                .listen(0, "127.0.0.1").onComplete(ar -> {
                    if (ar.succeeded()) listening.complete(ar.result());
                    else listening.completeExceptionally(ar.cause());
                }));
        fake.server = listening.join();
        return fake;
    }

    /** The ARI base URL without {@code /ari}, e.g. {@code http://127.0.0.1:41234}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    // ------------------------------------------------------------------ knobs

    /** Credentials accepted from now on (ari.conf changed). */
    FakeAri credentials(String username, String password) {
        this.username = username;
        this.password = password;
        return this;
    }

    /** While on, {@code /ari/events} upgrades are cut before any answer, as a stopped Asterisk would. */
    FakeAri refuseEventSocket(boolean on) {
        sockets.refuse(on);
        return this;
    }

    /** The {@code UNICASTRTP_LOCAL_ADDRESS}/{@code PORT} the next externalMedia channels report. */
    FakeAri rtpAt(String host, int port) {
        rest.rtpAt(host, port);
        return this;
    }

    /** Runs with the gateway's RTP port as each External Media channel is created, before the REST answer; must not block. */
    FakeAri onExternalMedia(java.util.function.Consumer<Integer> hook) {
        rest.onExternalMedia(hook);
        return this;
    }

    /** Holds each externalMedia answer this long after the channel exists. */
    FakeAri externalMediaReplyDelay(long ms) {
        rest.externalMediaReplyDelay(ms);
        return this;
    }

    /** What the next originate does (queued; unscripted originates are answered). */
    FakeAri nextOriginate(OriginateOutcome outcome) {
        rest.script(outcome);
        return this;
    }

    // ------------------------------------------------------------------ script

    /**
     * A call arrives from the dialplan ({@code Stasis(app[,args])} without Answer, as in
     * protocols/asterisk-ari.md §5): a PJSIP channel in state {@code Ring} and its StasisStart,
     * shaped like the captured one. Returns the new channel's id.
     */
    String incomingCall(String callerNumber, String exten, String... args) {
        return onContext(() -> {
            if (!sockets.connected()) throw new IllegalStateException("no events socket: Stasis() would fail, the call never reach the app");
            FakeAriChannel ch = state.add(new FakeAriChannel(state.uniqueId(), "PJSIP/provider-" + state.nameSuffix(),
                    FakeAriChannel.Origin.INCOMING, "Ring", FakeAriEvents.now()));
            ch.protocolId = FakeAriState.hex(16);
            ch.callerNumber = callerNumber;
            ch.context = "from-provider";
            ch.exten = exten;
            ch.priority = 2;
            ch.enterStasis(state.app, String.join(",", args));
            state.emit(FakeAriEvents.stasisStart(state.app, ch, List.of(args)));
            return ch.id;
        });
    }

    /** The caller's BYE, as pjsip-caller-hangup shows: ChannelHangupRequest (no cause), [BRIDGEPEER, ChannelLeftBridge], StasisEnd. */
    void callerHangsUp(String channelId) {
        onContext(() -> {
            state.hangupByCaller(existing(channelId));
            return null;
        });
    }

    /** The caller pressed a key: ChannelDtmfReceived (100 ms). */
    void dtmf(String channelId, char digit) {
        onContext(() -> {
            state.emit(FakeAriEvents.dtmf(state.app, existing(channelId), digit, 100));
            return null;
        });
    }

    /** Any text on the events socket, e.g. malformed JSON. */
    void sendRaw(String text) {
        onContext(() -> {
            sockets.sendRaw(text);
            return null;
        });
    }

    /** Cuts the events socket's TCP connection without a WebSocket close frame. */
    void dropEventSocket() {
        onContext(() -> {
            sockets.drop();
            return null;
        });
    }

    /**
     * The events socket goes silent without closing, as behind a dead NAT or a hung Asterisk: the
     * fake stops reading it, so the client's pings get no pong.
     */
    void freezeEventSocket() {
        onContext(() -> {
            sockets.freeze();
            return null;
        });
    }

    // ------------------------------------------------------------------ what happened

    boolean eventSocketConnected() {
        return onContext(sockets::connected);
    }

    /** The port of the {@code external_host} in the latest externalMedia request: where the gateway takes RTP for that call. */
    int lastExternalMediaPort() {
        Request media = requests().stream().filter(r -> r.path().endsWith("/channels/externalMedia")).reduce((a, b) -> b).orElseThrow();
        String host = media.params().get("external_host");
        return Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<FakeAriEventSockets.Handshake> handshakes() {
        return sockets.handshakes();
    }

    /** Every event delivered, as {@code "<type> <channel, peer or bridge id>[ <variable>]"}, in order. */
    List<String> sentEvents() {
        return sockets.sent();
    }

    /** Every event delivered, as sent. */
    List<JsonObject> sentJson() {
        return sockets.sentJson();
    }

    /** The delivered events about one channel, as {@code "<type>"} or {@code "ChannelVarset <variable>"}. */
    List<String> sentEventsFor(String id) {
        return sockets.sent().stream().map(line -> line.split(" ")).filter(words -> words.length > 1 && words[1].equals(id))
                .map(words -> words.length > 2 ? words[0] + " " + words[2] : words[0]).toList();
    }

    List<AriChannel> channels() {
        synchronized (state) {
            return state.channels.values().stream().map(FakeAriChannel::snapshot).toList();
        }
    }

    Optional<AriChannel> channel(String id) {
        synchronized (state) {
            return Optional.ofNullable(state.channels.get(id)).map(FakeAriChannel::snapshot);
        }
    }

    List<AriBridge> bridges() {
        synchronized (state) {
            return state.bridges.values().stream().map(FakeAriBridge::snapshot).toList();
        }
    }

    @Override
    public void close() {
        server.close().await();
    }

    // ------------------------------------------------------------------ server

    private void onRequest(HttpServerRequest req, Router router) {
        if (!authorized(req)) {
            if (req.path().equals("/ari/events")) sockets.refusedForCredentials(req);
            else record(req);
            // Asterisk's res_ari.c: 401 with a Basic challenge and a JSON message.
            req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"Asterisk REST Interface\"")
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("message", "Authentication required").encode());
            return;
        }
        if (req.path().equals("/ari/events")) {
            sockets.upgrade(req, state, app -> state.app = app);
            return;
        }
        record(req);
        router.handle(req);
    }

    private boolean authorized(HttpServerRequest req) {
        String expected = username + ":" + password;
        String header = req.getHeader("Authorization");
        if (header != null) { // Asterisk tries Basic first and does not fall back to api_key
            return header.startsWith("Basic ") && new String(Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8).equals(expected);
        }
        return expected.equals(req.getParam("api_key"));
    }

    private void record(HttpServerRequest req) {
        Map<String, String> params = new LinkedHashMap<>();
        req.params().forEach(e -> params.merge(e.getKey(), e.getValue(), (a, b) -> a + "," + b));
        req.response().headersEndHandler(v -> requests.add(new Request(req.method().name(), req.path(), params,
                req.response().getStatusCode())));
    }

    private FakeAriChannel existing(String channelId) {
        FakeAriChannel ch = state.channels.get(channelId);
        if (ch == null) throw new IllegalArgumentException("no channel " + channelId + " in the fake");
        return ch;
    }

    /** Runs on the fake's context under the state lock and waits (5 s at most); failures are rethrown here. */
    private <T> T onContext(Supplier<T> work) {
        if (Vertx.currentContext() == context) {
            synchronized (state) {
                return work.get();
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                synchronized (state) {
                    result.complete(work.get());
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("the fake's context did not answer", e);
        }
    }
}
