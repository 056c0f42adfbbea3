package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import java.util.Set;

/**
 * The {@code output_format} asked of ElevenLabs for a leg, and what its bytes are. ElevenLabs
 * speaks the phone's own codecs, so a μ-law or A-law 8 kHz leg gets its audio as the vendor made it,
 * framed but never decoded or resampled; an L16 leg gets raw PCM at its own rate. Only a leg in
 * neither (G.711 at a wideband rate) gets PCM at its rate, encoded here.
 *
 * @param name   the query value, e.g. {@code ulaw_8000}
 * @param format what the decoded {@code audio} of each message is in
 */
record ElevenLabsOutputFormat(String name, AudioFormat format) {
    /** The raw PCM rates the stream-input socket offers ({@code pcm_<rate>}, 16-bit little-endian mono). */
    static final Set<Integer> PCM_RATES = Set.of(8000, 16000, 22050, 24000, 44100);

    static ElevenLabsOutputFormat forLeg(AudioFormat leg) {
        if (leg.equals(AudioFormat.PCMU_8K)) return new ElevenLabsOutputFormat("ulaw_8000", leg);
        if (leg.equals(AudioFormat.PCMA_8K)) return new ElevenLabsOutputFormat("alaw_8000", leg);
        int rate = PCM_RATES.contains(leg.sampleRate()) ? leg.sampleRate() : 24_000;
        return new ElevenLabsOutputFormat("pcm_" + rate, new AudioFormat(Encoding.L16, rate));
    }
}
