package dev.callbridge.sim;

import dev.callbridge.twilio.TwilioMediaCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's REST Calls API as far as a gateway placing calls needs it (protocols/twilio.md §d), and
 * what Twilio then does with a placed call (§a, §c): the gateway, run with {@code TWILIO_API_URL}
 * pointing here, creates a call with inline TwiML; this answers {@code 201} with a {@code CA…} sid,
 * sends the progress callbacks the request asked for ({@code initiated}, {@code ringing},
 * {@code in-progress}) to its {@code StatusCallback}, signed like every Twilio webhook, and once the
 * {@link Callee} picks up opens the media stream the TwiML names, with its {@code <Parameter>}s in
 * {@code start.customParameters}. From there the callee speaks on the stream; {@link #completed}
 * sends the final callback when it hangs up.
 *
 * <p>Requests must carry HTTP Basic {@code AccountSid:AuthToken} for the account in the path (401
 * with Twilio's error shape otherwise). Only inline {@code Twiml} with {@code <Connect><Stream>} is
 * run; a {@code Url} is refused (400), since fetching TwiML is not what this stands in for. An update
 * ({@code POST …/Calls/{sid}.json}, {@code Status=canceled|completed}) is answered 200; a call
 * cancelled while it rings is never answered. Sids it did not place are answered 200 too, as Twilio
 * knows the inbound calls the simulator made.
 */
public final class SimulatedTwilioCallsApi {
    private static final Pattern CREATE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls\\.json");
    private static final Pattern UPDATE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{1,14}|(sip|client):.+");
    private static final int MAX_STREAMS = 10_000;

    /** Who answers the calls placed here: the load test's second parties. */
    interface Callee {
        /**
         * The call rings: the context to answer it on (its event loop then owns the stream: connect, messages and
         * handlers), or null to leave it unanswered ({@code no-answer}).
         */
        Context pickUp(PlacedCall call);

        /** The stream is open, {@code connected} and {@code start} sent; on the context {@link #pickUp} named. */
        void answered(AnsweredStream stream);

        /** The stream could not be opened; the call has ended {@code completed}. On the context {@link #pickUp} named. */
        default void streamFailed(PlacedCall call, Throwable cause) { }
    }

    /** One call the gateway placed. {@link #parties} names it as the stream and callbacks do. */
    public static final class PlacedCall {
        private final CallParties parties;
        private final String statusCallback;
        private final List<String> events;
        private final TwimlAnswer.ConnectStream stream;
        private final AtomicInteger sequence = new AtomicInteger();
        private volatile boolean canceled;
        private volatile long answeredNanos;

        PlacedCall(CallParties parties, String statusCallback, List<String> events, TwimlAnswer.ConnectStream stream) {
            this.parties = parties;
            this.statusCallback = statusCallback;
            this.events = events;
            this.stream = stream;
        }

        public CallParties parties() {
            return parties;
        }

        public String statusCallback() {
            return statusCallback;
        }

        /** The inline TwiML's stream: its URL and {@code <Parameter>}s. */
        public TwimlAnswer.ConnectStream stream() {
            return stream;
        }
    }

    /** An answered call's stream, started; the writer goes on with its sequence numbers. */
    record AnsweredStream(PlacedCall call, WebSocket socket, TwilioStreamWriter writer, TwilioMediaCodec codec) {}

    /** Running totals; written on event loops, read by anyone. */
    public static final class Counters {
        final LongAdder created = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder unanswered = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder streamFailures = new LongAdder();
        final LongAdder callbackFailures = new LongAdder();

        public long created() {
            return created.sum();
        }

        public long answered() {
            return answered.sum();
        }

        public long unanswered() {
            return unanswered.sum();
        }

        /** Requests answered 4xx. */
        public long refused() {
            return refused.sum();
        }

        public long streamFailures() {
            return streamFailures.sum();
        }

        public long callbackFailures() {
            return callbackFailures.sum();
        }
    }

    private final Vertx vertx;
    private final GatewayTarget target;
    private final String authToken;
    private final long ringMillis;
    private final Callee callee;
    private final TwilioMediaCodec codec = new TwilioMediaCodec();
    private final Map<String, PlacedCall> placed = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();
    private final SplittableRandom sids = new SplittableRandom();
    private HttpServer server;
    private HttpClient http;
    private WebSocketClient sockets;
    private TwilioWebhookClient callbacks;

    private String host;

    private SimulatedTwilioCallsApi(Vertx vertx, GatewayTarget target, long ringMillis, Callee callee) {
        this.vertx = vertx;
        this.target = target;
        this.authToken = target.authToken().orElseThrow(() -> new IllegalArgumentException(
                "the Calls API stand-in needs TWILIO_AUTH_TOKEN (the gateway's): it checks Basic auth and signs callbacks with it"));
        this.ringMillis = ringMillis;
        this.callee = callee;
    }

    /**
     * Listens on {@code host}:{@code port} (0: a free one).
     *
     * @param target     the gateway: where callbacks and streams go, and the token they are signed with
     * @param ringMillis from the create to the {@code ringing} callback, and from there to the answer
     */
    static Future<SimulatedTwilioCallsApi> start(Vertx vertx, String host, int port, GatewayTarget target, long ringMillis,
                                                 Callee callee) {
        SimulatedTwilioCallsApi api = new SimulatedTwilioCallsApi(vertx, target, ringMillis, callee);
        api.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
        api.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(MAX_STREAMS));
        api.callbacks = new TwilioWebhookClient(api.http, target);
        api.host = host;
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
                .requestHandler(api::onRequest).listen()
                .map(s -> {
                    api.server = s;
                    return api;
                });
    }

    /** What to set the gateway's {@code TWILIO_API_URL} to. */
    public String url() {
        return "http://" + host + ":" + server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    public Counters counters() {
        return counters;
    }

    /** The final {@code completed} callback of a call whose callee hung up, or whose stream the gateway closed. */
    Future<Void> completed(PlacedCall call, long durationSeconds) {
        placed.remove(call.parties.callSid());
        return callback(call, "completed", durationSeconds);
    }

    public Future<Void> close() {
        return Future.join(server == null ? Future.succeededFuture() : server.close(), http.close(), sockets.close()).mapEmpty();
    }

    private void onRequest(HttpServerRequest req) {
        req.exceptionHandler(e -> { });
        req.setExpectMultipart(true);
        req.end().onSuccess(v -> {
            Matcher create = CREATE.matcher(req.path());
            Matcher update = UPDATE.matcher(req.path());
            String account = create.matches() ? create.group(1) : update.matches() ? update.group(1) : null;
            if (account == null || !"POST".equals(req.method().name())) {
                error(req, 404, 20404, "The requested resource " + req.path() + " was not found");
            } else if (!authorized(req, account)) {
                error(req, 401, 20003, "Authenticate");
            } else if (create.matches()) {
                create(req, account, req.formAttributes());
            } else {
                update(req, update.group(2), req.formAttributes());
            }
        });
    }

    private boolean authorized(HttpServerRequest req, String account) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((account + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        return expected.equals(req.getHeader("Authorization"));
    }

    private void create(HttpServerRequest req, String account, MultiMap form) {
        String to = form.get("To");
        String from = form.get("From");
        if (to == null || !PHONE.matcher(to).matches()) {
            error(req, 400, 21211, "Invalid 'To' Phone Number: " + to);
            return;
        }
        if (from == null || !PHONE.matcher(from).matches()) {
            error(req, 400, 21212, "Invalid 'From' Phone Number: " + from);
            return;
        }
        String twiml = form.get("Twiml");
        if (twiml == null) {
            error(req, 400, 21205, form.get("Url") != null ? "This stand-in runs inline Twiml only, not a Url"
                    : "Url, Twiml or ApplicationSid is required");
            return;
        }
        TwimlAnswer answer;
        try {
            answer = TwimlAnswer.parse(twiml);
        } catch (IllegalArgumentException e) {
            error(req, 400, 12100, "Document parse failure: " + e.getMessage());
            return;
        }
        if (!(answer instanceof TwimlAnswer.ConnectStream stream)) {
            error(req, 400, 12100, "This stand-in runs TwiML with <Connect><Stream> only");
            return;
        }
        String sid;
        synchronized (sids) {
            sid = TwilioSids.callSid(sids);
        }
        PlacedCall call = new PlacedCall(new CallParties(account, sid, from, to), form.get("StatusCallback"),
                List.copyOf(form.getAll("StatusCallbackEvent")), stream);
        placed.put(sid, call);
        counters.created.increment();
        JsonObject resource = resource(call, "queued");
        req.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(resource.encode());
        vertx.setTimer(Math.max(1, ringMillis), t -> place(call));
    }

    /** What Twilio does once a call is created: it is initiated, rings, and is answered (or not). */
    private void place(PlacedCall call) {
        progress(call, "initiated", "initiated")
                .compose(v -> progress(call, "ringing", "ringing"))
                .compose(v -> {
                    Context context = call.canceled ? null : callee.pickUp(call);
                    if (context == null) {
                        counters.unanswered.increment();
                        placed.remove(call.parties.callSid());
                        return callback(call, call.canceled ? "canceled" : "no-answer", 0);
                    }
                    Future<Void> answered = vertx.timer(Math.max(1, ringMillis)).mapEmpty()
                            .compose(x -> progress(call, "answered", "in-progress"));
                    return answered.onComplete(x -> context.runOnContext(y -> openStream(call, context)));
                })
                .onFailure(e -> counters.callbackFailures.increment());
    }

    /** Sends a progress callback if the create asked for {@code event}. */
    private Future<Void> progress(PlacedCall call, String event, String status) {
        return call.events.contains(event) ? callback(call, status, -1) : Future.succeededFuture();
    }

    private Future<Void> callback(PlacedCall call, String status, long duration) {
        if (call.statusCallback == null) return Future.succeededFuture();
        return callbacks.placedCallStatus(call.statusCallback, call.parties, status, call.sequence.getAndIncrement(), duration)
                .onFailure(e -> counters.callbackFailures.increment())
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture()); // Twilio does not stop a call over a callback that failed
    }

    /** On the callee's context, so that the socket's handlers run there. */
    private void openStream(PlacedCall call, Context context) {
        String url = call.stream.url();
        StreamEndpoint endpoint = StreamEndpoint.resolve(url, target.serverUrl());
        sockets.connect(endpoint.connectOptions(target.streamSignature(url))).onComplete(ar -> {
            if (ar.failed()) {
                counters.streamFailures.increment();
                callee.streamFailed(call, ar.cause());
                completed(call, 0);
                return;
            }
            WebSocket ws = ar.result();
            call.answeredNanos = System.nanoTime();
            String streamSid;
            synchronized (sids) {
                streamSid = TwilioSids.streamSid(sids);
            }
            TwilioStreamWriter writer = new TwilioStreamWriter(codec, ws::writeFinalTextFrame, call.parties, streamSid);
            writer.connected();
            writer.start(call.stream.parameters());
            counters.answered.increment();
            callee.answered(new AnsweredStream(call, ws, writer, codec));
        });
    }

    private void update(HttpServerRequest req, String sid, MultiMap form) {
        PlacedCall call = placed.get(sid);
        String status = form.get("Status");
        if (call != null && "canceled".equals(status)) call.canceled = true;
        JsonObject resource = call != null ? resource(call, status != null ? status : "in-progress")
                : new JsonObject().put("sid", sid).put("status", status != null ? status : "in-progress");
        req.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(resource.encode());
    }

    private static JsonObject resource(PlacedCall call, String status) {
        CallParties p = call.parties;
        String created = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now());
        return new JsonObject().put("sid", p.callSid()).put("account_sid", p.accountSid()).put("to", p.to())
                .put("to_formatted", p.to()).put("from", p.from()).put("from_formatted", p.from()).put("status", status)
                .put("direction", "outbound-api").put("api_version", "2010-04-01").putNull("parent_call_sid")
                .put("date_created", created).put("date_updated", created).putNull("start_time").putNull("end_time")
                .putNull("duration").putNull("price").put("price_unit", "USD").put("queue_time", "0")
                .put("uri", "/2010-04-01/Accounts/" + p.accountSid() + "/Calls/" + p.callSid() + ".json");
    }

    private void error(HttpServerRequest req, int status, int code, String message) {
        counters.refused.increment();
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("code", code).put("message", message).put("more_info", "https://www.twilio.com/docs/errors/" + code)
                .put("status", status).encode());
    }

    /** Seconds since the call was answered, for its final callback. */
    static long answeredSeconds(PlacedCall call) {
        return call.answeredNanos == 0 ? 0 : Math.round((System.nanoTime() - call.answeredNanos) / 1e9);
    }
}
