package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RECORDING_RETENTION_DAYS}: a gateway started with it deletes recordings last written
 * longer ago than that (here, one made by an earlier run and aged by hand), keeps the younger
 * ones, and notes the deletion on the record: by {@code retention}, what it was kept.
 */
class RecordingRetentionDeletesOnlyOldRecordingsTest {
    @TempDir
    Path dir;

    @Test
    void recordingsOlderThanTheRetentionAreDeletedAndTheRecordSaysSo() {
        Path data = dir.resolve("data");
        String old;
        String young;
        long oldBytes;
        try (GatewayFixture gw = new GatewayFixture(data, "RECORDING", "on")) {
            old = Recordings.shortCall(gw, "CA00000000000000000000000000000101", 20, Map.of());
            young = Recordings.shortCall(gw, "CA00000000000000000000000000000102", 20, Map.of());
            oldBytes = Recordings.awaitRecording(gw, old).path("bytes").asLong();
            Recordings.awaitRecording(gw, young);
        }
        Path oldFile = data.resolve("recordings").resolve(old + ".wav");
        Path youngFile = data.resolve("recordings").resolve(young + ".wav");
        try {
            Files.setLastModifiedTime(oldFile, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            Files.setLastModifiedTime(youngFile, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        try (GatewayFixture gw = new GatewayFixture(data, "RECORDING", "on", "RECORDING_RETENTION_DAYS", "2")) {
            assertThat(oldFile).doesNotExist();
            assertThat(youngFile).exists();
            await().until(() -> gw.get("/api/calls/" + old).json().path("recording").has("deletedAt"));
            JsonNode recording = gw.get("/api/calls/" + old).json().path("recording");
            assertThat(recording.path("deletedBy").asText()).isEqualTo("retention");
            assertThat(recording.path("bytes").asLong()).isEqualTo(oldBytes);
            assertThat(recording.path("complete").asBoolean()).isTrue();
            assertThat(gw.get("/api/calls/" + old + "/recording").status()).isEqualTo(404);
            assertThat(gw.get("/api/calls/" + young + "/recording").status()).isEqualTo(200);
            assertThat(gw.get("/api/calls/" + young).json().path("recording").has("deletedAt")).isFalse();
        }
    }
}
