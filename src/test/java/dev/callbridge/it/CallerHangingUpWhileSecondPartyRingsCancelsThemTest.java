package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.Call;
import dev.callbridge.call.PartyUnanswered;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hangs up while B's phone still rings: the call ends for A's reason, and B's call is
 * cancelled at Twilio ({@code Status=canceled}), so B's phone stops ringing and no stream for
 * B ever comes. B's part of the final record says {@code canceled}.
 */
class CallerHangingUpWhileSecondPartyRingsCancelsThemTest {
    @TempDir
    Path dir;

    @Test
    void bIsCanceledAtTwilio() {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers().ringing(Duration.ofSeconds(30)));
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                String bSid = rig.twilio.sidFor(InterpretedCallRig.B);
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.twilio.statusesOf(bSid).contains("ringing"));
                await().until(() -> call.record().interpreter().b().status().wireName().equals("ringing"));

                a.stop(20, RawTwilioStream.STREAM_SID);
                JsonNode ended = Calls.awaitStatus(rig.gw, call.id(), "completed");
                assertThat(ended.path("endReason").asText()).isEqualTo("caller-hangup");
                assertThat(ended.path("interpreter").path("b").path("status").asText()).isEqualTo("canceled");
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.twilio.callUpdates.contains(bSid + " Status=canceled"));
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.twilio.statusesOf(bSid).contains("canceled"));
                assertThat(rig.twilio.statusesOf(bSid)).doesNotContain("in-progress");
                assertThat(agent.joined).isCompletedExceptionally();
                assertThat(org.assertj.core.api.Assertions.catchThrowable(agent.joined::join).getCause())
                        .isInstanceOf(PartyUnanswered.class);
            }
        }
    }
}
