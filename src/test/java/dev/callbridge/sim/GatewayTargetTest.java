package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayTargetTest {

    @Test
    void defaultsFollowTheServersPortAndPublicUrlRules() {
        GatewayTarget t = GatewayTarget.resolve(null, null, new LaunchEnvironment(Map.of("PORT", "9090")));
        assertThat(t.serverUrl()).isEqualTo(URI.create("http://127.0.0.1:9090"));
        assertThat(t.publicUrl()).isEqualTo(URI.create("http://localhost:9090"));
        assertThat(t.authToken()).isEmpty();
    }

    @Test
    void tokenAndPublicUrlComeFromTheSharedEnvironment() {
        var env = new LaunchEnvironment(Map.of("TWILIO_AUTH_TOKEN", "12345", "PUBLIC_URL", "https://mycompany.com/"));
        GatewayTarget t = GatewayTarget.resolve(URI.create("http://127.0.0.1:8080"), null, env);
        assertThat(t.authToken()).hasValue("12345");
        assertThat(t.publicUrl()).isEqualTo(URI.create("https://mycompany.com"));
    }

    @Test
    void webhookIsSignedOverThePublicUrlNotTheUrlRequested() {
        GatewayTarget t = new GatewayTarget(URI.create("http://127.0.0.1:8080"), URI.create("https://mycompany.com"),
                java.util.Optional.of("12345"));
        // twilio.md section (b) vector: the signature covers https://mycompany.com/myapp.php?foo=1&bar=2 + sorted params.
        var form = Map.of("CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+12349013030"),
                "Digits", List.of("1234"), "From", List.of("+12349013030"), "To", List.of("+18005551212"));
        assertThat(t.formSignature("/myapp.php?foo=1&bar=2", form)).hasValue("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(t.streamSignature("wss://example.com/media-stream")).hasValue("XFfwGS2Ev7f9qAP9MmRoMS7C724=");
    }

    @Test
    void withoutTokenNothingIsSigned() {
        GatewayTarget t = new GatewayTarget(URI.create("http://127.0.0.1:8080"), URI.create("http://localhost:8080"),
                java.util.Optional.empty());
        assertThat(t.formSignature("/twilio/voice", Map.of())).isEmpty();
        assertThat(t.streamSignature("wss://x/ws")).isEmpty();
    }
}
