package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Chunks change format through PCM16 and the resampler; equal formats are not touched. */
class TranscoderTest {

    @Test
    void equalFormatsPassTheSameChunkThrough() {
        Transcoder transcoder = new Transcoder(AudioFormat.PCMU_8K, AudioFormat.PCMU_8K);
        AudioChunk chunk = new AudioChunk(AudioFormat.PCMU_8K, new byte[160]);
        assertThat(transcoder.isPassThrough()).isTrue();
        assertThat(transcoder.convert(chunk)).isSameAs(chunk);
    }

    @Test
    void sameRateChangesOnlyTheCoding() {
        byte[] pcm = Tones.sine(8000, 700, 20000, 160);
        byte[] ulaw = G711.pcm16ToUlaw(pcm);
        AudioChunk alaw = new Transcoder(AudioFormat.PCMU_8K, AudioFormat.PCMA_8K).convert(new AudioChunk(AudioFormat.PCMU_8K, ulaw));
        assertThat(alaw.format()).isEqualTo(AudioFormat.PCMA_8K);
        assertThat(alaw.data()).containsExactly(G711.pcm16ToAlaw(G711.ulawToPcm16(ulaw)));
    }

    @Test
    void pcmRateChangeIsTheResamplersOutput() {
        byte[] pcm = Tones.sine(16000, 700, 20000, 640);
        byte[] viaTranscoder = new Transcoder(AudioFormat.L16_16K, AudioFormat.L16_8K).convert(pcm);
        assertThat(viaTranscoder).containsExactly(Resampler.create(16000, 8000).process(pcm));
    }

    @Test
    void phoneToModelAndBackKeepsTheVoiceBand() {
        Transcoder toModel = new Transcoder(AudioFormat.PCMU_8K, AudioFormat.L16_24K);
        Transcoder toPhone = new Transcoder(AudioFormat.L16_24K, AudioFormat.PCMU_8K);
        byte[] ulaw = G711.pcm16ToUlaw(Tones.sine(8000, 1000, 16000, 8000));
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ByteArrayOutputStream phone = new ByteArrayOutputStream();
        for (int i = 0; i < ulaw.length; i += 160) {
            AudioChunk wide = toModel.convert(new AudioChunk(AudioFormat.PCMU_8K, java.util.Arrays.copyOfRange(ulaw, i, i + 160)));
            assertThat(wide.format()).isEqualTo(AudioFormat.L16_24K);
            assertThat(wide.data()).hasSize(960);
            model.writeBytes(wide.data());
            AudioChunk narrow = toPhone.convert(wide);
            assertThat(narrow.data()).hasSize(160);
            phone.writeBytes(narrow.data());
        }
        short[] wide = Pcm16.toShorts(model.toByteArray());
        assertThat(Tones.db(Tones.amplitudeAt(wide, 480, wide.length, 24000, 1000) / 16000)).isBetween(-0.5, 0.5);
        short[] back = Pcm16.toShorts(G711.ulawToPcm16(phone.toByteArray()));
        assertThat(Tones.db(Tones.amplitudeAt(back, 160, back.length, 8000, 1000) / 16000)).isBetween(-0.5, 0.5);
        // Two μ-law quantisations and two filters: the rest stays near μ-law's own noise floor (~ -38 dB).
        double total = Tones.rms(back, 160, back.length) * Math.sqrt(2);
        double tone = Tones.amplitudeAt(back, 160, back.length, 8000, 1000);
        assertThat(Tones.db(Math.sqrt(Math.max(0, total * total - tone * tone)) / tone)).isLessThan(-30);
    }

    @Test
    void refusesChunksInAnotherFormatAndUnsupportedRates() {
        Transcoder transcoder = new Transcoder(AudioFormat.PCMU_8K, AudioFormat.L16_16K);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> transcoder.convert(new AudioChunk(AudioFormat.PCMA_8K, new byte[160])))
                .withMessageContaining("PCMA");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Transcoder(AudioFormat.PCMU_8K, new AudioFormat(Encoding.L16, 48000)))
                .withMessageContaining("48000");
    }
}
