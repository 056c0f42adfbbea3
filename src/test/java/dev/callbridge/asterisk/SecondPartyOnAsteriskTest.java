package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.PartyUnanswered;
import dev.callbridge.call.Provider;
import dev.callbridge.it.Calls;
import dev.callbridge.it.PartyRelayAgent;
import dev.callbridge.it.RawTwilioStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed providers: A on Twilio, B on Asterisk. B's channel is originated into our application
 * with the arguments {@code party-b,<callId>}; answered, its RTP leg joins the call A's stream
 * began and the agent relays between them; B leaving ends the call as {@code party-b-hangup}.
 * Busy (ChannelDestroyed, cause 17) fails the agent's dial with {@code busy}.
 */
class SecondPartyOnAsteriskTest {
    private static final String A_SID = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @TempDir
    Path dir;

    private static Call interpretedCall(AsteriskGatewayRig rig) {
        Interpretation interpreter = new Interpretation(new Interpretation.Languages("en", "es"),
                new Interpretation.Party(Provider.ASTERISK, "+34911222333", "+15559870000", null, CallStatus.QUEUED));
        return rig.gw.gateway.registry().create(new CallRegistry.NewCall(Provider.TWILIO, A_SID, Direction.INBOUND, "+15551230000",
                "+15559870000", CallStatus.RINGING, PartyRelayAgent.NAME, "en", Map.of(), null, interpreter),
                rig.gw.vertx.getOrCreateContext()).orElseThrow();
    }

    private static RawTwilioStream streamA(AsteriskGatewayRig rig, Call call) {
        RawTwilioStream a = new RawTwilioStream(rig.gw.vertx, rig.gw.port());
        a.connected();
        a.send(RawTwilioStream.startMessage(RawTwilioStream.STREAM_SID, A_SID, Map.of("callId", call.id(), "callToken", call.streamToken())));
        return a;
    }

    @Test
    void bAnswersOnAsteriskAndTheTwoHearEachOther() {
        PartyRelayAgent.Factory relay = new PartyRelayAgent.Factory();
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, Map.of(PartyRelayAgent.NAME, relay),
                "ARI_ENDPOINT_TEMPLATE", "PJSIP/{to}@trunk")) {
            rig.ari.nextOriginate(OriginateOutcome.answered().after(Duration.ofMillis(200)));
            Call call = interpretedCall(rig);
            try (RawTwilioStream a = streamA(rig, call)) {
                PartyRelayAgent agent = relay.awaitOne();
                agent.awaitB(Duration.ofSeconds(10));

                FakeAri.Request originate = rig.ari.requests().stream()
                        .filter(r -> r.method().equals("POST") && r.path().startsWith("/ari/channels") && r.params().containsKey("endpoint"))
                        .findFirst().orElseThrow();
                assertThat(originate.params()).containsEntry("endpoint", "PJSIP/+34911222333@trunk");
                assertThat(originate.params().get("appArgs")).isEqualTo("party-b," + call.id());
                String channel = call.record().interpreter().b().providerCallId();
                assertThat(channel).isNotNull();
                assertThat(call.record().interpreter().b().status()).isEqualTo(CallStatus.IN_PROGRESS);
                assertThat(rig.gw.gateway.registry().findByProviderCallId(channel)).containsSame(call);
                assertThat(call.record().providerCallId()).isEqualTo(A_SID);

                int port = rig.gatewayRtpPort(channel);
                byte[] fromA = AsteriskRtpPeer.frame(0x31);
                for (int i = 0; i < 3; i++) a.media(10 + i, Base64.getEncoder().encodeToString(fromA));
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.rtp.received().stream().anyMatch(r -> r.packet().payload()[0] == 0x31));
                rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x42), port);
                String fromB = Base64.getEncoder().encodeToString(AsteriskRtpPeer.frame(0x42));
                await().atMost(Duration.ofSeconds(5)).until(() -> a.received.stream().anyMatch(m -> m.contains(fromB)));

                rig.ari.callerHangsUp(channel);
                JsonNode ended = Calls.awaitStatus(rig.gw, call.id(), "completed");
                assertThat(ended.path("endReason").asText()).isEqualTo("party-b-hangup");
                await().atMost(Duration.ofSeconds(5)).until(a::isClosed);
            }
        }
    }

    @Test
    void bBusyOnAsteriskFailsTheDialAsBusy() {
        PartyRelayAgent.Factory relay = new PartyRelayAgent.Factory();
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, Map.of(PartyRelayAgent.NAME, relay))) {
            rig.ari.nextOriginate(OriginateOutcome.busy());
            Call call = interpretedCall(rig);
            try (RawTwilioStream a = streamA(rig, call)) {
                PartyRelayAgent agent = relay.awaitOne();
                Throwable why = org.assertj.core.api.Assertions.catchThrowable(() -> agent.awaitB(Duration.ofSeconds(10)));
                assertThat(why).isInstanceOf(CompletionException.class).cause().isInstanceOf(PartyUnanswered.class);
                assertThat(((PartyUnanswered) why.getCause()).status()).isEqualTo(CallStatus.BUSY);
                JsonNode ended = Calls.awaitStatus(rig.gw, call.id(), "completed");
                assertThat(ended.path("endReason").asText()).startsWith("party-b-busy");
                assertThat(ended.path("interpreter").path("b").path("status").asText()).isEqualTo("busy");
                // A's record is A's: Asterisk's busy for B did not touch A's id or status.
                assertThat(ended.path("providerCallId").asText()).isEqualTo(A_SID);
            }
        }
    }

    @Test
    void aLeavingWhileBRingsOnAsteriskHangsUpBsChannel() {
        PartyRelayAgent.Factory relay = new PartyRelayAgent.Factory();
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, Map.of(PartyRelayAgent.NAME, relay))) {
            rig.ari.nextOriginate(OriginateOutcome.answered().after(Duration.ofSeconds(30)));
            Call call = interpretedCall(rig);
            try (RawTwilioStream a = streamA(rig, call)) {
                relay.awaitOne();
                await().atMost(Duration.ofSeconds(5)).until(() -> call.record().interpreter().b().providerCallId() != null);
                String channel = call.record().interpreter().b().providerCallId();
                a.stop(20, RawTwilioStream.STREAM_SID);
                Calls.awaitStatus(rig.gw, call.id(), "completed");
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.ari.requests().stream()
                        .anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/ari/channels/" + channel)));
                await().atMost(Duration.ofSeconds(5)).until(() -> rig.ari.channel(channel).isEmpty());
            }
        }
    }
}
