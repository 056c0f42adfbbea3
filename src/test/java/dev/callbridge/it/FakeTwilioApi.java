package dev.callbridge.it;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's REST Calls API as protocols/twilio.md describes it (form bodies, Basic auth, JSON
 * replies and error shape), plus what Twilio then does with a created call: signed status
 * callbacks and a media stream to the URL in the inline TwiML.
 *
 * <p>By default a placed call runs a fixed script (ringing, answered, ten frames that must come
 * back, stop, completed). A number given a {@link TwilioCallee} with {@link #callee} instead
 * answers, is busy, does not answer or fails as told; an answered one hands its media stream to
 * the test ({@link #answered}), and is hung up or cancelled as the Calls API is asked to.
 */
public final class FakeTwilioApi implements AutoCloseable {
    public static final String ACCOUNT_SID = "AC00000000000000000000000000000099";
    private static final Pattern STREAM = Pattern.compile("<Stream url=\"([^\"]+)\">");
    private static final Pattern PARAM = Pattern.compile("<Parameter name=\"([^\"]+)\" value=\"([^\"]+)\"/>");

    final Vertx vertx;
    final String authToken;
    final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<MultiMap> createdCalls = new CopyOnWriteArrayList<>();
    /** Updates of live calls (hang-up, redirect), as "CA… Status=…" or "CA… Twiml=…". */
    public final List<String> callUpdates = new CopyOnWriteArrayList<>();
    final List<String> echoedPayloads = new CopyOnWriteArrayList<>();
    /** How long a placed call rings before the callee answers. */
    public volatile long ringMs;
    /** False: the callee answers but the media stream never connects (Twilio could not reach the stream URL). */
    public volatile boolean streamConnects = true;
    /** When set, the next create fails with this Twilio error (HTTP status, code, message). */
    volatile Object[] failNext;
    // Held in fields: Vert.x closes a client that becomes unreachable.
    private final io.vertx.core.http.WebSocketClient wsClient;
    private final io.vertx.core.http.HttpClient httpClient;
    private int sidCounter;
    private int gatewayPort;
    private final Map<String, TwilioCallee> callees = new ConcurrentHashMap<>();
    private final Map<String, PlacedCall> placed = new ConcurrentHashMap<>();
    /** Status callbacks as sent, in the order sent: "CA… ringing". */
    public final List<String> statusCallbacks = new CopyOnWriteArrayList<>();

    public FakeTwilioApi(Vertx vertx, String authToken) {
        this.vertx = vertx;
        this.authToken = authToken;
        this.wsClient = vertx.createWebSocketClient();
        this.httpClient = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Where the "phone network" finds the gateway: its TwiML names the public URL, which is not routable here. */
    public void gatewayPort(int port) {
        this.gatewayPort = port;
    }

    private void handle(HttpServerRequest req) {
        req.setExpectMultipart(true);
        req.end().onSuccess(v -> {
            requests.add(req.method() + " " + req.path());
            String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + authToken).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(req.getHeader("Authorization"))) {
                error(req, 401, 20003, "Authenticate");
                return;
            }
            MultiMap form = req.formAttributes();
            String calls = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls";
            if (req.path().equals(calls + ".json")) create(req, form);
            else if (req.path().startsWith(calls + "/")) update(req, form);
            else error(req, 404, 20404, "The requested resource " + req.path() + " was not found");
        });
    }

    private void update(HttpServerRequest req, MultiMap form) {
        String sid = req.path().replaceAll(".*/(CA[^.]+)\\.json", "$1");
        form.forEach((k, v) -> callUpdates.add(sid + " " + k + "=" + v));
        PlacedCall call = placed.get(sid);
        if (call != null && form.get("Status") != null) call.endRequested(form.get("Status"));
        req.response().putHeader("Content-Type", "application/json")
                .end("{\"sid\":\"" + sid + "\",\"status\":\"" + form.get("Status") + "\"}");
    }

    private void create(HttpServerRequest req, MultiMap form) {
        Object[] fail = failNext;
        if (fail != null) {
            failNext = null;
            error(req, (Integer) fail[0], (Integer) fail[1], (String) fail[2]);
            return;
        }
        if (form.get("To") == null || !form.get("To").matches("\\+[1-9][0-9]{1,14}")) {
            error(req, 400, 21211, "Invalid 'To' Phone Number: " + form.get("To"));
            return;
        }
        createdCalls.add(MultiMap.caseInsensitiveMultiMap().addAll(form));
        String sid = String.format("CA%032d", ++sidCounter);
        TwilioCallee callee = callees.get(form.get("To"));
        if (callee != null) placed.put(sid, new PlacedCall(sid, form.get("To"), MultiMap.caseInsensitiveMultiMap().addAll(form), callee));
        req.response().setStatusCode(201).putHeader("Content-Type", "application/json").end("{\"sid\":\"" + sid
                + "\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"to\":\"" + form.get("To") + "\",\"from\":\"" + form.get("From")
                + "\",\"status\":\"queued\",\"direction\":\"outbound-api\"}");
        PlacedCall programmed = placed.get(sid);
        vertx.setTimer(50, t -> Thread.ofVirtual().start(() -> {
            if (programmed != null) programmed.place();
            else placeCall(sid, form);
        }));
    }

    /** What Twilio does once the callee answers: progress callbacks, then the stream from the TwiML. */
    private void placeCall(String sid, MultiMap form) {
        String statusUrl = form.get("StatusCallback");
        callback(statusUrl, sid, "ringing", 1);
        if (ringMs > 0) sleep(ringMs);
        callback(statusUrl, sid, "in-progress", 2);
        if (!streamConnects) return;
        String twiml = form.get("Twiml");
        Matcher s = STREAM.matcher(twiml);
        s.find();
        Map<String, String> params = new LinkedHashMap<>();
        for (Matcher p = PARAM.matcher(twiml); p.find(); ) params.put(p.group(1), p.group(2));
        URI stream = URI.create(s.group(1));
        String sig = Signing.sign(authToken, s.group(1), Map.of());
        var ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(gatewayPort).setURI(stream.getPath()).addHeader("X-Twilio-Signature", sig)).await();
        ws.textMessageHandler(m -> {
            if (m.contains("\"event\":\"media\"")) echoedPayloads.add(m.replaceAll(".*\"payload\":\"([^\"]+)\".*", "$1"));
        });
        String streamSid = "MZ" + sid.substring(2);
        ws.writeTextMessage("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}").await();
        StringBuilder custom = new StringBuilder();
        params.forEach((k, v) -> custom.append(custom.isEmpty() ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        ws.writeTextMessage("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"" + ACCOUNT_SID
                + "\",\"streamSid\":\"" + streamSid + "\",\"callSid\":\"" + sid + "\",\"tracks\":[\"inbound\"],\"customParameters\":{"
                + custom + "},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},\"streamSid\":\""
                + streamSid + "\"}").await();
        for (int i = 1; i <= 10; i++) {
            byte[] frame = new byte[160];
            frame[0] = (byte) i;
            ws.writeTextMessage("{\"event\":\"media\",\"sequenceNumber\":\"" + (i + 1) + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
                    + i + "\",\"timestamp\":\"" + (20 * (i - 1)) + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(frame)
                    + "\"},\"streamSid\":\"" + streamSid + "\"}").await();
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (echoedPayloads.size() < 10 && System.currentTimeMillis() < deadline) sleep(10);
        ws.writeTextMessage("{\"event\":\"stop\",\"sequenceNumber\":\"12\",\"stop\":{\"accountSid\":\"" + ACCOUNT_SID
                + "\",\"callSid\":\"" + sid + "\"},\"streamSid\":\"" + streamSid + "\"}").await();
        ws.close();
        callback(statusUrl, sid, "completed", 3);
    }

    private void callback(String url, String sid, String status, int seq) {
        callback(url, sid, status, seq, Map.of());
    }

    private void callback(String url, String sid, String status, int seq, Map<String, String> more) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", sid);
        p.put("AccountSid", ACCOUNT_SID);
        p.put("CallStatus", status);
        p.put("Direction", "outbound-api");
        p.put("CallbackSource", "call-progress-events");
        if (seq >= 0) p.put("SequenceNumber", String.valueOf(seq));
        if (status.equals("completed")) p.put("CallDuration", "1");
        p.putAll(more);
        statusCallbacks.add(sid + " " + status);
        String sig = Signing.sign(authToken, url, p);
        StringBuilder body = new StringBuilder();
        p.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI u = URI.create(url);
        httpClient.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gatewayPort)
                        .setURI(u.getPath()).putHeader("Content-Type", "application/x-www-form-urlencoded")
                        .putHeader("X-Twilio-Signature", sig))
                .compose(r -> r.send(body.toString()).compose(resp -> resp.body())).await();
    }

    /** What the phone at {@code number} (E.164, as the Calls API's {@code To}) does with every call placed to it from now on. */
    public void callee(String number, TwilioCallee behaviour) {
        callees.put(number, behaviour);
    }

    /** The sid of the first call placed to {@code number}, once placed (waits up to 10 s). */
    public String sidFor(String number) {
        return placedTo(number).sid;
    }

    /** The media stream of the first call placed to {@code number}, once answered and started (waits up to 10 s). */
    public TwilioPartyStream answered(String number) {
        return placedTo(number).stream.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The status callbacks sent for {@code sid} so far, in the order sent. */
    public List<String> statusesOf(String sid) {
        return statusCallbacks.stream().filter(c -> c.startsWith(sid + " ")).map(c -> c.substring(sid.length() + 1)).toList();
    }

    private PlacedCall placedTo(String number) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            PlacedCall first = placed.values().stream().filter(c -> c.number.equals(number))
                    .min(java.util.Comparator.comparing(c -> c.sid)).orElse(null);
            if (first != null) return first;
            sleep(5);
        }
        throw new AssertionError("no call was placed to " + number);
    }

    /** A call placed to a number with a {@link TwilioCallee}: its progress as Twilio reports it, and its stream. */
    private final class PlacedCall {
        final String sid;
        final String number;
        final MultiMap form;
        final TwilioCallee callee;
        final CompletableFuture<TwilioPartyStream> stream = new CompletableFuture<>();
        final CountDownLatch ringEnded = new CountDownLatch(1);
        private int seq;
        private boolean answered;
        private boolean over;
        private volatile String canceledWith;

        PlacedCall(String sid, String number, MultiMap form, TwilioCallee callee) {
            this.sid = sid;
            this.number = number;
            this.form = form;
            this.callee = callee;
        }

        /** On a thread of its own: rings, then does what the callee does. */
        void place() {
            Progress initiated = progress("initiated", Map.of());
            switch (callee.outcome()) {
                case BUSY -> decide(initiated, progress("busy", Map.of("CallDuration", "0", "SipResponseCode", "486")));
                case FAILED -> decide(initiated, progress("failed", Map.of("CallDuration", "0", "SipResponseCode", "404")));
                case NO_ANSWER -> {
                    initiated.send();
                    Progress ringing = progress("ringing", Map.of());
                    if (!callee.reordered()) ringing.send();
                    if (rang()) decide(ringing, progress("no-answer", Map.of("CallDuration", "0", "SipResponseCode", "487")));
                    else cancelled(ringing);
                }
                case ANSWERS -> {
                    initiated.send();
                    Progress ringing = progress("ringing", Map.of());
                    if (!callee.reordered()) ringing.send();
                    if (!rang()) {
                        cancelled(ringing);
                        return;
                    }
                    synchronized (this) {
                        answered = true;
                    }
                    decide(ringing, progress("in-progress", Map.of()));
                    connect();
                }
            }
        }

        /** The ring ran its course: true; cut short by a cancel: false. */
        private boolean rang() {
            try {
                return !ringEnded.await(callee.ring().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** {@code last} is the callback that settles the call; out of order, it overtakes {@code before}, not yet sent. */
        private void decide(Progress before, Progress last) {
            if (callee.reordered()) {
                last.send();
                before.send();
            } else {
                if (!before.sent) before.send();
                last.send();
            }
        }

        private void cancelled(Progress ringing) {
            if (!ringing.sent) ringing.send();
            progress(canceledWith == null ? "canceled" : canceledWith, Map.of("CallDuration", "0")).send();
            over();
        }

        /** The Calls API asked for {@code Status}: cancel a ringing call, hang up an answered one. */
        void endRequested(String status) {
            boolean ringing;
            synchronized (this) {
                if (over) return;
                ringing = !answered;
            }
            if (ringing) {
                // ASSUMED: Status=completed on a ringing call ends it as a cancel does.
                canceledWith = "canceled";
                ringEnded.countDown();
                return;
            }
            if (status.equals("completed")) {
                // Twilio tears the stream down (stop, close) and reports completed.
                Thread.ofVirtual().start(() -> stream.orTimeout(10, TimeUnit.SECONDS).join().hangup());
            }
        }

        private void connect() {
            TwilioPartyStream[] holder = new TwilioPartyStream[1];
            var started = startStream(sid, form.get("Twiml"), ws -> holder[0] = new TwilioPartyStream(vertx, ws, sid, "MZ" + sid.substring(2),
                    () -> Thread.ofVirtual().start(this::hungUp)));
            stream.complete(started == null ? null : holder[0]);
        }

        private void hungUp() {
            progress("completed", Map.of()).send();
            over();
        }

        private synchronized void over() {
            over = true;
        }

        private synchronized Progress progress(String status, Map<String, String> more) {
            return new Progress(status, seq++, more);
        }

        /** One status callback, numbered when it happened, sent when Twilio gets round to it. */
        private final class Progress {
            final String status;
            final int seq;
            final Map<String, String> more;
            boolean sent;

            Progress(String status, int seq, Map<String, String> more) {
                this.status = status;
                this.seq = seq;
                this.more = more;
            }

            void send() {
                sent = true;
                Map<String, String> fields = new LinkedHashMap<>(more);
                fields.put("From", form.get("From"));
                fields.put("To", form.get("To"));
                fields.put("ApiVersion", "2010-04-01");
                if (callee.sequenceNumbers()) {
                    fields.put("Timestamp", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
                }
                callback(form.get("StatusCallback"), sid, status, callee.sequenceNumbers() ? seq : -1, fields);
            }
        }
    }

    /**
     * Opens the stream the TwiML names, as Twilio does once the callee answers: the signed upgrade,
     * {@code connected}, and {@code start} with every {@code <Parameter>}. {@code onOpen} sees the
     * socket before {@code connected} is sent, so it misses nothing. Null if the gateway refused the upgrade.
     */
    private io.vertx.core.http.WebSocket startStream(String sid, String twiml,
                                                     java.util.function.Consumer<io.vertx.core.http.WebSocket> onOpen) {
        Matcher s = STREAM.matcher(twiml);
        s.find();
        Map<String, String> params = new LinkedHashMap<>();
        for (Matcher p = PARAM.matcher(twiml); p.find(); ) params.put(p.group(1), p.group(2));
        URI stream = URI.create(s.group(1));
        String sig = Signing.sign(authToken, s.group(1), Map.of());
        io.vertx.core.http.WebSocket ws;
        try {
            ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                    .setPort(gatewayPort).setURI(stream.getPath()).addHeader("X-Twilio-Signature", sig)).await();
        } catch (RuntimeException e) {
            return null;
        }
        onOpen.accept(ws);
        String streamSid = "MZ" + sid.substring(2);
        ws.writeTextMessage("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}").await();
        StringBuilder custom = new StringBuilder();
        params.forEach((k, v) -> custom.append(custom.isEmpty() ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        ws.writeTextMessage("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"" + ACCOUNT_SID
                + "\",\"streamSid\":\"" + streamSid + "\",\"callSid\":\"" + sid + "\",\"tracks\":[\"inbound\"],\"customParameters\":{"
                + custom + "},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},\"streamSid\":\""
                + streamSid + "\"}").await();
        return ws;
    }

    private static void error(HttpServerRequest req, int status, int code, String message) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end("{\"code\":" + code
                + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close().await();
    }
}
