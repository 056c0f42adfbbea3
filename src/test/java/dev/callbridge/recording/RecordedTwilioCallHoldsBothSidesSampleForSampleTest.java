package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.FrameSchedule;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.SimulationResult;
import dev.callbridge.sim.TwilioCallSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RECORDING=on}: the shipped simulator speaks real speech (the espeak-ng sample) to the
 * echo agent through the real gateway. The call's WAV holds, on the left, every sample the caller
 * sent, contiguous, from when it arrived; on the right, every frame that came back, sample for
 * sample, at the moment it was sent back (the same moment, give or take the event loop), never
 * before; and it lines up with the transcript's {@code startMs}.
 */
class RecordedTwilioCallHoldsBothSidesSampleForSampleTest {
    @TempDir
    Path dir;

    @Test
    void leftIsWhatTheCallerSaidAndRightIsWhatCameBackOnTheCallTimeline() throws Exception {
        byte[] caller = CallerAudio.load(null);
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("data"), "RECORDING", "on")) {
            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
            long callMillis = caller.length / 8 + 1000;
            var options = new TwilioCallSimulator.Options(target, caller, callMillis, "4", "+15551230000", "+15559870000");
            SimulationResult result = new TwilioCallSimulator(gw.vertx, options, PlaybackClock.system(), new SplittableRandom(7),
                    counters -> { }).run().await();
            assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
            assertThat(result.counters().framesReceived()).isEqualTo(result.counters().framesSent());

            String id = result.callId();
            JsonNode recording = Recordings.awaitRecording(gw, id);
            assertThat(recording.path("complete").asBoolean()).as("%s", recording).isTrue();
            assertThat(recording.has("incompleteReason")).isFalse();
            byte[] file = Recordings.download(gw, id);
            assertThat(recording.path("bytes").asLong()).isEqualTo(file.length);
            RecordedWav wav = RecordedWav.parse(file);
            assertThat(wav.sampleRate()).isEqualTo(8000);
            assertThat(recording.path("durationMs").asLong()).isEqualTo(wav.durationMs());
            assertThat(wav.durationMs()).isBetween(callMillis - 300, callMillis + 1000);

            // Left: the caller's audio, sample for sample and without a break, from where it arrived to the end.
            // What they sent before t = 0 (while the gateway set the call up; a cold JVM takes a while) is not on
            // the timeline, so that the rest sits where the transcript says: at most a few frames of it.
            short[] said = RecordedWav.decodeUlaw(caller, 0, caller.length);
            int skipped = 0;
            int at = -1;
            while (at < 0 && skipped < 15 * 160) {
                at = RecordedWav.indexOf(wav.left(), java.util.Arrays.copyOfRange(said, skipped, said.length), 0);
                if (at < 0) skipped += 160;
            }
            assertThat(at).as("the caller's speech, contiguous, on the left").isGreaterThanOrEqualTo(0);
            int left0 = at - skipped; // where frame 0 is, or would be if it had come after t = 0
            assertThat(left0 / 8).as("ms from answer to the first frame").isBetween(-300, 300);
            assertThat(RecordedWav.silent(wav.left(), 0, Math.max(0, left0))).as("nothing on the left before the caller spoke").isTrue();
            for (int p = Math.max(0, left0); p < at; p++) {
                assertThat(wav.left()[p]).as("left at %d: the caller's sample %d", p, p - left0).isEqualTo(said[p - left0]);
            }

            // Right: every frame that came back, sample for sample and in order, never before the caller said it,
            // and promptly after (the echo agent plays each frame as it comes; what arrived while the call was set
            // up queues back to back, as in Twilio's buffer). RtpEchoRecordedOnTheSlotClockTest pins the offset exactly.
            java.util.List<Integer> offsets = new java.util.ArrayList<>();
            int from = 0;
            int echoes = 0;
            for (int k = 0; k + 160 <= caller.length; k += 160) {
                short[] frame = RecordedWav.decodeUlaw(caller, k, 160);
                if (RecordedWav.silent(frame, 0, 160)) continue;
                int r = RecordedWav.indexOf(wav.right(), frame, from);
                assertThat(r).as("echo of the frame at %d ms", k / 8).isGreaterThanOrEqualTo(0);
                offsets.add(r - (left0 + k));
                from = r + 160;
                echoes++;
            }
            assertThat(offsets).as("samples from a frame on the left to its echo on the right").allSatisfy(o -> assertThat(o).isNotNegative());
            assertThat(offsets.stream().sorted().toList().get(offsets.size() / 2)).as("median echo delay, samples: %s", offsets)
                    .isLessThanOrEqualTo(1200);
            // And it is what the caller heard: the simulator's own model of Twilio's buffer has the same frames, in order.
            byte[] heardUlaw = result.heardAudio();
            short[] heard = RecordedWav.decodeUlaw(heardUlaw, 0, heardUlaw.length);
            int inHeard = 0;
            for (int k = 0; k + 160 <= caller.length; k += 160) {
                short[] frame = RecordedWav.decodeUlaw(caller, k, 160);
                if (RecordedWav.silent(frame, 0, 160)) continue;
                inHeard = RecordedWav.indexOf(heard, frame, inHeard);
                assertThat(inHeard).as("the frame at %d ms in what the simulator heard", k / 8).isGreaterThanOrEqualTo(0);
                inHeard += 160;
            }
            assertThat(echoes).isGreaterThan(100);
            // Nothing else was played: the right channel is those frames and silence.
            long loud = 0;
            for (short s : wav.right()) if (s != 0) loud++;
            long said16 = 0;
            for (short s : said) if (s != 0) said16++;
            assertThat(loud).isEqualTo(said16);

            // The transcript's clock is the file's: the DTMF key pressed with frame f is logged at that frame's time.
            await().until(() -> gw.get("/api/calls/" + id + "/transcript").json().path("entries").findValuesAsText("kind").contains("dtmf"));
            long keyFrame = FrameSchedule.spread(1, callMillis / 20)[0];
            for (JsonNode e : gw.get("/api/calls/" + id + "/transcript").json().path("entries")) {
                if (!e.path("kind").asText().equals("dtmf")) continue;
                long keyAtMs = (left0 + keyFrame * 160) / 8;
                assertThat(e.path("startMs").asLong()).as("dtmf startMs vs its frame in the file").isBetween(keyAtMs - 60, keyAtMs + 60);
            }
            Calls.awaitStatus(gw, id, "completed");
        }
    }
}
