package dev.callbridge.twilio;

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
 * Closing the Twilio REST client at shutdown lets a cancel already sent be answered first:
 * closing the HTTP client at once would abort it, and the call would ring on at Twilio.
 */
class TwilioRestCloseWaitsForRequestsInFlightTest {
    private static final String ACCOUNT = "AC00000000000000000000000000000099";
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void aCancelSentBeforeCloseIsAnswered() {
        List<String> answered = new CopyOnWriteArrayList<>();
        // A slow Twilio: the answer takes 300 ms.
        HttpServer slow = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> vertx.setTimer(300, t -> {
            answered.add(req.path() + " " + body);
            req.response().putHeader("Content-Type", "application/json").end("{\"sid\":\"CA1\",\"status\":\"canceled\"}");
        }))).listen(0, "127.0.0.1").await();
        TwilioRestClient rest = new TwilioRestClient(vertx, URI.create("http://127.0.0.1:" + slow.actualPort()), ACCOUNT,
                Secret.ofNullable("token"));

        Future<Void> cancel = rest.updateStatus("CA00000000000000000000000000000001", "canceled");
        rest.close().await();

        assertThat(cancel.succeeded()).as("%s", cancel.cause()).isTrue();
        assertThat(answered).containsExactly(
                "/2010-04-01/Accounts/" + ACCOUNT + "/Calls/CA00000000000000000000000000000001.json Status=canceled");
    }
}
