package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.AgentFactory;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.config.Secret;
import dev.callbridge.rtp.RtpFormat;
import dev.callbridge.rtp.RtpMetrics;
import dev.callbridge.rtp.RtpPortPool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An agent's transfer on an Asterisk call sends the caller on in the dialplan
 * ({@code POST /channels/{id}/continue} into {@code ARI_TRANSFER_CONTEXT}, whose extension dials
 * the number): the caller's channel stays up, ours go, and the record ends as transferred.
 */
class AsteriskTransferTest extends AriRigFixture {
    /** Transfers the caller as soon as it is on the line, as the realtime agent's transfer_call would. */
    private static final class TransferringAgent implements Agent {
        public Future<Void> start(CallContext ctx) {
            ctx.legs().get(0).transfer("+15550001111");
            return Future.succeededFuture();
        }
        public void onAudio(Leg from, AudioChunk chunk) { }
        public void onDtmf(Leg from, char digit) { }
        public void onHeard(Leg to, Object tag) { }
        public void stop(EndReason reason) { }
    }

    @Test
    void theCallerIsSentOnInTheDialplanAndTheCallEndsAsTransferred() {
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        CallEventBus bus = new CallEventBus();
        bus.subscribe(events::add);
        CallRegistry registry = new CallRegistry(10, bus, Clock.systemUTC(), call -> { });
        AgentFactory agents = new AgentFactory(Map.of("transferring", TransferringAgent::new), "transferring");
        AsteriskCallSetup setup = new AsteriskCallSetup(vertx, rig.client, new RtpPortPool(28000, 28999), "127.0.0.1",
                RtpFormat.PCMU, RtpMetrics.NONE, "callbridge-transfer");
        Context callLoop = vertx.getOrCreateContext();
        AsteriskFrontDoor door = new AsteriskFrontDoor(vertx, rig.client, registry, agents, setup, () -> callLoop, AsteriskMetrics.NONE,
                dev.callbridge.call.InterpreterNumbers.NONE);
        AriEventStream stream = new AriEventStream(vertx, rig.fake.url(), AriRig.USER, Secret.ofNullable(AriRig.PASSWORD), AriRig.APP, door);
        try (AsteriskRtpPeer asterisk = AsteriskRtpPeer.bind(vertx)) {
            door.start(stream);
            await().until(rig.fake::eventSocketConnected);
            rig.fake.rtpAt(AsteriskRtpPeer.HOST, asterisk.port());
            String caller = rig.fake.incomingCall("+15551230000", "100");

            await().until(() -> events.stream().anyMatch(e -> e instanceof CallEvent.Ended));
            CallEvent.Ended ended = (CallEvent.Ended) events.stream().filter(e -> e instanceof CallEvent.Ended).findFirst().orElseThrow();
            assertThat(ended.call().endReason()).isEqualTo("transferred: +15550001111");
            assertThat(rig.fake.requests()).anySatisfy(r -> {
                assertThat(r.method() + " " + r.path()).isEqualTo("POST /ari/channels/" + caller + "/continue");
                assertThat(r.params()).containsEntry("context", "callbridge-transfer").containsEntry("extension", "+15550001111");
            });
            // The caller dials on in Asterisk; our External Media channel and bridge are gone.
            await().until(() -> rig.fake.bridges().isEmpty() && rig.fake.channels().size() == 1);
            assertThat(rig.fake.channel(caller)).isPresent();
            assertThat(rig.fake.requests()).noneSatisfy(r -> assertThat(r.method() + " " + r.path()).isEqualTo("DELETE /ari/channels/" + caller));
        } finally {
            stream.close().await();
        }
    }
}
