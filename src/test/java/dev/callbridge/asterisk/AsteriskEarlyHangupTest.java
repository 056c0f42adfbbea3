package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller who hangs up while their call is still being bridged ends it; nothing is left behind. */
class AsteriskEarlyHangupTest {
    @TempDir
    Path dir;

    @Test
    void aHangUpDuringSetUpEndsTheCallAndCleansUp() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            rig.ari.callerHangsUp(caller); // at once: the answer and the bridge are still on their way
            JsonNode call = rig.call(caller);
            String id = call.path("id").asText();
            await().until(() -> !rig.gw.get("/api/calls/" + id).json().path("endedAt").isNull());
            JsonNode ended = rig.gw.get("/api/calls/" + id).json();
            assertThat(ended.path("endReason").asText()).startsWith("caller-hangup");
            assertThat(ended.path("status").asText()).isEqualTo("completed");
            await().until(() -> rig.ari.channels().isEmpty() && rig.ari.bridges().isEmpty());
            assertThat(Calls.metric(rig.gw, "callbridge_calls_active", "provider=\"asterisk\"")).isZero();
        }
    }
}
