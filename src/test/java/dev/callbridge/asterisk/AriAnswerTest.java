package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.asterisk.AriEvent.ChannelStateChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code answer} turns a ringing call Up, and Asterisk confirms with ChannelStateChange. */
class AriAnswerTest extends ConnectedAriRigFixture {
    @Test
    void answeringARingingCallBringsItUp() {
        String id = rig.fake.incomingCall("+4915112345678", "100");
        AriRig.result(rig.client.answer(id));
        await().until(() -> !rig.listener.events(ChannelStateChange.class).isEmpty());
        ChannelStateChange change = rig.listener.events(ChannelStateChange.class).getFirst();
        assertThat(change.channel().id()).isEqualTo(id);
        assertThat(change.channel().state()).isEqualTo("Up");
        assertThat(rig.fake.channel(id).orElseThrow().state()).isEqualTo("Up");
        assertThat(rig.fake.requests()).containsExactly(new FakeAri.Request("POST", "/ari/channels/" + id + "/answer", Map.of(), 204));
    }

    @Test
    void answeringAnUnknownChannelIs404ChannelNotFound() {
        AriException e = AriRig.failure(rig.client.answer("cb-gone"));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).isEqualTo("Channel not found");
    }

    @Test
    void answeringARingingOutboundChannelIs409NotInStasis() {
        rig.fake.nextOriginate(OriginateOutcome.noAnswer().after(Duration.ofSeconds(30)));
        AriChannel ringing = AriRig.result(rig.client.originate("cb-out", "PJSIP/+4915112345678@provider", null, 30, List.of()));
        AriException e = AriRig.failure(rig.client.answer(ringing.id()));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).isEqualTo("Channel not in Stasis application");
    }
}
