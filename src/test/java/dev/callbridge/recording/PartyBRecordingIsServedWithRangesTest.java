package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.InterpretedCallRig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/calls/{id}/recording?party=b} serves party B's file as A's is served: the API's
 * token, {@code audio/wav} with its own file name, single ranges (206 with {@code Content-Range}),
 * 416 past the end. {@code ?party=a} is the default; any other party is a 400 naming the field,
 * and a call that is not interpreted has no party b (404).
 */
class PartyBRecordingIsServedWithRangesTest {
    private static final String TOKEN = "party-b-recording-token";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    @TempDir
    Path dir;

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

    private static Reply get(GatewayFixture gw, String path, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(gw.base() + path);
        headers.forEach(options::putHeader);
        return gw.http.request(options).compose(r -> r.send().compose(resp -> resp.body().map(b -> {
            Map<String, String> h = new HashMap<>();
            resp.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
            return new Reply(resp.statusCode(), h, b.getBytes());
        }))).await();
    }

    private static Reply get(GatewayFixture gw, String path, String range) {
        Map<String, String> h = new HashMap<>(AUTH);
        if (range != null) h.put("Range", range);
        return get(gw, path, h);
    }

    @Test
    void partyBsFileWithEachFormOfRange() throws Exception {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir.resolve("data"), "RECORDING", "on", "API_TOKEN", TOKEN)) {
            rig.relay.dialOnDemand();
            String id = InterpretedRecordedCall.run(rig, AUTH).callId();
            GatewayFixture gw = rig.gw;
            String b = "/api/calls/" + id + "/recording?party=b";

            assertThat(get(gw, b, Map.of()).status()).as("the API's token").isEqualTo(401);
            Reply whole = get(gw, b, (String) null);
            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.header("Content-Type")).isEqualTo("audio/wav");
            assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
            assertThat(whole.header("Content-Disposition")).isEqualTo("inline; filename=\"" + id + ".b.wav\"");
            byte[] file = whole.body();
            int n = file.length;
            assertThat(InterpretedRecordedCall.recording(rig, id, AUTH).path("partyB").path("bytes").asLong()).isEqualTo(n);
            Reply a = get(gw, "/api/calls/" + id + "/recording", (String) null);
            assertThat(a.body()).as("A's file is another").isNotEqualTo(file);
            assertThat(get(gw, "/api/calls/" + id + "/recording?party=a", (String) null).body()).isEqualTo(a.body());

            Reply head = get(gw, b, "bytes=0-43");
            assertThat(head.status()).isEqualTo(206);
            assertThat(head.header("Content-Range")).isEqualTo("bytes 0-43/" + n);
            assertThat(head.body()).isEqualTo(Arrays.copyOfRange(file, 0, 44));
            Reply open = get(gw, b, "bytes=1000-");
            assertThat(open.status()).isEqualTo(206);
            assertThat(open.header("Content-Range")).isEqualTo("bytes 1000-" + (n - 1) + "/" + n);
            assertThat(open.body()).isEqualTo(Arrays.copyOfRange(file, 1000, n));
            Reply suffix = get(gw, b, "bytes=-10");
            assertThat(suffix.status()).isEqualTo(206);
            assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(file, n - 10, n));
            Reply past = get(gw, b, "bytes=" + n + "-");
            assertThat(past.status()).isEqualTo(416);
            assertThat(past.header("Content-Range")).isEqualTo("bytes */" + n);

            Reply badParty = get(gw, "/api/calls/" + id + "/recording?party=c", (String) null);
            assertThat(badParty.status()).isEqualTo(400);
            assertThat(badParty.json().path("error").path("message").asText()).startsWith("party:");
        }
    }

    @Test
    void aCallThatIsNotInterpretedHasNoPartyB() {
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("plain"), "RECORDING", "on", "API_TOKEN", TOKEN)) {
            String id = Recordings.shortCall(gw, "CA00000000000000000000000000000913", 20, AUTH);
            org.awaitility.Awaitility.await().until(() -> gw.request(HttpMethod.GET, "/api/calls/" + id, null, AUTH).json()
                    .path("recording").path("complete").asBoolean());
            JsonNode recording = gw.request(HttpMethod.GET, "/api/calls/" + id, null, AUTH).json().path("recording");
            assertThat(recording.has("partyB")).as("a plain call's record is as it always was: %s", recording).isFalse();
            assertThat(get(gw, "/api/calls/" + id + "/recording", (String) null).status()).isEqualTo(200);
            Reply b = get(gw, "/api/calls/" + id + "/recording?party=b", (String) null);
            assertThat(b.status()).isEqualTo(404);
            assertThat(b.json().path("error").path("message").asText()).contains("not an interpreted call");
        }
    }
}
