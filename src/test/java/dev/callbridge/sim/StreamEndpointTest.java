package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StreamEndpointTest {

    @Test
    void twimlHostOtherThanUrlIsRedirectedToTheUrlsServerKeepingThePath() {
        StreamEndpoint e = StreamEndpoint.resolve("wss://abc.ngrok.app/ws/twilio-media", URI.create("http://127.0.0.1:8080"));
        assertThat(e.connectUrl()).isEqualTo("ws://127.0.0.1:8080/ws/twilio-media");
        assertThat(e.redirected()).isTrue();
        assertThat(e.twimlUrl()).isEqualTo("wss://abc.ngrok.app/ws/twilio-media"); // what gets signed
    }

    @Test
    void sameHostAndPortConnectsThereWithTlsOnlyIfUrlHasIt() {
        StreamEndpoint plain = StreamEndpoint.resolve("wss://localhost:8080/ws/twilio-media", URI.create("http://localhost:8080"));
        assertThat(plain.connectUrl()).isEqualTo("ws://localhost:8080/ws/twilio-media");
        assertThat(plain.redirected()).isFalse();

        StreamEndpoint tls = StreamEndpoint.resolve("wss://bot.example.com/ws/twilio-media", URI.create("https://bot.example.com"));
        assertThat(tls.connectUrl()).isEqualTo("wss://bot.example.com:443/ws/twilio-media");
        assertThat(tls.redirected()).isFalse();
    }

    @Test
    void upgradeCarriesTheSignatureHeaderLowercase() {
        var options = StreamEndpoint.resolve("wss://x/ws?a=1", URI.create("http://127.0.0.1:9000"))
                .connectOptions(java.util.Optional.of("sig="));
        assertThat(options.getURI()).isEqualTo("/ws?a=1");
        assertThat(options.getPort()).isEqualTo(9000);
        assertThat(options.getHeaders().get("x-twilio-signature")).isEqualTo("sig=");
    }
}
