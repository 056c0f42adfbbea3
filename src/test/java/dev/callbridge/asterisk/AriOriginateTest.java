package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callbridge.asterisk.AriEvent.ChannelDestroyed;
import dev.callbridge.asterisk.AriEvent.StasisStart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An outbound call: answered calls enter the app with our args; unanswered ones end in ChannelDestroyed; refused ones fail at once. */
class AriOriginateTest extends ConnectedAriRigFixture {
    private static final String ENDPOINT = "PJSIP/+4915112345678@provider";
    @Test
    void anAnsweredCallEntersTheAppWithOurArgs() {
        String id = AriClient.newId();
        AriChannel ch = AriRig.result(rig.client.originate(id, ENDPOINT, "\"ACME\" <+4930123456>", 30,
                List.of("outbound", "call-42")));
        assertThat(ch.id()).isEqualTo(id);
        assertThat(ch.state()).isEqualTo("Down");
        assertThat(ch.name()).startsWith("PJSIP/provider-");
        assertThat(ch.caller()).isEqualTo(new AriChannel.CallerId("ACME", "+4930123456"));

        await().until(() -> !rig.listener.events(StasisStart.class).isEmpty());
        StasisStart start = rig.listener.events(StasisStart.class).getFirst();
        assertThat(start.channel().id()).isEqualTo(id);
        assertThat(start.channel().state()).isEqualTo("Up");
        assertThat(start.args()).containsExactly("outbound", "call-42");
        assertThat(start.channel().dialplan().appData()).isEqualTo("callbridge,outbound,call-42");
        // all-events.jsonl lines 2-9 for orig-a, Local-channel extras left out.
        assertThat(rig.listener.typesFor(id)).containsExactly("Dial", "ChannelStateChange", "Dial", "ChannelVarset", "StasisStart");
        assertThat(rig.fake.requests().getFirst()).isEqualTo(new FakeAri.Request("POST", "/ari/channels",
                Map.of("endpoint", ENDPOINT, "app", "callbridge", "appArgs", "outbound,call-42",
                        "callerId", "\"ACME\" <+4930123456>", "timeout", "30", "channelId", id), 200));
    }

    @Test
    void aBusyCalleeEndsInChannelDestroyed17WithoutStasisStart() {
        rig.fake.nextOriginate(OriginateOutcome.busy());
        String id = AriRig.result(rig.client.originate(AriClient.newId(), ENDPOINT, null, 30, List.of())).id();
        await().until(() -> !rig.listener.events(ChannelDestroyed.class).isEmpty());
        ChannelDestroyed destroyed = rig.listener.events(ChannelDestroyed.class).getFirst();
        assertThat(destroyed.channel().id()).isEqualTo(id);
        assertThat(destroyed.cause()).isEqualTo(17);
        assertThat(destroyed.causeTxt()).isEqualTo("User busy");
        assertThat(rig.listener.events(StasisStart.class)).isEmpty();
        assertThat(rig.listener.events(AriEvent.Dial.class)).extracting(AriEvent.Dial::dialstatus).containsExactly("", "BUSY");
        assertThat(rig.fake.channels()).isEmpty();
    }

    @Test
    void anUnansweredCallEndsInChannelDestroyed19() {
        rig.fake.nextOriginate(OriginateOutcome.noAnswer());
        AriRig.result(rig.client.originate(AriClient.newId(), ENDPOINT, null, 30, List.of()));
        await().until(() -> !rig.listener.events(ChannelDestroyed.class).isEmpty());
        assertThat(rig.listener.events(ChannelDestroyed.class).getFirst().cause()).isEqualTo(19);
        assertThat(rig.listener.events(StasisStart.class)).isEmpty();
    }

    @Test
    void aRefusedOriginateFailsWithAsterisksMessageAndLeavesNoChannel() {
        rig.fake.nextOriginate(OriginateOutcome.restError(400, "Invalid endpoint specified"))
                .nextOriginate(OriginateOutcome.restError(500, "Allocation failed"));
        AriException bad = AriRig.failure(rig.client.originate(AriClient.newId(), ENDPOINT, null, 30, List.of()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.getMessage()).isEqualTo("Invalid endpoint specified");
        AriException broken = AriRig.failure(rig.client.originate(AriClient.newId(), ENDPOINT, null, 30, List.of()));
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.getMessage()).isEqualTo("Allocation failed");
        assertThat(rig.fake.channels()).isEmpty();
    }

    @Test
    void theFakeValidatesTheEndpointAsAsteriskDoes() {
        AriException e = AriRig.failure(rig.client.originate(AriClient.newId(), "no-slash", null, 30, List.of()));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("Invalid endpoint specified");
    }

    @Test
    void anAppArgWithACommaIsRejectedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> rig.client.originate(AriClient.newId(), ENDPOINT, null, 30, List.of("a,b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(rig.fake.requests()).isEmpty();
    }
}
