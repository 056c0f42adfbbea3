package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.SimulationResult;
import dev.callbridge.sim.TwilioCallSimulator;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a real {@code serve} process with Twilio calls in flight: new calls are refused
 * (busy TwiML, 503 on the API, {@code /health} 503 {@code draining}), a call answered before the
 * signal still connects its stream, a call that ends during the drain keeps its own reason, the
 * calls still up at the deadline (streaming, or still ringing) end with {@code shutdown} (the
 * ringing one cancelled at Twilio's REST API), the process exits 0, and the store it leaves holds
 * every call's final record.
 */
class SigtermDrainsLiveCallsTest {
    private static final String TOKEN = "drain-token";
    private static final String PUBLIC_URL = "https://drain.example.com";
    private static final int DRAIN_SECONDS = 6; // room for the checks below on a loaded machine
    private static final String RINGING_SID = "CA00000000000000000000000000000003";
    private static final String REFUSED_SID = "CA00000000000000000000000000000004";
    private static final String LATE_STREAM_SID = "CA00000000000000000000000000000005";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);

    @AfterEach
    void tearDown() {
        twilio.close();
        vertx.close().await();
    }

    @Test
    void liveCallsFinishOrEndWithShutdownAtTheDeadlineAndNothingIsLost() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, Map.of("DRAIN_SECONDS", String.valueOf(DRAIN_SECONDS),
                "PUBLIC_URL", PUBLIC_URL, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TOKEN,
                "TWILIO_API_URL", twilio.url()))) {
            // A: a caller who stays on the line, played by the simulator (marks and all).
            GatewayTarget target = new GatewayTarget(URI.create(serve.base()), URI.create(PUBLIC_URL), Optional.of(TOKEN));
            var stays = new TwilioCallSimulator(vertx, new TwilioCallSimulator.Options(target, CallerAudio.load(null), 120_000, "",
                    "+15551230001", "+15559870000"), PlaybackClock.system(), new SplittableRandom(3), counters -> {}).run();
            // B: a caller who hangs up during the drain.
            Calls.StreamAnswer leavesAnswer = voiceWebhook(serve, RawTwilioStream.CALL_SID);
            String leavesId = leavesAnswer.callId();
            RawTwilioStream leaves = new RawTwilioStream(vertx, serve.port(), streamSignature());
            leaves.connected();
            leaves.start(leavesAnswer);
            // C: a call Twilio is still ringing: answered with TwiML, no stream yet.
            String ringingId = voiceWebhook(serve, RINGING_SID).callId();
            // D: answered just before SIGTERM; its stream opens during the drain.
            Calls.StreamAnswer lateAnswer = voiceWebhook(serve, LATE_STREAM_SID);
            String lateId = lateAnswer.callId();
            await().atMost(Duration.ofSeconds(20)).until(() -> serve.get("/api/calls?status=in-progress").json().path("calls").size() == 2);

            Instant sigterm = Instant.now();
            serve.sigterm();

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> serve.get("/health").status() == 503);
            ServeProcess.Reply health = serve.get("/health");
            assertThat(health.json().path("status").asText()).as(health.body()).isEqualTo("draining");
            assertThat(health.json().path("checks").path("store").asText()).isEqualTo("up");
            serve.awaitLog(Pattern.compile("SIGTERM: draining 4 calls in flight, new calls refused; calls still up at .* are hung up"),
                    Duration.ofSeconds(5));

            RawTwilioStream late = new RawTwilioStream(vertx, serve.port(), streamSignature());
            late.connected();
            late.start(lateAnswer);
            late.media(2, Base64.getEncoder().encodeToString(new byte[160]));
            await("a call answered before SIGTERM still connects and is served").atMost(Duration.ofSeconds(5))
                    .until(() -> late.received.stream().anyMatch(m -> m.contains("\"event\":\"media\"")));

            ServeProcess.Reply busy = serve.postForm("/twilio/voice", Calls.form(REFUSED_SID), Map.of("X-Twilio-Signature", webhookSignature(REFUSED_SID)));
            assertThat(busy.status()).isEqualTo(200);
            assertThat(busy.body()).contains("<Say>").contains("<Hangup/>").doesNotContain("<Connect>");

            ServeProcess.Reply api = serve.postJson("/api/calls", "{\"to\":\"+15559870001\",\"from\":\"+15551230000\"}");
            assertThat(api.status()).as(api.body()).isEqualTo(503);
            assertThat(api.json().path("error").path("code").asText()).isEqualTo("draining");

            leaves.stop(2, RawTwilioStream.STREAM_SID);
            await().atMost(Duration.ofSeconds(5)).until(() -> serve.get("/api/calls/" + leavesId).json().path("status").asText().equals("completed"));
            assertThat(serve.isAlive()).as("the drain goes on while calls are left").isTrue();

            assertThat(serve.awaitExit(Duration.ofSeconds(DRAIN_SECONDS + 20))).as(serve.logText()).isZero();
            SimulationResult stayed = stays.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(stayed.serverHungUp()).as("the gateway closed the stream: with nothing after <Connect>, Twilio hangs up").isTrue();
            assertThat(stayed.counters().framesReceived()).as("the caller was heard until the end").isGreaterThan(100);
            assertThat(twilio.callUpdates).as("the ringing call is cancelled at Twilio").containsExactly(RINGING_SID + " Status=canceled");
            assertThat(serve.logLines()).as("one line as the drain starts, one as it ends").filteredOn(l -> l.contains("GracefulDrain"))
                    .hasSize(2).last().asString().contains("drained in").contains("1 of 4 calls ended by themselves, 3 hung up with 'shutdown'");

            CallRecord a = serve.storedCall(stayed.callId()).orElseThrow();
            assertThat(a.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(a.endReason()).isEqualTo("shutdown");
            assertThat(a.endedAt()).as("up until the deadline").isAfterOrEqualTo(sigterm.plusSeconds(DRAIN_SECONDS));
            CallRecord b = serve.storedCall(leavesId).orElseThrow();
            assertThat(b.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(b.endReason()).isEqualTo("caller-hangup");
            CallRecord c = serve.storedCall(ringingId).orElseThrow();
            assertThat(c.status()).isEqualTo(CallStatus.CANCELED);
            assertThat(c.endReason()).isEqualTo("shutdown");
            CallRecord d = serve.storedCall(lateId).orElseThrow();
            assertThat(d.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(d.endReason()).isEqualTo("shutdown");
            List<CallRecord> all = serve.storedCalls();
            assertThat(all).as("A, B, C, D and the two refused").hasSize(6).allSatisfy(r -> {
                assertThat(r.status().isTerminal()).as(r.toString()).isTrue();
                assertThat(r.endedAt()).as(r.toString()).isNotNull();
            });
            assertThat(all).filteredOn(r -> r.status() == CallStatus.REJECTED).extracting(CallRecord::endReason)
                    .containsExactly("draining", "draining");
        }
    }

    private static Calls.StreamAnswer voiceWebhook(ServeProcess serve, String callSid) {
        return Calls.answered(serve, callSid, Map.of("X-Twilio-Signature", webhookSignature(callSid)));
    }

    private static String webhookSignature(String callSid) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String kv : Calls.form(callSid).split("&")) {
            params.put(kv.split("=")[0], URLDecoder.decode(kv.split("=")[1], StandardCharsets.UTF_8));
        }
        return Signing.sign(TOKEN, PUBLIC_URL + "/twilio/voice", params);
    }

    private static String streamSignature() {
        return Signing.sign(TOKEN, "wss://drain.example.com/ws/twilio-media", Map.of());
    }
}
