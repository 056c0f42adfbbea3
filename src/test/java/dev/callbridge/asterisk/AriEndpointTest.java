package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.config.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ARI_URL with or without {@code /ari}, the events URL, Basic auth, and how ids and parameters are encoded. */
class AriEndpointTest {

    @Test
    void theBaseIsTheSameWithOrWithoutTheAriSuffix() {
        for (String url : new String[] {"http://127.0.0.1:8088", "http://127.0.0.1:8088/", "http://127.0.0.1:8088/ari",
            "http://127.0.0.1:8088/ari/"}) {
            assertThat(endpoint(url).base()).as(url).isEqualTo(URI.create("http://127.0.0.1:8088/ari"));
        }
        assertThat(endpoint("http://pbx.example/asterisk").base()).isEqualTo(URI.create("http://pbx.example/asterisk/ari"));
    }

    @Test
    void eventsGoToOurAppOnlyOverWsOrWss() {
        assertThat(endpoint("http://127.0.0.1:8088").events())
                .isEqualTo("ws://127.0.0.1:8088/ari/events?app=callbridge&subscribeAll=false");
        assertThat(endpoint("https://pbx.example/ari").events())
                .isEqualTo("wss://pbx.example/ari/events?app=callbridge&subscribeAll=false");
    }

    @Test
    void basicAuthHeaderAndNoSecretInToString() {
        AriEndpoint e = endpoint("http://127.0.0.1:8088");
        assertThat(e.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("asterisk:s3cret:x".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.toString()).doesNotContain("s3cret");
    }

    @Test
    void queryValuesArePercentEncodedAndNullsLeftOut() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("callerId", "\"ACME Ltd\" <+4930123456>");
        q.put("appArgs", "a,b");
        q.put("timeout", null);
        assertThat(endpoint("http://h:8088").rest("/channels", q))
                .isEqualTo("http://h:8088/ari/channels?callerId=%22ACME%20Ltd%22%20%3C%2B4930123456%3E&appArgs=a%2Cb");
        assertThat(endpoint("http://h:8088").rest("/channels", Map.of())).isEqualTo("http://h:8088/ari/channels");
    }

    @Test
    void idsAreOnePathSegment() {
        assertThat(AriEndpoint.segment("1795257858.36")).isEqualTo("1795257858.36");
        assertThat(AriEndpoint.segment("Local/100@ctx;2")).isEqualTo("Local%2F100%40ctx%3B2");
        assertThatThrownBy(() -> AriEndpoint.segment("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AriEndpoint.segment(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badSettingsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> endpoint("ftp://h/ari")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AriEndpoint.of(URI.create("http://h:8088"), "asterisk", Secret.ofNullable("x"), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AriEndpoint endpoint(String url) {
        return AriEndpoint.of(URI.create(url), "asterisk", Secret.ofNullable("s3cret:x"), "callbridge");
    }
}
