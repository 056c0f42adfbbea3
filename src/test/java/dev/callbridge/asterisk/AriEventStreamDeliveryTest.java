package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.asterisk.AriEvent.ChannelDtmfReceived;
import dev.callbridge.asterisk.AriEvent.StasisStart;
import org.junit.jupiter.api.Test;

/** The events socket connects as ARI wants it and hands decoded events to the listener, on the creating context. */
class AriEventStreamDeliveryTest extends AriRigFixture {
    @Test
    void connectsToOurAppOnlyWithBasicAuth() {
        AriEventStream stream = rig.connectEvents();
        assertThat(stream.isConnected()).isTrue();
        assertThat(stream.reconnects()).isZero();
        FakeAriEventSockets.Handshake handshake = rig.fake.handshakes().getFirst();
        assertThat(handshake.status()).isEqualTo(101);
        assertThat(handshake.uri()).isEqualTo("/ari/events?app=callbridge&subscribeAll=false");
        assertThat(rig.listener.timeline).containsExactly("connected");
    }

    @Test
    void anIncomingCallArrivesAsADecodedStasisStart() {
        rig.connectEvents();
        String id = rig.fake.incomingCall("+4915112345678", "4930123456", "inbound", "4930123456");
        await().until(() -> rig.listener.events.size() == 1);
        StasisStart start = (StasisStart) rig.listener.events.getFirst();
        assertThat(start.channel().id()).isEqualTo(id);
        assertThat(start.channel().name()).startsWith("PJSIP/provider-");
        assertThat(start.channel().state()).isEqualTo("Ring");
        assertThat(start.channel().caller().number()).isEqualTo("+4915112345678");
        assertThat(start.channel().dialplan().exten()).isEqualTo("4930123456");
        assertThat(start.channel().dialplan().appData()).isEqualTo("callbridge,inbound,4930123456");
        assertThat(start.args()).containsExactly("inbound", "4930123456");
        assertThat(start.application()).isEqualTo("callbridge");
        assertThat(start.timestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    }

    @Test
    void eventsArriveInOrderOnTheContextThatCreatedTheStream() {
        rig.connectEvents();
        String id = rig.fake.incomingCall("+4915112345678", "100");
        for (char digit : "12#*".toCharArray()) rig.fake.dtmf(id, digit);
        await().until(() -> rig.listener.events.size() == 5);
        assertThat(rig.listener.events(ChannelDtmfReceived.class)).extracting(ChannelDtmfReceived::digit)
                .containsExactly('1', '2', '#', '*');
        assertThat(rig.listener.events(ChannelDtmfReceived.class).getFirst().durationMs()).isEqualTo(100);
        assertThat(rig.listener.contexts).isNotEmpty().allSatisfy(c -> assertThat(c).isSameAs(rig.context));
    }
}
