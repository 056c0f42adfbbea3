package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The point of this engine for phone legs: a μ-law (or A-law) 8 kHz leg asks ElevenLabs for
 * {@code ulaw_8000} ({@code alaw_8000}) and plays exactly the bytes ElevenLabs sent, nothing decoded
 * or resampled, in whole 160-byte frames however the messages were cut, the last one padded with
 * the codec's silence; whatever the seed does to the optional fields and to the stream's end.
 */
class ElevenLabsG711LegsGetTheVendorsBytesUntouchedTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void mulaw() throws Exception {
        for (long seed = 1; seed <= 8; seed++) check(AudioFormat.PCMU_8K, "ulaw_8000", seed);
    }

    @Test
    void alaw() throws Exception {
        for (long seed = 11; seed <= 14; seed++) check(AudioFormat.PCMA_8K, "alaw_8000", seed);
    }

    private void check(AudioFormat leg, String outputFormat, long seed) throws Exception {
        int n = f.fake.served().size();
        // 1010 ms: not a whole number of frames, so the last one is a padded partial.
        f.fake.enqueue(Reply.speech(seed).hz(700).millis(400).millis(610));
        SpeechFixture.Started s = f.speak("Hello, how can I help?", leg);
        s.recorder().ended.get(10, TimeUnit.SECONDS);
        SpeechRecorder r = s.recorder();
        FakeElevenLabs.Served served = f.served(n);
        String as = leg + " seed " + seed;
        assertThat(served.query.get("output_format")).as(as).isEqualTo(outputFormat);
        assertThat(r.wrongContext).as(as).isNull();
        assertThat(r.frames).as(as).isNotEmpty().allSatisfy(frame -> {
            assertThat(frame.format()).isEqualTo(leg);
            assertThat(frame.data()).hasSize(160);
        });
        assertThat(r.frames.stream().mapToInt(AudioChunk::durationMillis).distinct()).containsExactly(20);
        byte[] sent = served.audioSent();
        byte[] heard = r.audio();
        assertThat(sent).as(as).hasSize(8080);
        assertThat(heard).as(as).hasSize(8160);
        assertThat(Arrays.copyOf(heard, sent.length)).as(as + ": byte for byte").isEqualTo(sent);
        byte[] padding = Arrays.copyOfRange(heard, sent.length, heard.length);
        byte[] silence = new byte[padding.length];
        Arrays.fill(silence, leg.encoding().silenceByte());
        assertThat(padding).as(as + ": the padding is silence").isEqualTo(silence);
        assertThat(r.afterTheEnd).as(as).isZero();
        System.out.printf("%s: %d frames, %d bytes sent, identical; %s%n", as, r.frames.size(), sent.length, served.dress);
    }
}
