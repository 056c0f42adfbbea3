package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twilio's signatures carry no timestamp, so a captured voice webhook stays valid. Re-sent for a
 * call that has ended, it is answered {@code <Reject/>} and creates nothing: whether the call is
 * still held in memory (ended, not yet stored), only in the store, or from before a restart.
 */
class ReplayedVoiceWebhookIsRejectedTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC_URL = "https://bot.example.com";
    private static final String SID = "CA0000000000000000000000000000abcd";

    @TempDir
    Path dir;

    private GatewayFixture gateway() {
        return new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL);
    }

    private static GatewayFixture.Response voice(GatewayFixture gw) {
        return Calls.postSigned(gw, "/twilio/voice", PUBLIC_URL, TOKEN, Calls.formParams(SID));
    }

    private static int listed(GatewayFixture gw) {
        return gw.get("/api/calls").json().path("calls").size();
    }

    private static void assertRejected(GatewayFixture.Response replay, String when) {
        assertThat(replay.status()).as(when).isEqualTo(200);
        assertThat(replay.body()).as("%s: %s", when, replay.body()).contains("<Reject/>").doesNotContain("<Connect>");
    }

    /** A completed call: answered, streamed, hung up by the caller. */
    private static String completedCall(GatewayFixture gw) {
        Calls.StreamAnswer answer = Calls.streamAnswer(voice(gw).body());
        try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port(),
                Signing.sign(TOKEN, "wss://bot.example.com/ws/twilio-media", Map.of()))) {
            twilio.connected();
            twilio.start(answer);
            Calls.awaitStatus(gw, answer.callId(), "in-progress");
            twilio.stop(2, RawTwilioStream.STREAM_SID);
            await().until(twilio::isClosed);
        }
        Calls.awaitStatus(gw, answer.callId(), "completed");
        return answer.callId();
    }

    @Test
    void aReplayForACompletedCallIsRejectedAndCreatesNothing() {
        try (GatewayFixture gw = gateway()) {
            String id = completedCall(gw);
            await().until(() -> gw.gateway.registry().find(id).isEmpty()); // stored, and forgotten by the registry
            GatewayFixture.Response replay = voice(gw);
            assertRejected(replay, "replayed after the call was stored");
            assertThat(gw.gateway.registry().totalCalls()).as("calls created by the replay, beyond the original").isEqualTo(1);
            assertThat(listed(gw)).isEqualTo(1);
            assertThat(Calls.metric(gw, "callbridge_webhook_refused_total", "reason=\"replay\"")).isEqualTo(1);
        }
    }

    @Test
    void aReplayRightAfterTheCallEndedIsRejected() {
        try (GatewayFixture gw = gateway()) {
            String id = Calls.callId(voice(gw).body());
            Map<String, String> completed = Calls.formParams(SID);
            completed.put("CallStatus", "completed");
            assertThat(Calls.postSigned(gw, "/twilio/status", PUBLIC_URL, TOKEN, completed).status()).isEqualTo(204);
            assertRejected(voice(gw), "replayed as the call ended");
            Calls.awaitStatus(gw, id, "completed");
            assertThat(gw.gateway.registry().totalCalls()).isEqualTo(1);
            assertThat(listed(gw)).isEqualTo(1);
        }
    }

    @Test
    void aReplayAfterARestartIsRejected() {
        String id;
        try (GatewayFixture gw = gateway()) {
            id = completedCall(gw);
        }
        try (GatewayFixture gw = gateway()) {
            assertRejected(voice(gw), "replayed to the next process");
            assertThat(gw.gateway.registry().totalCalls()).isZero();
            assertThat(gw.get("/api/calls").json().path("calls").get(0).path("id").asText()).isEqualTo(id);
            assertThat(listed(gw)).isEqualTo(1);
        }
    }

    @Test
    void twilioRetryingTheWebhookOfALiveCallGetsTheSameCall() {
        try (GatewayFixture gw = gateway()) {
            Calls.StreamAnswer first = Calls.streamAnswer(voice(gw).body());
            Calls.StreamAnswer retry = Calls.streamAnswer(voice(gw).body());
            assertThat(retry).isEqualTo(first);
            assertThat(gw.gateway.registry().totalCalls()).isEqualTo(1);
        }
    }
}
