package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.asterisk.AriEvent.ChannelDestroyed;
import dev.callbridge.asterisk.AriEvent.ChannelHangupRequest;
import dev.callbridge.asterisk.AriEvent.StasisEnd;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a call ends, as the app sees it: our hangup ends in ChannelDestroyed with the cause of our
 * reason; the caller's ends in StasisEnd, with no ChannelDestroyed after it (as captured).
 */
class AriHangupTest extends ConnectedAriRigFixture {
    @Test
    void ourHangupEndsInChannelDestroyedWithNormalClearing() {
        String id = rig.fake.incomingCall("+4915112345678", "100");
        AriRig.result(rig.client.answer(id));
        AriRig.result(rig.client.hangup(id, "normal"));
        await().until(() -> !rig.listener.events(ChannelDestroyed.class).isEmpty());
        assertThat(rig.listener.typesFor(id)).containsExactly("StasisStart", "ChannelStateChange", "ChannelHangupRequest",
                "StasisEnd", "ChannelVarset", "ChannelHangupRequest", "ChannelDestroyed");
        ChannelHangupRequest first = rig.listener.events(ChannelHangupRequest.class).getFirst();
        assertThat(first.cause()).isEqualTo(32); // Asterisk's soft-hangup reason, not Q.850
        assertThat(first.soft()).isTrue();
        ChannelDestroyed destroyed = rig.listener.events(ChannelDestroyed.class).getFirst();
        assertThat(destroyed.cause()).isEqualTo(16);
        assertThat(destroyed.causeTxt()).isEqualTo("Normal Clearing");
        assertThat(rig.fake.channels()).isEmpty();
        assertThat(rig.fake.requests().getLast()).isEqualTo(new FakeAri.Request("DELETE", "/ari/channels/" + id,
                Map.of("reason", "normal"), 204));
    }

    @Test
    void theReasonBecomesTheCause() {
        String id = rig.fake.incomingCall("+4915112345678", "100");
        AriRig.result(rig.client.hangup(id, "busy"));
        await().until(() -> !rig.listener.events(ChannelDestroyed.class).isEmpty());
        assertThat(rig.listener.events(ChannelDestroyed.class).getFirst().cause()).isEqualTo(17);
        assertThat(rig.listener.events(ChannelDestroyed.class).getFirst().causeTxt()).isEqualTo("User busy");
    }

    @Test
    void aChannelWeCreatedEndsWithoutTheDialplansSecondRequest() {
        String id = AriRig.result(rig.client.externalMedia(AriClient.newId(), "127.0.0.1:40000", "ulaw")).id();
        await().until(() -> rig.listener.typesFor(id).contains("StasisStart"));
        AriRig.result(rig.client.hangup(id, null));
        await().until(() -> rig.listener.typesFor(id).contains("ChannelDestroyed"));
        assertThat(rig.listener.typesFor(id)).endsWith("ChannelHangupRequest", "StasisEnd", "ChannelVarset", "ChannelDestroyed");
        assertThat(rig.fake.requests().getLast().params()).isEmpty(); // no reason sent: Asterisk's default, normal
    }

    @Test
    void theCallersHangupEndsInStasisEndWithoutChannelDestroyed() throws InterruptedException {
        String id = rig.fake.incomingCall("+4915112345678", "100");
        AriRig.result(rig.client.answer(id));
        rig.fake.callerHangsUp(id);
        await().until(() -> !rig.listener.events(StasisEnd.class).isEmpty());
        Thread.sleep(100); // nothing more may follow
        assertThat(rig.listener.typesFor(id)).containsExactly("StasisStart", "ChannelStateChange", "ChannelHangupRequest", "StasisEnd");
        ChannelHangupRequest bye = rig.listener.events(ChannelHangupRequest.class).getFirst();
        assertThat(bye.cause()).isZero(); // a SIP BYE carries neither cause nor soft
        assertThat(bye.soft()).isFalse();
        assertThat(rig.fake.channels()).isEmpty();
        // Hanging up what is already gone: 404, which an owner racing the caller must tolerate.
        assertThat(AriRig.failure(rig.client.hangup(id, "normal")).status()).isEqualTo(404);
    }
}
