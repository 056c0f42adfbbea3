package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.Call;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Either party leaving ends the call for both. B hanging up ends it with {@code party-b-hangup}
 * and closes A's stream; A hanging up ends it as {@code caller-hangup} and closes B's stream,
 * which Twilio reports as B's call completed.
 */
class SecondPartyHangingUpEndsTheCallForBothTest {
    @TempDir
    Path dir;

    @Test
    void bHangsUp() {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                TwilioPartyStream b = rig.twilio.answered(InterpretedCallRig.B);
                agent.awaitB(Duration.ofSeconds(10));

                b.hangup();
                JsonNode ended = Calls.awaitStatus(rig.gw, call.id(), "completed");
                assertThat(ended.path("endReason").asText()).isEqualTo("party-b-hangup");
                assertThat(agent.stopped.join().code()).isEqualTo("party-b-hangup");
                await().atMost(Duration.ofSeconds(5)).until(a::isClosed);
                assertThat(ended.path("interpreter").path("b").path("status").asText()).isIn("in-progress", "completed");
            }
        }
    }

    @Test
    void aHangsUp() {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                TwilioPartyStream b = rig.twilio.answered(InterpretedCallRig.B);
                agent.awaitB(Duration.ofSeconds(10));

                a.stop(20, RawTwilioStream.STREAM_SID);
                JsonNode ended = Calls.awaitStatus(rig.gw, call.id(), "completed");
                assertThat(ended.path("endReason").asText()).isEqualTo("caller-hangup");
                b.closed.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
                String bSid = rig.twilio.sidFor(InterpretedCallRig.B);
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.twilio.statusesOf(bSid).contains("completed"));
            }
        }
    }
}
