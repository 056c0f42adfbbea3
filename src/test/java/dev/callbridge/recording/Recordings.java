package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Map;

/** Steps the recording tests share: waiting for a call's recording and fetching it through the API. */
public final class Recordings {
    private Recordings() {}

    /** Waits until the call's record has its recording, and returns that {@code recording} object. */
    public static JsonNode awaitRecording(GatewayFixture gw, String callId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !gw.get("/api/calls/" + callId).json().path("recording").isMissingNode()
                && !gw.get("/api/calls/" + callId).json().path("recording").isNull());
        return gw.get("/api/calls/" + callId).json().path("recording");
    }

    /** {@code GET /api/calls/{id}/recording}, whole; fails unless it is a 200 {@code audio/wav}. */
    public static byte[] download(GatewayFixture gw, String callId) {
        var response = gw.http.request(new io.vertx.core.http.RequestOptions().setMethod(HttpMethod.GET)
                        .setAbsoluteURI(gw.base() + "/api/calls/" + callId + "/recording"))
                .compose(r -> r.send().compose(resp -> resp.body().map(b -> Map.entry(resp, b.getBytes()))))
                .await();
        assertThat(response.getKey().statusCode()).isEqualTo(200);
        assertThat(response.getKey().getHeader("Content-Type")).isEqualTo("audio/wav");
        return response.getValue();
    }
}
