package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.TwilioCallSimulator;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash promise: {@code callbridge serve} runs as a real child process with
 * {@code RECORDING=on}; a simulated caller talks to it; the process is killed with SIGKILL
 * mid-call. After a restart on the same data folder the partial recording is a valid, playable
 * WAV (read here by the JDK's own reader) holding the caller's audio up to at least one second
 * before the kill, and the record says the recording was interrupted.
 */
class RecordingSurvivesKillNineTest {
    @TempDir
    Path dir;

    @Test
    void aKilledGatewayLeavesAPlayableRecordingOfAllButTheLastSecond() throws Exception {
        Path data = dir.resolve("data");
        byte[] sample = CallerAudio.load(null);
        byte[] caller = new byte[sample.length * 4]; // ~15 s: the call is still going when it is killed
        for (int i = 0; i < 4; i++) System.arraycopy(sample, 0, caller, i * sample.length, sample.length);

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.callbridge.Main", "serve");
        pb.directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(java.util.Map.of("PORT", "0", "HOST", "127.0.0.1", "LOG_FORMAT", "json",
                "DATA_DIR", data.toString(), "RECORDING", "on"));
        Process child = pb.start();
        Vertx vertx = Vertx.vertx();
        String callId;
        long framesAtKill;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                String message = CallJson.mapper().readTree(line).path("formattedMessage").asText();
                if (message.contains("listening on 127.0.0.1:")) {
                    port = Integer.parseInt(message.replaceAll(".*listening on 127\\.0\\.0\\.1:(\\d+).*", "$1"));
                }
            }
            assertThat(port).as("the child gateway started").isPositive();
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its log

            GatewayTarget target = new GatewayTarget(URI.create("http://127.0.0.1:" + port), URI.create("http://127.0.0.1:" + port), Optional.empty());
            AtomicLong sent = new AtomicLong();
            CountDownLatch fourSeconds = new CountDownLatch(1);
            var options = new TwilioCallSimulator.Options(target, caller, caller.length / 8, "", "+15551230000", "+15559870000");
            TwilioCallSimulator simulator = new TwilioCallSimulator(vertx, options, PlaybackClock.system(), new SplittableRandom(3), counters -> {
                sent.set(counters.framesSent());
                if (counters.framesSent() >= 200) fourSeconds.countDown();
            });
            var running = simulator.run();
            assertThat(fourSeconds.await(30, TimeUnit.SECONDS)).as("four seconds of the call streamed").isTrue();
            framesAtKill = sent.get(); // sent by now (the counters are at most 250 ms old: more may have been)
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            callId = running.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).callId();
        } finally {
            child.destroyForcibly();
            vertx.close().await();
        }
        assertThat(callId).isNotNull();

        try (GatewayFixture gw = new GatewayFixture(data, "RECORDING", "on")) {
            JsonNode recording = Recordings.awaitRecording(gw, callId);
            assertThat(recording.path("complete").asBoolean()).isFalse();
            assertThat(recording.path("incompleteReason").asText()).isEqualTo("interrupted");
            byte[] file = Recordings.download(gw, callId);
            assertThat(recording.path("bytes").asLong()).isEqualTo(file.length);
            RecordedWav wav = RecordedWav.parse(file);

            // Everything the caller sent up to one second before the kill, sample for sample (bar what came before
            // t = 0, a few frames at most: see RecordingMixer).
            int upTo = (int) (framesAtKill - 50) * 160;
            assertThat(upTo).isPositive();
            short[] said = RecordedWav.decodeUlaw(caller, 0, upTo);
            int at = -1;
            for (int skipped = 0; at < 0 && skipped <= 15 * 160; skipped += 160) {
                at = RecordedWav.indexOf(wav.left(), Arrays.copyOfRange(said, skipped, said.length), 0);
            }
            assertThat(at).as("the caller's first %d ms, contiguous, in the %d ms kept", upTo / 8, wav.durationMs())
                    .isGreaterThanOrEqualTo(0);
        }
    }
}
