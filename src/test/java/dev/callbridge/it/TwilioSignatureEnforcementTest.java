package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code TWILIO_AUTH_TOKEN} set, webhooks and the media upgrade need a valid
 * {@code X-Twilio-Signature}; without it, only loopback clients are trusted. A refused
 * request creates nothing.
 */
class TwilioSignatureEnforcementTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC_URL = "https://bot.example.com";

    @TempDir
    Path dir;

    private static Map<String, String> params(String callSid) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", callSid);
        p.put("AccountSid", "AC00000000000000000000000000000001");
        p.put("From", "+15551230000");
        p.put("To", "+15559870000");
        p.put("CallStatus", "ringing");
        p.put("Direction", "inbound");
        p.put("ApiVersion", "2010-04-01");
        p.put("ForwardedFrom", "");
        return p;
    }

    private static String encode(Map<String, String> p) {
        StringBuilder b = new StringBuilder();
        p.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return b.toString();
    }

    private int callsInStore(GatewayFixture gw) {
        return gw.get("/api/calls").json().path("calls").size();
    }

    @Test
    void voiceWebhookNeedsAValidSignature() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL)) {
            Map<String, String> p = params("CA1");
            // Signed over the public URL Twilio calls; the official SDK agrees it is valid.
            String good = Signing.sign(TOKEN, PUBLIC_URL + "/twilio/voice", p);
            assertThat(new RequestValidator(TOKEN).validate(PUBLIC_URL + "/twilio/voice", p, good)).isTrue();

            assertThat(gw.postForm("/twilio/voice", encode(p), Map.of()).status()).isEqualTo(403);
            assertThat(gw.postForm("/twilio/voice", encode(p), Map.of("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")).status())
                    .isEqualTo(403);
            Map<String, String> tampered = new LinkedHashMap<>(p);
            tampered.put("From", "+15550000000");
            assertThat(gw.postForm("/twilio/voice", encode(tampered), Map.of("X-Twilio-Signature", good)).status()).isEqualTo(403);
            Thread.sleep(300); // give a wrongly created call time to reach the store
            assertThat(gw.gateway.registry().totalCalls()).isZero();
            assertThat(callsInStore(gw)).isZero();
            assertThat(Calls.metric(gw, "callbridge_webhook_refused_total", "webhook=\"voice\"")).isEqualTo(3);

            GatewayFixture.Response ok = gw.postForm("/twilio/voice", encode(p), Map.of("X-Twilio-Signature", good));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).contains("<Stream url=\"wss://bot.example.com/ws/twilio-media\">");
        }
    }

    @Test
    void statusCallbackNeedsAValidSignature() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL)) {
            Map<String, String> p = params("CA2");
            String sig = Signing.sign(TOKEN, PUBLIC_URL + "/twilio/voice", p);
            assertThat(gw.postForm("/twilio/voice", encode(p), Map.of("X-Twilio-Signature", sig)).status()).isEqualTo(200);

            Map<String, String> s = params("CA2");
            s.put("CallStatus", "completed");
            assertThat(gw.postForm("/twilio/status", encode(s), Map.of()).status()).isEqualTo(403);
            assertThat(gw.gateway.registry().findByProviderCallId("CA2").orElseThrow().isEnded()).isFalse();
            String good = Signing.sign(TOKEN, PUBLIC_URL + "/twilio/status", s);
            assertThat(gw.postForm("/twilio/status", encode(s), Map.of("X-Twilio-Signature", good)).status()).isEqualTo(204);
        }
    }

    @Test
    void mediaUpgradeNeedsAValidSignature() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL)) {
            WebSocketConnectOptions unsigned = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gw.port())
                    .setURI("/ws/twilio-media");
            var client = gw.vertx.createWebSocketClient(); // held: Vert.x closes unreachable clients
            Throwable refused = client.connect(unsigned).map(ws -> (Throwable) null)
                    .otherwise(e -> e).await();
            assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
            assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(403);

            String sig = Signing.sign(TOKEN, "wss://bot.example.com/ws/twilio-media", Map.of());
            var ws = client.connect(new WebSocketConnectOptions(unsigned.toJson())
                    .addHeader("X-Twilio-Signature", sig)).await();
            assertThat(ws.isClosed()).isFalse();
            ws.close().await();
        }
    }

    @Test
    void withoutATokenOnlyLoopbackIsTrusted() {
        Optional<InetAddress> lan = nonLoopbackAddress();
        Assumptions.assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
        try (GatewayFixture gw = new GatewayFixture(dir, "HOST", "0.0.0.0")) {
            String url = "http://" + lan.get().getHostAddress() + ":" + gw.port() + "/twilio/voice";
            int status = gw.http.request(new io.vertx.core.http.RequestOptions().setMethod(io.vertx.core.http.HttpMethod.POST)
                            .setAbsoluteURI(url).putHeader("Content-Type", "application/x-www-form-urlencoded"))
                    .compose(r -> r.send(encode(params("CA3")))).map(r -> r.statusCode()).await();
            assertThat(status).isEqualTo(403);
            assertThat(gw.gateway.registry().totalCalls()).isZero();
            // The same request from loopback is accepted.
            assertThat(gw.postForm("/twilio/voice", encode(params("CA3")), Map.of()).status()).isEqualTo(200);
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) return Optional.of(a);
                }
            }
        } catch (java.net.SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
