package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.config.Secret;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failures carry Asterisk's status and message; bad credentials are a 401; an unreachable Asterisk is status 0. */
class AriRestErrorsTest extends AriRigFixture {
    @Test
    void healthChecksSucceedWithGoodCredentials() {
        AriRig.result(rig.client.ping());
        assertThat(AriRig.result(rig.client.asteriskVersion())).isEqualTo("22.10.1");
        assertThat(rig.fake.requests()).extracting(FakeAri.Request::path).containsExactly("/ari/asterisk/ping", "/ari/asterisk/info");
    }

    @Test
    void callsMadeOnAContextCompleteOnIt() {
        java.util.concurrent.CompletableFuture<io.vertx.core.Context> completedOn = new java.util.concurrent.CompletableFuture<>();
        rig.context.runOnContext(v -> rig.client.ping().onComplete(ar -> completedOn.complete(Vertx.currentContext())));
        assertThat(completedOn.join()).isSameAs(rig.context);
    }

    @Test
    void badCredentialsAre401AuthenticationRequired() {
        AriClient wrong = new AriClient(vertx, rig.fake.url(), AriRig.USER, Secret.ofNullable("nope"), AriRig.APP);
        try {
            AriException e = AriRig.failure(wrong.ping());
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo("Authentication required");
            assertThat(rig.fake.requests()).containsExactly(new FakeAri.Request("GET", "/ari/asterisk/ping", Map.of(), 401));
        } finally {
            AriRig.result(wrong.close());
        }
    }

    @Test
    void errorsCarryAsterisksMessage() {
        rig.connectEvents();
        String id = rig.fake.incomingCall("+4915112345678", "100");
        AriException reason = AriRig.failure(rig.client.hangup(id, "because"));
        assertThat(reason.status()).isEqualTo(400);
        assertThat(reason.getMessage()).isEqualTo("Invalid reason for hangup provided");
        AriException gone = AriRig.failure(rig.client.hangup("cb-gone", "normal"));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.getMessage()).isEqualTo("Channel not found");
        assertThat(gone.toString()).isEqualTo("AriException(404): Channel not found");
    }

    @Test
    void anUnreachableAsteriskIsStatus0() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free again once closed: nothing listens there
        }
        AriClient nowhere = new AriClient(vertx, URI.create("http://127.0.0.1:" + port), AriRig.USER,
                Secret.ofNullable(AriRig.PASSWORD), AriRig.APP);
        try {
            AriException e = AriRig.failure(nowhere.listChannels());
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).startsWith("ARI unreachable");
        } finally {
            AriRig.result(nowhere.close());
        }
    }

    @Test
    void aSuccessWithAnUnreadableBodyIs502() {
        HttpServer odd = vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(200).end("<html>ok</html>"));
        AriRig.result(odd.listen(0, "127.0.0.1"));
        AriClient client = new AriClient(vertx, URI.create("http://127.0.0.1:" + odd.actualPort()), AriRig.USER,
                Secret.ofNullable(AriRig.PASSWORD), AriRig.APP);
        try {
            AriException e = AriRig.failure(client.listChannels());
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).startsWith("ARI answered HTTP 200 with an unreadable body: not JSON");
        } finally {
            AriRig.result(client.close());
            AriRig.result(odd.close());
        }
    }

    @Test
    void anErrorWithoutAJsonBodyNamesTheStatusAndRequest() {
        HttpServer odd = vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(503).end("busy"));
        AriRig.result(odd.listen(0, "127.0.0.1"));
        AriClient client = new AriClient(vertx, URI.create("http://127.0.0.1:" + odd.actualPort() + "/ari/"), AriRig.USER,
                Secret.ofNullable(AriRig.PASSWORD), AriRig.APP);
        try {
            AriException e = AriRig.failure(client.answer("cb-1"));
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).isEqualTo("HTTP 503 from ARI POST /channels/cb-1/answer");
        } finally {
            AriRig.result(client.close());
            AriRig.result(odd.close());
        }
    }
}
