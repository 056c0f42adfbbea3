package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.asterisk.AriEvent.StasisStart;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** externalMedia creates a UnicastRTP channel whose answer says where Asterisk receives our RTP. */
class AriExternalMediaTest extends ConnectedAriRigFixture {
    @Test
    void theAnswerCarriesAsterisksRtpAddressInChannelvars() {
        rig.fake.rtpAt("10.0.0.2", 17346);
        String id = AriClient.newId();
        AriChannel media = AriRig.result(rig.client.externalMedia(id, "10.0.0.5:40000", "slin16"));
        assertThat(media.id()).isEqualTo(id);
        assertThat(media.name()).startsWith("UnicastRTP/10.0.0.5:40000-0x");
        assertThat(media.state()).isEqualTo("Down");
        assertThat(media.channelvar("UNICASTRTP_LOCAL_ADDRESS")).isEqualTo("10.0.0.2");
        assertThat(media.channelvar("UNICASTRTP_LOCAL_PORT")).isEqualTo("17346");
        assertThat(rig.fake.requests().getFirst()).isEqualTo(new FakeAri.Request("POST", "/ari/channels/externalMedia",
                Map.of("app", "callbridge", "external_host", "10.0.0.5:40000", "format", "slin16", "encapsulation", "rtp",
                        "transport", "udp", "channelId", id), 200));
    }

    @Test
    void theMediaChannelEntersTheAppAsTheCaptureShows() {
        String id = AriClient.newId();
        AriRig.result(rig.client.externalMedia(id, "127.0.0.1:40000", "ulaw"));
        await().until(() -> !rig.listener.events(StasisStart.class).isEmpty());
        StasisStart start = rig.listener.events(StasisStart.class).getFirst();
        assertThat(start.channel().id()).isEqualTo(id);
        assertThat(start.channel().state()).isEqualTo("Up");
        assertThat(start.args()).isEmpty();
        assertThat(start.channel().channelvars()).isEmpty(); // only the REST answer exports them
        // all-events.jsonl lines 23-27 for extmedia-1.
        assertThat(rig.listener.typesFor(id)).containsExactly("Dial", "ChannelStateChange", "Dial", "ChannelVarset", "StasisStart");
        assertThat(rig.listener.events(AriEvent.Dial.class)).extracting(AriEvent.Dial::dialstatus, AriEvent.Dial::dialstring)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "127.0.0.1:40000/c(ulaw)"),
                        org.assertj.core.groups.Tuple.tuple("ANSWER", "127.0.0.1:40000/c(ulaw)"));
    }

    @Test
    void theRtpPortCanAlsoBeReadAsAChannelVariable() {
        rig.fake.rtpAt("127.0.0.1", 10284);
        String id = AriRig.result(rig.client.externalMedia(AriClient.newId(), "127.0.0.1:40000", "ulaw")).id();
        assertThat(AriRig.result(rig.client.channelVariable(id, "UNICASTRTP_LOCAL_PORT"))).isEqualTo("10284");
        AriException missing = AriRig.failure(rig.client.channelVariable(id, "NOT_SET"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.getMessage()).isEqualTo("Provided variable was not found");
    }

    @Test
    void reusingAChannelIdIs409() {
        String id = AriClient.newId();
        AriRig.result(rig.client.externalMedia(id, "127.0.0.1:40000", "ulaw"));
        AriException e = AriRig.failure(rig.client.externalMedia(id, "127.0.0.1:40002", "ulaw"));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).isEqualTo("Channel with given unique ID already exists");
    }
}
