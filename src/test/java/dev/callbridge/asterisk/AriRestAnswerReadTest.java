package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST answers Asterisk 22.10.1 gave in the captures read into the models the client returns. */
class AriRestAnswerReadTest {

    @Test
    void externalMediaAnswerCarriesAsterisksRtpAddress() {
        AriChannel ch = reader().channel(AriModelReader.parse(AriFixtures.read("rest-externalMedia-response.json")));
        assertThat(ch.id()).isEqualTo("extmedia-1");
        assertThat(ch.state()).isEqualTo("Down");
        assertThat(ch.channelvars()).containsExactlyInAnyOrderEntriesOf(
                Map.of("UNICASTRTP_LOCAL_ADDRESS", "127.0.0.1", "UNICASTRTP_LOCAL_PORT", "10284"));
        assertThat(ch.dialplan().appName()).isEqualTo("AppDial2");
    }

    @Test
    void originateAnswerIsTheNewChannelStillDown() {
        AriChannel ch = reader().channel(AriModelReader.parse(AriFixtures.read("rest-originate-response.json")));
        assertThat(ch.id()).isEqualTo("orig-a");
        assertThat(ch.state()).isEqualTo("Down");
        assertThat(ch.caller()).isEqualTo(new AriChannel.CallerId("Probe", "5551000"));
    }

    @Test
    void channelAndBridgeLists() {
        List<AriChannel> channels = reader().channels(AriModelReader.parse(AriFixtures.read("rest-channels-list.json")));
        assertThat(channels).extracting(AriChannel::id).containsExactly("orig-b", "orig-a");
        AriBridge created = reader().bridge(AriModelReader.parse(AriFixtures.read("rest-bridge-create-response.json")));
        assertThat(created).isEqualTo(new AriBridge("bridge-1", "simple_bridge", "mixing", List.of()));
        AriBridge got = reader().bridge(AriModelReader.parse(AriFixtures.read("rest-bridge-get.json")));
        assertThat(got.channels()).containsExactly("extmedia-1", "incoming-100");
    }

    @Test
    void errorBodiesGiveTheirMessage() {
        assertThat(AriModelReader.errorMessage("{\"message\": \"Channel not found\"}")).isEqualTo("Channel not found");
        assertThat(AriModelReader.errorMessage("<html>Bad Request</html>")).isNull();
        assertThat(AriModelReader.errorMessage("")).isNull();
    }

    @Test
    void aChannelWithoutIdIsAProtocolError() {
        assertThatThrownBy(() -> reader().channel(AriModelReader.parse("{\"name\":\"x\",\"state\":\"Up\"}")))
                .isInstanceOf(AriProtocolException.class).hasMessage("answer: id is missing");
    }

    private static AriModelReader reader() {
        return new AriModelReader("answer");
    }
}
