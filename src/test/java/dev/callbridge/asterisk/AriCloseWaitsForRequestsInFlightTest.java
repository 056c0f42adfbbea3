package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing the ARI client at shutdown lets the hang-ups already sent be answered first: closing
 * the HTTP client at once would abort them, and the callers would stay on the line in Asterisk.
 */
class AriCloseWaitsForRequestsInFlightTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void aHangupSentBeforeCloseIsAnswered() {
        List<String> answered = new CopyOnWriteArrayList<>();
        // A slow Asterisk: each answer takes 300 ms.
        HttpServer slow = vertx.createHttpServer().requestHandler(req -> vertx.setTimer(300, t -> {
            answered.add(req.method() + " " + req.path() + "?" + req.query());
            req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").await();
        AriClient ari = new AriClient(vertx, URI.create("http://127.0.0.1:" + slow.actualPort()), "asterisk",
                Secret.ofNullable("secret"), "callbridge");

        Future<Void> first = ari.hangup("1700000000.1", "normal");
        Future<Void> second = ari.hangup("1700000000.2", "normal");
        ari.close().await();

        assertThat(first.succeeded()).as("%s", first.cause()).isTrue();
        assertThat(second.succeeded()).as("%s", second.cause()).isTrue();
        assertThat(answered).containsExactlyInAnyOrder("DELETE /ari/channels/1700000000.1?reason=normal",
                "DELETE /ari/channels/1700000000.2?reason=normal");
    }
}
