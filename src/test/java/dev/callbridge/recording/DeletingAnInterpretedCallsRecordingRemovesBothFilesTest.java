package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.InterpretedCallRig;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DELETE /api/calls/{id}/recording} of an interpreted call removes both parties' files;
 * the record keeps what each was and says, for each, who deleted it and when. Asking to delete
 * one party's alone ({@code ?party=b}) is refused, naming the field, and deletes nothing.
 */
class DeletingAnInterpretedCallsRecordingRemovesBothFilesTest {
    @TempDir
    Path dir;

    @Test
    void bothFilesGoAndTheRecordSaysSoForEach() throws Exception {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir.resolve("data"), "RECORDING", "on")) {
            rig.relay.dialOnDemand();
            String id = InterpretedRecordedCall.run(rig, Map.of()).callId();
            Path recordings = dir.resolve("data").resolve("recordings");
            JsonNode was = InterpretedRecordedCall.recording(rig, id, Map.of());

            var onlyB = rig.gw.request(HttpMethod.DELETE, "/api/calls/" + id + "/recording?party=b", null, Map.of());
            assertThat(onlyB.status()).isEqualTo(400);
            assertThat(onlyB.json().path("error").path("message").asText()).startsWith("party:");
            assertThat(recordings.resolve(id + ".wav")).exists();
            assertThat(recordings.resolve(id + ".b.wav")).exists();

            assertThat(rig.gw.request(HttpMethod.DELETE, "/api/calls/" + id + "/recording", null, Map.of()).status()).isEqualTo(204);
            try (var files = Files.list(recordings)) {
                assertThat(files).isEmpty();
            }
            await().until(() -> InterpretedRecordedCall.recording(rig, id, Map.of()).has("deletedAt"));
            JsonNode now = InterpretedRecordedCall.recording(rig, id, Map.of());
            assertThat(now.path("deletedBy").asText()).isEqualTo("api");
            assertThat(now.path("bytes").asLong()).isEqualTo(was.path("bytes").asLong());
            assertThat(now.path("partyB").path("deletedBy").asText()).isEqualTo("api");
            assertThat(now.path("partyB").path("deletedAt").asText()).isEqualTo(now.path("deletedAt").asText());
            assertThat(now.path("partyB").path("bytes").asLong()).as("what B's was stays on the record")
                    .isEqualTo(was.path("partyB").path("bytes").asLong());

            var goneB = InterpretedRecordedCall.download(rig, id, "?party=b", Map.of());
            assertThat(goneB.getKey()).isEqualTo(404);
            assertThat(new String(goneB.getValue())).contains("was deleted (api");
            assertThat(InterpretedRecordedCall.download(rig, id, "", Map.of()).getKey()).isEqualTo(404);
            assertThat(rig.gw.request(HttpMethod.DELETE, "/api/calls/" + id + "/recording", null, Map.of()).status()).isEqualTo(404);
        }
    }
}
