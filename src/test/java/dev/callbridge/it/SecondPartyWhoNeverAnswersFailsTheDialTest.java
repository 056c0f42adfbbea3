package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.Call;
import dev.callbridge.call.PartyUnanswered;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B busy, not answering, or failing, as Twilio's status callbacks say it (no stream ever comes):
 * the agent's dial fails with {@link PartyUnanswered} carrying that status, and the record's
 * {@code interpreter.b.status} says so. Here the relay agent then ends the call ({@code party-b-busy}…).
 */
class SecondPartyWhoNeverAnswersFailsTheDialTest {
    @TempDir
    Path dir;

    @Test
    void busy() {
        check(TwilioCallee.busy(), "busy");
    }

    @Test
    void noAnswer() {
        check(TwilioCallee.noAnswer(), "no-answer");
    }

    @Test
    void failed() {
        check(TwilioCallee.failed(), "failed");
    }

    @Test
    void busyReportedBeforeInitiatedAndWithoutSequenceNumbers() {
        check(TwilioCallee.busy().outOfOrder().withoutSequenceNumbers(), "busy");
    }

    @Test
    void noAnswerReportedBeforeRinging() {
        check(TwilioCallee.noAnswer().outOfOrder(), "no-answer");
    }

    private void check(TwilioCallee b, String status) {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.twilio.callee(InterpretedCallRig.B, b);
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                Throwable why = org.assertj.core.api.Assertions.catchThrowable(() -> agent.awaitB(Duration.ofSeconds(10)));
                assertThat(why).isInstanceOf(CompletionException.class).cause().isInstanceOf(PartyUnanswered.class);
                assertThat(((PartyUnanswered) why.getCause()).status().wireName()).isEqualTo(status);

                JsonNode ended = Calls.awaitStatus(rig.gw, call.id(), "completed");
                assertThat(ended.path("endReason").asText()).startsWith("party-b-" + status);
                assertThat(ended.path("interpreter").path("b").path("status").asText()).isEqualTo(status);
                assertThat(ended.path("interpreter").path("b").path("providerCallId").asText())
                        .isEqualTo(rig.twilio.sidFor(InterpretedCallRig.B));
                await().atMost(Duration.ofSeconds(5)).until(a::isClosed);
                // Nothing to hang up at Twilio: B's call is over there already.
                assertThat(rig.twilio.callUpdates).noneMatch(u -> u.startsWith(rig.twilio.sidFor(InterpretedCallRig.B)));
            }
        }
    }
}
