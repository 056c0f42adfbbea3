package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.InterpretedCallRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RECORDING_RETENTION_DAYS} sweeps an interpreted call's two files together: an old
 * call's A and B files both go at the next start, and its record says so for each.
 */
class RetentionSweepsBothPartiesRecordingsTest {
    @TempDir
    Path dir;

    @Test
    void anOldInterpretedCallLosesBothFiles() throws Exception {
        Path data = dir.resolve("data");
        String id;
        try (InterpretedCallRig rig = new InterpretedCallRig(data, "RECORDING", "on")) {
            rig.relay.dialOnDemand();
            id = InterpretedRecordedCall.run(rig, Map.of()).callId();
        }
        Path a = data.resolve("recordings").resolve(id + ".wav");
        Path b = data.resolve("recordings").resolve(id + ".b.wav");
        for (Path p : new Path[] {a, b}) Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(3))));

        try (GatewayFixture gw = new GatewayFixture(data, "RECORDING", "on", "RECORDING_RETENTION_DAYS", "2")) {
            assertThat(a).doesNotExist();
            assertThat(b).doesNotExist();
            await().until(() -> gw.get("/api/calls/" + id).json().path("recording").has("deletedAt"));
            JsonNode recording = gw.get("/api/calls/" + id).json().path("recording");
            assertThat(recording.path("deletedBy").asText()).isEqualTo("retention");
            assertThat(recording.path("partyB").path("deletedBy").asText()).isEqualTo("retention");
            assertThat(recording.path("partyB").path("complete").asBoolean()).isTrue();
        }
    }
}
