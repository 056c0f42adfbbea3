package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.asterisk.AriEvent.BridgeDestroyed;
import dev.callbridge.asterisk.AriEvent.ChannelEnteredBridge;
import dev.callbridge.asterisk.AriEvent.ChannelLeftBridge;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mixing bridge we name joins the caller and the media channel, and is destroyed when we are done. */
class AriBridgeTest extends ConnectedAriRigFixture {
    @Test
    void createBridgeWithOurId() {
        String id = AriClient.newId();
        AriBridge bridge = AriRig.result(rig.client.createBridge(id, "mixing"));
        assertThat(bridge).isEqualTo(new AriBridge(id, "simple_bridge", "mixing", List.of()));
        assertThat(AriRig.result(rig.client.listBridges())).containsExactly(bridge);
        assertThat(rig.fake.requests().getFirst())
                .isEqualTo(new FakeAri.Request("POST", "/ari/bridges/" + id, Map.of("type", "mixing"), 200));
    }

    @Test
    void addChannelsPutsBothInTheBridgeAndAsteriskReportsEach() {
        String caller = rig.fake.incomingCall("+4915112345678", "100");
        String media = AriRig.result(rig.client.externalMedia(AriClient.newId(), "127.0.0.1:40000", "ulaw")).id();
        String bridgeId = AriRig.result(rig.client.createBridge(AriClient.newId(), "mixing")).id();

        AriRig.result(rig.client.addChannels(bridgeId, List.of(caller, media)));
        await().until(() -> rig.listener.events(ChannelEnteredBridge.class).size() == 2);
        assertThat(rig.listener.events(ChannelEnteredBridge.class)).extracting(e -> e.bridgeId() + " " + e.channel().id())
                .containsExactly(bridgeId + " " + caller, bridgeId + " " + media);
        assertThat(rig.fake.bridges().getFirst().channels()).containsExactly(caller, media);
        assertThat(rig.fake.requests().getLast())
                .isEqualTo(new FakeAri.Request("POST", "/ari/bridges/" + bridgeId + "/addChannel",
                        Map.of("channel", caller + "," + media), 204));
        assertThat(AriRig.result(rig.client.listBridges()).getFirst().channels()).containsExactly(caller, media);
    }

    @Test
    void destroyingTheBridgeReleasesItsChannelsWhichStayInTheApp() {
        String caller = rig.fake.incomingCall("+4915112345678", "100");
        String bridgeId = AriRig.result(rig.client.createBridge(AriClient.newId(), "mixing")).id();
        AriRig.result(rig.client.addChannels(bridgeId, List.of(caller)));
        AriRig.result(rig.client.destroyBridge(bridgeId));
        await().until(() -> !rig.listener.events(BridgeDestroyed.class).isEmpty());
        assertThat(rig.listener.events(ChannelLeftBridge.class)).extracting(e -> e.channel().id()).containsExactly(caller);
        assertThat(rig.listener.events(BridgeDestroyed.class).getFirst().bridgeId()).isEqualTo(bridgeId);
        assertThat(rig.fake.bridges()).isEmpty();
        assertThat(rig.fake.channels()).extracting(AriChannel::id).containsExactly(caller);
    }

    @Test
    void unknownChannelOrBridgeFailWithAsterisksMessages() {
        String bridgeId = AriRig.result(rig.client.createBridge(AriClient.newId(), "mixing")).id();
        AriException noChannel = AriRig.failure(rig.client.addChannels(bridgeId, List.of("cb-nobody")));
        assertThat(noChannel.status()).isEqualTo(400);
        assertThat(noChannel.getMessage()).isEqualTo("Channel not found");
        AriException noBridge = AriRig.failure(rig.client.destroyBridge("cb-no-bridge"));
        assertThat(noBridge.status()).isEqualTo(404);
        assertThat(noBridge.getMessage()).isEqualTo("Bridge not found");
    }
}
