package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.twilio.TwilioSignature;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Calls API stand-in, as a gateway sees it: a create is answered 201 with a Call resource, the
 * progress callbacks asked for arrive in order and signed over the StatusCallback URL as written, and
 * the stream named in the inline TwiML is opened (signed upgrade) with the TwiML's parameters in
 * {@code start.customParameters}, on the context the callee picked up on.
 */
class SimulatedCallsApiPlacesACallAsTwilioDoesTest {
    private static final String TOKEN = "test-auth-token";
    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private static final String PUBLIC = "https://public.example";

    private Vertx vertx;
    private HttpServer gateway;
    private final List<Map<String, List<String>>> callbacks = new CopyOnWriteArrayList<>();
    private final List<Boolean> callbackSignaturesValid = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> upgradeSignature = new CompletableFuture<>();
    private final CompletableFuture<JsonObject> start = new CompletableFuture<>();

    @BeforeEach
    void startGateway() {
        vertx = Vertx.vertx();
        gateway = vertx.createHttpServer()
                .webSocketHandler(ws -> {
                    upgradeSignature.complete(ws.headers().get("X-Twilio-Signature"));
                    ws.textMessageHandler(text -> {
                        JsonObject m = new JsonObject(text);
                        if ("start".equals(m.getString("event"))) start.complete(m);
                    });
                })
                .requestHandler(req -> {
                    req.setExpectMultipart(true);
                    req.end().onSuccess(v -> {
                        Map<String, List<String>> form = new LinkedHashMap<>();
                        req.formAttributes().forEach(e -> form.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
                        callbacks.add(form);
                        callbackSignaturesValid.add(req.path().equals("/twilio/status") && TwilioSignature.compute(TOKEN,
                                PUBLIC + "/twilio/status", form).equals(req.getHeader("X-Twilio-Signature")));
                        req.response().setStatusCode(204).end();
                    });
                })
                .listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void aCreateIsAnswered201ThenCallbacksAndTheStreamWithTheTwimlParameters() throws Exception {
        URI server = URI.create("http://127.0.0.1:" + gateway.actualPort());
        GatewayTarget target = new GatewayTarget(server, URI.create(PUBLIC), Optional.of(TOKEN));
        Context callee = vertx.getOrCreateContext();
        CompletableFuture<SimulatedTwilioCallsApi.AnsweredStream> answered = new CompletableFuture<>();
        CompletableFuture<Boolean> answeredOnCalleeContext = new CompletableFuture<>();
        SimulatedTwilioCallsApi api = SimulatedTwilioCallsApi.start(vertx, "127.0.0.1", 0, target, 10, new SimulatedTwilioCallsApi.Callee() {
            @Override
            public Context pickUp(SimulatedTwilioCallsApi.PlacedCall call) {
                return callee;
            }

            @Override
            public void answered(SimulatedTwilioCallsApi.AnsweredStream stream) {
                answeredOnCalleeContext.complete(Vertx.currentContext() == callee);
                answered.complete(stream);
            }
        }).await();
        String streamUrl = "wss://public.example/ws/twilio-media";
        String twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\"" + streamUrl + "\">"
                + "<Parameter name=\"callId\" value=\"c_42\"/><Parameter name=\"callToken\" value=\"s3cret\"/>"
                + "<Parameter name=\"party\" value=\"b\"/></Stream></Connect></Response>";
        String form = "To=" + enc("+34911222333") + "&From=" + enc("+15559870000") + "&Twiml=" + enc(twiml)
                + "&StatusCallback=" + enc(PUBLIC + "/twilio/status")
                + "&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&StatusCallbackEvent=answered&StatusCallbackEvent=completed";

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> refused = client.send(create(api, form, ACCOUNT + ":wrong"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> created = client.send(create(api, form, ACCOUNT + ":" + TOKEN), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(refused.body()).getInteger("code")).isEqualTo(20003);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject call = new JsonObject(created.body());
        String sid = call.getString("sid");
        assertThat(sid).matches("CA[0-9a-f]{32}");
        assertThat(call.getString("account_sid")).isEqualTo(ACCOUNT);
        assertThat(call.getString("status")).isEqualTo("queued");
        assertThat(call.getString("direction")).isEqualTo("outbound-api");
        assertThat(call.getString("to")).isEqualTo("+34911222333");
        assertThat(call.getString("from")).isEqualTo("+15559870000");

        JsonObject started = start.get(5, TimeUnit.SECONDS).getJsonObject("start");
        assertThat(started.getJsonObject("customParameters").getMap()).containsExactly(
                Map.entry("callId", "c_42"), Map.entry("callToken", "s3cret"), Map.entry("party", "b"));
        assertThat(started.getString("callSid")).isEqualTo(sid);
        assertThat(started.getString("accountSid")).isEqualTo(ACCOUNT);
        assertThat(upgradeSignature.get(1, TimeUnit.SECONDS)).isEqualTo(TwilioSignature.compute(TOKEN, streamUrl, Map.of()));
        assertThat(answered.get(5, TimeUnit.SECONDS).call().parties().callSid()).isEqualTo(sid);
        assertThat(answeredOnCalleeContext.get()).as("the stream's handlers run on the callee's event loop").isTrue();

        // Progress callbacks, in order, before the stream; the final one once the callee hangs up.
        api.completed(answered.get().call(), 3).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(callbacks).extracting(f -> f.get("CallStatus").get(0)).containsExactly("initiated", "ringing", "in-progress", "completed");
        assertThat(callbacks).extracting(f -> f.get("SequenceNumber").get(0)).containsExactly("0", "1", "2", "3");
        assertThat(callbacks).allSatisfy(f -> {
            assertThat(f.get("CallSid")).containsExactly(sid);
            assertThat(f.get("Direction")).containsExactly("outbound-api");
        });
        assertThat(callbacks.get(3).get("CallDuration")).containsExactly("3");
        assertThat(callbackSignaturesValid).as("signed over the StatusCallback URL as given").containsOnly(true);
        assertThat(api.counters().created()).isEqualTo(1);
        assertThat(api.counters().refused()).isEqualTo(1);
    }

    private static HttpRequest create(SimulatedTwilioCallsApi api, String form, String credentials) {
        return HttpRequest.newBuilder(URI.create(api.url() + "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
