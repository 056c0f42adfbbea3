package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.SimulationResult;
import dev.callbridge.sim.TwilioCallSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recordings folder is a 64 KiB tmpfs, full after about two seconds of a call. The call
 * goes on regardless: every frame is echoed, the call completes and its record and transcript
 * are whole; the recording is marked incomplete with {@code disk-full}, and what fitted is a
 * playable WAV. (Root ignores a read-only folder's permissions, hence the tmpfs; CI runs as root.)
 */
class FullDiskLeavesTheCallIntactAndTheRecordingIncompleteTest {
    @TempDir
    Path dir;

    @Test
    void aFullDiskCostsTheCallNothingAndTheRecordSaysWhy() throws Exception {
        Path data = dir.resolve("data");
        Path recordings = Files.createDirectories(data.resolve("recordings"));
        String mounted = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", recordings.toString());
        Assumptions.assumeTrue(mounted == null, () -> "needs a tiny tmpfs (run as root, as CI does): mount said " + mounted);
        try {
            byte[] caller = CallerAudio.load(null);
            try (GatewayFixture gw = new GatewayFixture(data, "RECORDING", "on")) {
                GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
                var options = new TwilioCallSimulator.Options(target, caller, caller.length / 8 + 500, "1", "+15551230000", "+15559870000");
                SimulationResult result = new TwilioCallSimulator(gw.vertx, options, PlaybackClock.system(), new SplittableRandom(5),
                        counters -> { }).run().await();

                assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
                assertThat(result.counters().framesReceived()).as("every frame echoed").isEqualTo(result.counters().framesSent());
                String id = result.callId();
                JsonNode call = Calls.awaitStatus(gw, id, "completed");
                assertThat(call.path("endReason").asText()).isEqualTo("caller-hangup");
                await().until(() -> gw.get("/api/calls/" + id + "/transcript").json().path("entries").findValuesAsText("kind").contains("dtmf"));

                JsonNode recording = Recordings.awaitRecording(gw, id);
                assertThat(recording.path("complete").asBoolean()).isFalse();
                assertThat(recording.path("incompleteReason").asText()).isEqualTo("disk-full");
                assertThat(recording.path("bytes").asLong()).isBetween(44L, 64L * 1024);
                byte[] file = Recordings.download(gw, id);
                assertThat(file.length).isEqualTo(recording.path("bytes").asLong());
                RecordedWav wav = RecordedWav.parse(file);
                assertThat(wav.durationMs()).isEqualTo(recording.path("durationMs").asLong()).isGreaterThan(500);
            }
        } finally {
            run("umount", recordings.toString());
        }
    }

    /** Runs a command; null if it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out;
    }
}
