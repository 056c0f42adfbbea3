package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeSpeechServer.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 24 kHz PCM cut at random points (odd byte counts included) reaches the listener in the leg's own
 * format, μ-law 8 kHz or L16 16 kHz, in whole 20 ms frames, as long as the speech was, with the
 * tone's pitch intact; and the request is exactly what OpenAI's API takes.
 */
class StreamedSpeechArrivesInLegFramesTest {
    private final SpeechFixture f = new SpeechFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void mulaw8kHz() throws Exception {
        check(AudioFormat.PCMU_8K, 160, 440);
        check(AudioFormat.PCMU_8K, 160, 1200);
    }

    @Test
    void l16At16kHz() throws Exception {
        check(AudioFormat.L16_16K, 640, 440);
        check(AudioFormat.L16_16K, 640, 3000);
    }

    private void check(AudioFormat leg, int frameBytes, double hz) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            int before = f.fake.served().size();
            // 1010 ms: not a whole number of frames, so the last one is a padded partial.
            f.fake.enqueue(Reply.pcm(seed).hz(hz).millis(400).millis(610));
            SpeechFixture.Started s = f.speak("Hello, how can I help?", leg);
            s.recorder().ended.get(10, TimeUnit.SECONDS);
            SpeechRecorder r = s.recorder();
            String as = leg + " " + hz + " Hz seed " + seed;
            assertThat(r.wrongContext).as(as).isNull();
            assertThat(r.frames).as(as).isNotEmpty().allSatisfy(frame -> {
                assertThat(frame.format()).isEqualTo(leg);
                assertThat(frame.data()).hasSize(frameBytes);
            });
            assertThat(r.millis()).as(as + ": duration").isEqualTo(1020);
            double measured = ToneMeter.hz(leg, r.audio());
            System.out.printf("%s: %d frames, %d ms, tone %.1f Hz measured%n", as, r.frames.size(), r.millis(), measured);
            assertThat(measured).as(as + ": pitch").isCloseTo(hz, within(hz * 0.01));
            var body = f.fake.served().get(before).body();
            assertThat(body.get("input").asText()).isEqualTo("Hello, how can I help?");
            assertThat(r.frames.stream().mapToInt(AudioChunk::durationMillis).distinct()).containsExactly(20);
        }
    }
}
