package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/calls/{id}/recording} through the real server, as a browser's {@code <audio>}
 * uses it: the whole file, single ranges of each form (206 with {@code Content-Range}), 416 past
 * the end, the API's token, 404s in the contract's shape; then {@code DELETE}, after which the
 * file is gone and the record says who deleted it and when.
 */
class RecordingDownloadWithRangesAndDeleteTest {
    private static final String TOKEN = "recording-api-token";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    @TempDir
    Path dir;
    private GatewayFixture gw;
    private String id;
    private byte[] whole;

    private record Reply(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        JsonNode json() {
            try {
                return dev.callbridge.call.CallJson.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError(new String(body), e);
            }
        }
    }

    private Reply send(HttpMethod method, String path, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(gw.base() + path);
        headers.forEach(options::putHeader);
        return gw.http.request(options).compose(r -> r.send().compose((HttpClientResponse resp) -> resp.body().map((Buffer b) -> {
            Map<String, String> h = new HashMap<>();
            resp.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
            return new Reply(resp.statusCode(), h, b.getBytes());
        }))).await();
    }

    private Reply get(String path, String range) {
        Map<String, String> h = new HashMap<>(AUTH);
        if (range != null) h.put("Range", range);
        return send(HttpMethod.GET, path, h);
    }

    @BeforeEach
    void aRecordedCall() {
        gw = new GatewayFixture(dir.resolve("data"), "RECORDING", "on", "API_TOKEN", TOKEN);
        id = Recordings.shortCall(gw, "CA00000000000000000000000000000777", 50, AUTH);
        await().until(() -> gw.request(HttpMethod.GET, "/api/calls/" + id, null, AUTH).json().path("recording").path("complete").asBoolean());
        Reply r = get("/api/calls/" + id + "/recording", null);
        assertThat(r.status()).isEqualTo(200);
        whole = r.body();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void theWholeFileAndEachFormOfRange() {
        Reply full = get("/api/calls/" + id + "/recording", null);
        assertThat(full.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(full.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(full.header("Content-Length")).isEqualTo(String.valueOf(whole.length));
        assertThat(RecordedWav.parse(whole).durationMs()).isGreaterThan(900);
        JsonNode recording = gw.request(HttpMethod.GET, "/api/calls/" + id, null, AUTH).json().path("recording");
        assertThat(recording.path("bytes").asLong()).isEqualTo(whole.length);
        int n = whole.length;

        Reply head = get("/api/calls/" + id + "/recording", "bytes=0-43");
        assertThat(head.status()).isEqualTo(206);
        assertThat(head.header("Content-Range")).isEqualTo("bytes 0-43/" + n);
        assertThat(head.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(head.body()).isEqualTo(Arrays.copyOfRange(whole, 0, 44));

        Reply open = get("/api/calls/" + id + "/recording", "bytes=1000-");
        assertThat(open.status()).isEqualTo(206);
        assertThat(open.header("Content-Range")).isEqualTo("bytes 1000-" + (n - 1) + "/" + n);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, n));

        Reply suffix = get("/api/calls/" + id + "/recording", "bytes=-10");
        assertThat(suffix.status()).isEqualTo(206);
        assertThat(suffix.header("Content-Range")).isEqualTo("bytes " + (n - 10) + "-" + (n - 1) + "/" + n);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(whole, n - 10, n));

        Reply past = get("/api/calls/" + id + "/recording", "bytes=" + n + "-");
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.header("Content-Range")).isEqualTo("bytes */" + n);
        assertThat(past.json().path("error").path("code").asText()).isEqualTo("range_not_satisfiable");

        Reply several = get("/api/calls/" + id + "/recording", "bytes=0-1,5-6");
        assertThat(several.status()).as("several ranges: the whole file").isEqualTo(200);
        assertThat(several.body()).isEqualTo(whole);
    }

    @Test
    void theRecordingNeedsTheApiTokenAndMissingOnesAre404() {
        assertThat(send(HttpMethod.GET, "/api/calls/" + id + "/recording", Map.of()).status()).isEqualTo(401);
        assertThat(send(HttpMethod.DELETE, "/api/calls/" + id + "/recording", Map.of()).status()).isEqualTo(401);

        Reply unknown = get("/api/calls/c_000000000000000000000000/recording", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(unknown.json().path("error").path("message").asText()).contains("not found");

        Reply traversal = get("/api/calls/..%2F..%2Fetc/recording", null);
        assertThat(traversal.status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesTheFileAndTheRecordSaysSo() throws Exception {
        Reply deleted = send(HttpMethod.DELETE, "/api/calls/" + id + "/recording", AUTH);
        assertThat(deleted.status()).isEqualTo(204);
        try (var files = Files.list(dir.resolve("data").resolve("recordings"))) {
            assertThat(files).isEmpty();
        }
        await().until(() -> gw.request(HttpMethod.GET, "/api/calls/" + id, null, AUTH).json().path("recording").has("deletedAt"));
        JsonNode recording = gw.request(HttpMethod.GET, "/api/calls/" + id, null, AUTH).json().path("recording");
        assertThat(recording.path("deletedBy").asText()).isEqualTo("api");
        assertThat(recording.path("bytes").asLong()).as("what it was stays on the record").isEqualTo(whole.length);

        Reply gone = get("/api/calls/" + id + "/recording", null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("error").path("message").asText()).contains("was deleted (api");
        assertThat(send(HttpMethod.DELETE, "/api/calls/" + id + "/recording", AUTH).status()).isEqualTo(404);
    }

    @Test
    void whileTheCallGoesOnTheRecordingIsNotServedNorDeleted() throws Exception {
        dev.callbridge.it.Calls.StreamAnswer liveAnswer = dev.callbridge.it.Calls.answered(gw, "CA00000000000000000000000000000778");
        String live = liveAnswer.callId();
        try (dev.callbridge.it.RawTwilioStream stream = new dev.callbridge.it.RawTwilioStream(gw.vertx, gw.port())) {
            stream.connected();
            stream.start(liveAnswer);
            stream.media(2, java.util.Base64.getEncoder().encodeToString(new byte[160]));
            await().until(() -> gw.request(HttpMethod.GET, "/api/calls/" + live, null, AUTH).json().path("status").asText().equals("in-progress"));
            await().until(() -> Files.exists(dir.resolve("data").resolve("recordings").resolve(live + ".wav.part")));
            Reply during = get("/api/calls/" + live + "/recording", null);
            assertThat(during.status()).isEqualTo(409);
            assertThat(during.json().path("error").path("message").asText()).contains("still being written");
            assertThat(send(HttpMethod.DELETE, "/api/calls/" + live + "/recording", AUTH).status()).isEqualTo(409);
            assertThat(gw.request(HttpMethod.GET, "/api/calls/" + live, null, AUTH).json().path("recording").isNull()).isTrue();
            stream.stop(3, dev.callbridge.it.RawTwilioStream.STREAM_SID);
        }
        await().until(() -> get("/api/calls/" + live + "/recording", null).status() == 200);
    }
}
