package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.Pcm16;
import dev.callbridge.audio.Wav;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * WAV as espeak-ng writes it to a pipe (22.05 kHz, placeholder sizes) becomes the same leg frames
 * however the pipe cuts it: inside the header, mid-sample, one byte at a time. Something that is
 * not WAV is refused; speech past the limit is cut.
 */
class WavFromAPipeInAnyPiecesTest {
    private static final AudioFormat ESPEAK = new AudioFormat(Encoding.L16, 22050);
    private static final Duration LIMIT = Duration.ofMinutes(1);

    @Test
    void anyCuttingGivesTheSameFrames() {
        byte[] wav = asEspeakWritesIt(tone(440, 1010));
        byte[] whole = frames(List.of(wav), AudioFormat.PCMU_8K);
        assertThat(whole.length).isEqualTo(160 * 51); // 1010 ms: 50 frames and a padded partial one
        assertThat(ToneMeter.hz(AudioFormat.PCMU_8K, whole)).isCloseTo(440, within(4.4));
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<byte[]> pieces = new ArrayList<>();
            for (int at = 0; at < wav.length; ) {
                int size = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(5000);
                pieces.add(Arrays.copyOfRange(wav, at, Math.min(wav.length, at + size)));
                at += size;
            }
            assertThat(frames(pieces, AudioFormat.PCMU_8K)).as("seed %d", seed).isEqualTo(whole);
        }
    }

    @Test
    void wideband() {
        byte[] audio = frames(List.of(asEspeakWritesIt(tone(3000, 400))), AudioFormat.L16_16K);
        assertThat(audio.length).isEqualTo(640 * 20);
        assertThat(ToneMeter.hz(AudioFormat.L16_16K, audio)).isCloseTo(3000, within(30.0));
    }

    @Test
    void nothingAtAllIsNoSpeech() {
        WavPipeToLeg pipe = new WavPipeToLeg(AudioFormat.PCMU_8K, LIMIT);
        assertThat(pipe.flush()).isEmpty();
        assertThat(pipe.started()).isFalse();
    }

    @Test
    void textIsRefusedAtItsEndOrAfterAHeadersWorth() {
        WavPipeToLeg shortText = new WavPipeToLeg(AudioFormat.PCMU_8K, LIMIT);
        assertThat(shortText.push("Error: something\n".getBytes())).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(shortText::flush).withMessageContaining("no RIFF/WAVE header");

        WavPipeToLeg longText = new WavPipeToLeg(AudioFormat.PCMU_8K, LIMIT);
        byte[] line = "not a wave file at all\n".repeat(20).getBytes();
        assertThatIllegalArgumentException().isThrownBy(() -> {
            for (int i = 0; i < 100; i++) longText.push(line);
        }).withMessageContaining("no WAV header in the first");
    }

    @Test
    void aRateTheResamplerCannotMakeIsRefused() {
        byte[] wav = Wav.encode(new AudioChunk(new AudioFormat(Encoding.L16, 44100), new byte[882]));
        assertThatIllegalArgumentException().isThrownBy(() -> new WavPipeToLeg(AudioFormat.PCMU_8K, LIMIT).push(wav))
                .withMessageContaining("44100");
    }

    @Test
    void speechPastTheLimitIsDropped() {
        WavPipeToLeg pipe = new WavPipeToLeg(AudioFormat.PCMU_8K, Duration.ofMillis(500));
        List<AudioChunk> frames = new ArrayList<>(pipe.push(asEspeakWritesIt(tone(440, 800))));
        assertThat(pipe.full()).isTrue();
        assertThat(pipe.push(new byte[4410])).isEmpty();
        pipe.flush().ifPresent(frames::add);
        assertThat(frames).hasSize(25);
    }

    private static byte[] frames(List<byte[]> pieces, AudioFormat leg) {
        WavPipeToLeg pipe = new WavPipeToLeg(leg, LIMIT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) pipe.push(piece).forEach(f -> out.writeBytes(f.data()));
        pipe.flush().ifPresent(f -> out.writeBytes(f.data()));
        assertThat(pipe.started()).isTrue();
        return out.toByteArray();
    }

    private static byte[] tone(double hz, int millis) {
        short[] s = new short[22050 * millis / 1000];
        for (int n = 0; n < s.length; n++) s[n] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * n / 22050));
        return Pcm16.fromShorts(s);
    }

    /** A WAV image with the placeholder sizes espeak-ng leaves when it writes to a pipe (its src/espeak-ng.c, OpenWavFile). */
    private static byte[] asEspeakWritesIt(byte[] pcm) {
        byte[] wav = Wav.encode(new AudioChunk(ESPEAK, pcm));
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, 0x7ffff024);
        b.putInt(40, 0x7ffff000);
        return wav;
    }
}
