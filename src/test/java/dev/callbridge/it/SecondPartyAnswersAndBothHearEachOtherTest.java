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
 * An interpreted call's agent dials B; B answers on Twilio and B's own stream ({@code party=b})
 * joins the call A's stream began. What each says reaches the other through the agent, the
 * record shows B in progress with B's CallSid, and either sid finds the call. The same holds
 * when Twilio's callbacks for B come out of order and without their optional fields.
 */
class SecondPartyAnswersAndBothHearEachOtherTest {
    @TempDir
    Path dir;

    @Test
    void bAnswersAndAudioFlowsBothWays() {
        runWith(TwilioCallee.answers());
    }

    @Test
    void bAnswersWithCallbacksOutOfOrderAndWithoutSequenceNumbers() {
        runWith(TwilioCallee.answers().outOfOrder().withoutSequenceNumbers());
    }

    private void runWith(TwilioCallee b) {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir)) {
            rig.twilio.callee(InterpretedCallRig.B, b);
            Call call = rig.interpretedCall();
            try (RawTwilioStream a = rig.streamA(call)) {
                PartyRelayAgent agent = rig.relay.awaitOne();
                TwilioPartyStream bStream = rig.twilio.answered(InterpretedCallRig.B);
                String bSid = rig.twilio.sidFor(InterpretedCallRig.B);
                agent.awaitB(Duration.ofSeconds(10));

                // B was dialled as the TwiML says: their own stream, marked party b, with the call's secret.
                var placed = rig.twilio.createdCalls.get(0);
                assertThat(placed.get("To")).isEqualTo(InterpretedCallRig.B);
                assertThat(placed.get("From")).isEqualTo(InterpretedCallRig.OUR_NUMBER);
                assertThat(placed.get("Twiml")).contains("<Parameter name=\"party\" value=\"b\"/>")
                        .contains("<Parameter name=\"callId\" value=\"" + call.id() + "\"/>");

                for (int i = 0; i < 5; i++) a.media(10 + i, java.util.Base64.getEncoder().encodeToString(filled(0x21)));
                await().atMost(Duration.ofSeconds(5)).until(() -> bStream.heardFramesOf(0x21) == 5);
                for (int i = 0; i < 5; i++) bStream.frame(0x42);
                await().atMost(Duration.ofSeconds(5)).until(() -> mediaTo(a, 0x42) == 5);
                assertThat(agent.framesFromB.get()).isEqualTo(5);

                await().until(() -> rig.record(call.id()).path("interpreter").path("b").path("status").asText().equals("in-progress"));
                JsonNode record = rig.record(call.id());
                assertThat(record.path("status").asText()).isEqualTo("in-progress");
                assertThat(record.path("providerCallId").asText()).isEqualTo(InterpretedCallRig.A_SID);
                JsonNode interpreter = record.path("interpreter");
                assertThat(interpreter.path("b").path("providerCallId").asText()).isEqualTo(bSid);
                assertThat(interpreter.path("b").path("to").asText()).isEqualTo(InterpretedCallRig.B);
                assertThat(interpreter.path("languages").path("a").asText()).isEqualTo("en");
                assertThat(interpreter.path("languages").path("b").asText()).isEqualTo("es");
                assertThat(rig.gw.gateway.registry().findByProviderCallId(bSid)).containsSame(call);
                assertThat(rig.gw.gateway.registry().findByProviderCallId(InterpretedCallRig.A_SID)).containsSame(call);
                assertThat(call.record().status().wireName()).isEqualTo("in-progress");
                assertThat(rig.twilio.statusesOf(bSid)).contains("initiated", "ringing", "in-progress");
            }
        }
    }

    static byte[] filled(int value) {
        byte[] f = new byte[160];
        java.util.Arrays.fill(f, (byte) value);
        return f;
    }

    /** How many media messages to A carry a frame all of {@code value}. */
    static long mediaTo(RawTwilioStream a, int value) {
        String payload = java.util.Base64.getEncoder().encodeToString(filled(value));
        return a.received.stream().filter(m -> m.contains("\"event\":\"media\"") && m.contains(payload)).count();
    }
}
