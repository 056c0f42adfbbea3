package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.G711;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.recording.RecordedWav;
import dev.callbridge.recording.Recordings;
import dev.callbridge.sim.CallerAudio;
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
 * A recorded realtime call with a barge-in: the fake model streams a long greeting much faster
 * than real time, the caller talks over it, the gateway sends {@code clear}. The recording's right
 * channel holds the greeting back to back up to where it was cut, as much of it as the caller
 * (the simulator's model of Twilio's buffer) heard, give or take a network trip; none of the
 * rest; then the answer, whole.
 */
class BargeInCutsTheRecordedPlaybackTest extends RealtimeFakeFixture {
    private static final byte GREETING = 0x5A;
    private static final byte ANSWER = 0x44;

    @TempDir
    Path dir;

    @Test
    void theRightChannelStopsWhereTheClearCutPlayback() throws Exception {
        fake.script().respond(ScriptedResponse.audio(ulaw(3000, GREETING), "Welcome to ACME, home of the finest anvils.").withChunkMs(200))
                .speech(1100, 2200, "Sorry, what are your hours?")
                .respond(ScriptedResponse.audio(ulaw(400, ANSWER), "Nine to five.").withChunkMs(100));
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("data"), "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                "OPENAI_REALTIME_URL", fake.url(), "AGENT_GREETING", "Welcome to ACME.", "RECORDING", "on")) {
            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
            var options = new TwilioCallSimulator.Options(target, CallerAudio.load(null), 4500, "", "+15551230000", "+15559870000");
            SimulationResult result = new TwilioCallSimulator(gw.vertx, options, PlaybackClock.system(), new SplittableRandom(3),
                    counters -> { }).run().await();
            assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
            assertThat(result.counters().clears()).isEqualTo(1);
            String id = result.callId();
            Calls.awaitStatus(gw, id, "completed");
            JsonNode recording = Recordings.awaitRecording(gw, id);
            assertThat(recording.path("complete").asBoolean()).isTrue();
            RecordedWav wav = RecordedWav.parse(Recordings.download(gw, id));

            short greeting = G711.ulawToLinear(GREETING);
            short answer = G711.ulawToLinear(ANSWER);
            short[] right = wav.right();
            int first = -1;
            int last = -1;
            long greetingSamples = 0;
            long answerSamples = 0;
            int firstAnswer = -1;
            for (int i = 0; i < right.length; i++) {
                if (right[i] == greeting) {
                    if (first < 0) first = i;
                    last = i;
                    greetingSamples++;
                } else if (right[i] == answer) {
                    if (firstAnswer < 0) firstAnswer = i;
                    answerSamples++;
                }
            }
            long heardGreeting = count(result.heardAudio(), GREETING);
            assertThat(greetingSamples).as("the greeting was cut: not all 3 s of it").isLessThan(3000 * 8);
            assertThat(last - first + 1).as("back to back up to the cut").isEqualTo((int) greetingSamples);
            // The two models start and cut a network trip apart (the gateway's when it sends, the simulator's when it
            // receives); on a loaded machine those trips differ by tens of milliseconds.
            assertThat(greetingSamples).as("as much as the caller heard (%d), give or take the trips", heardGreeting)
                    .isBetween(heardGreeting - 800, heardGreeting + 800);
            assertThat(answerSamples).as("the answer, whole").isEqualTo(400 * 8);
            assertThat(firstAnswer).isGreaterThan(last);
            assertThat(RecordedWav.silent(right, last + 1, firstAnswer)).as("nothing of the cut greeting after the cut").isTrue();
        }
    }

    private static long count(byte[] audio, byte value) {
        long n = 0;
        for (byte b : audio) if (b == value) n++;
        return n;
    }
}
