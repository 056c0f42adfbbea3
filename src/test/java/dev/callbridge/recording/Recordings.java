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

    /**
     * A short inbound Twilio call, as Twilio would run it: {@code frames} 20 ms μ-law frames of a
     * tone, then {@code stop}. Returns the call id once the call has completed.
     */
    public static String shortCall(GatewayFixture gw, String callSid, int frames, Map<String, String> auth) {
        dev.callbridge.it.Calls.StreamAnswer answer = dev.callbridge.it.Calls.answered(gw, callSid);
        String id = answer.callId();
        try (dev.callbridge.it.RawTwilioStream stream = new dev.callbridge.it.RawTwilioStream(gw.vertx, gw.port())) {
            stream.connected();
            stream.start(answer);
            byte[] tone = new byte[160];
            for (int f = 0; f < frames; f++) {
                for (int i = 0; i < 160; i++) tone[i] = dev.callbridge.audio.G711.linearToUlaw((short) (8000 * Math.sin((f * 160 + i) * 0.3)));
                stream.media(f + 2, java.util.Base64.getEncoder().encodeToString(tone));
                Thread.sleep(20);
            }
            stream.stop(frames + 2, dev.callbridge.it.RawTwilioStream.STREAM_SID);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        await().until(() -> gw.request(HttpMethod.GET, "/api/calls/" + id, null, auth).json().path("status").asText().equals("completed"));
        return id;
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
