package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/calls} with {@code "provider":"asterisk"} originates into our application: a
 * number goes through {@code ARI_ENDPOINT_TEMPLATE}, a dial string as it is. Answered, the call
 * gets its media and agent; busy, unanswered or refused, the record says so.
 */
class AsteriskOutboundCallTest {
    @TempDir
    Path dir;

    private static GatewayFixture.Response dial(AsteriskGatewayRig rig, String to) {
        return rig.gw.postJson("/api/calls", "{\"provider\":\"asterisk\",\"to\":\"" + to + "\",\"from\":\"+15559870000\"}");
    }

    @Test
    void anAnsweredOriginateIsBridgedAndEchoes() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, "ARI_ENDPOINT_TEMPLATE", "PJSIP/{to}@trunk")) {
            rig.ari.nextOriginate(OriginateOutcome.answered().after(Duration.ofMillis(300)));
            GatewayFixture.Response created = dial(rig, "+4930123456");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asText();
            String channel = created.json().path("providerCallId").asText();

            FakeAri.Request originate = rig.ari.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/ari/channels"))
                    .findFirst().orElseThrow();
            assertThat(originate.params()).containsEntry("endpoint", "PJSIP/+4930123456@trunk").containsEntry("app", "callbridge")
                    .containsEntry("channelId", channel);
            assertThat(originate.params().get("appArgs")).isEqualTo("outbound," + id);

            int port = rig.gatewayRtpPort(channel);
            await().until(() -> rig.gw.get("/api/calls/" + id).json().path("status").asText().equals("in-progress"));
            assertThat(rig.ari.requests()).noneSatisfy(r -> assertThat(r.path()).isEqualTo("/ari/channels/" + channel + "/answer"));
            rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x31), port);
            await().until(() -> rig.rtp.received().stream().anyMatch(r -> r.packet().payload()[0] == 0x31));

            rig.ari.callerHangsUp(channel);
            assertThat(Calls.awaitStatus(rig.gw, id, "completed").path("direction").asText()).isEqualTo("outbound");
        }
    }

    @Test
    void busyAndNoAnswerAreRecordedAsSuch() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            rig.ari.nextOriginate(OriginateOutcome.busy());
            String busy = dial(rig, "PJSIP/200").json().path("id").asText();
            assertThat(Calls.awaitStatus(rig.gw, busy, "busy").path("to").asText()).isEqualTo("PJSIP/200");

            rig.ari.nextOriginate(OriginateOutcome.noAnswer());
            String unanswered = dial(rig, "201").json().path("id").asText();
            Calls.awaitStatus(rig.gw, unanswered, "no-answer");
            assertThat(rig.ari.requests()).anySatisfy(r -> assertThat(r.params().get("endpoint")).isEqualTo("PJSIP/201@provider"));
        }
    }

    @Test
    void anOriginateAsteriskRefusesFailsTheRequestAndTheCall() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            rig.ari.nextOriginate(OriginateOutcome.restError(400, "Endpoint not found"));
            GatewayFixture.Response refused = dial(rig, "PJSIP/nobody");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).contains("Endpoint not found");
            await().until(() -> rig.gw.get("/api/calls?status=failed").json().path("calls").size() == 1);
            JsonNode failed = rig.gw.get("/api/calls?status=failed").json().path("calls").get(0);
            assertThat(failed.path("endReason").asText()).startsWith("dial-failed: ").contains("Endpoint not found");
            assertThat(rig.ari.channels()).isEmpty();
        }
    }

    @Test
    void badDestinationsAreRefusedBeforeAsteriskIsAsked() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            GatewayFixture.Response bad = rig.gw.postJson("/api/calls", "{\"provider\":\"asterisk\",\"to\":\"PJSIP/a b,c\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("to: 'PJSIP/a b,c' is neither a number nor a dial string");
            assertThat(rig.ari.requests()).noneSatisfy(r -> assertThat(r.method() + " " + r.path()).isEqualTo("POST /ari/channels"));
        }
    }
}
