package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpretedCallWithBBusyTellsATest {
    @TempDir
    Path dir;

    @Test
    void aHearsThatBIsBusyAndTheCallEndsWithThatReason() {
        try (InterpretedCallThroughTheGateway call = new InterpretedCallThroughTheGateway(dir)) {
            call.rig.twilio.callee(InterpretedCallRig.A, TwilioCallee.answers());
            call.rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.busy().ringing(Duration.ofMillis(300)));
            String id = call.place(InterpretedCallRig.B, "twilio");
            TwilioPartyStream a = call.rig.twilio.answered(InterpretedCallRig.A);

            JsonNode ended = Calls.awaitStatus(call.rig.gw, id, "completed");
            assertThat(ended.path("endReason").asText()).isEqualTo("party-b-busy");
            assertThat(ended.path("interpreter").path("b").path("status").asText()).isEqualTo("busy");
            assertThat(call.tts.served()).extracting(s -> s.body().path("input").asText())
                    .contains("Please hold while I connect your call.", "The person you are calling is busy. Goodbye.");
            assertThat(a.heardAudio().length).as("the hold prompt and the busy message").isGreaterThan(8 * 400);
            await().atMost(Duration.ofSeconds(5)).until(a::isClosed);
        }
    }
}
